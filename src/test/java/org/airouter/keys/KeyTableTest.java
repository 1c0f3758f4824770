package org.airouter.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.airouter.secrets.KeyHash;
import org.airouter.testing.Entities;
import org.junit.jupiter.api.Test;

class KeyTableTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final KeyHash HASHER = new KeyHash(secret());

  private static byte[] secret() {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) 3);
    return bytes;
  }

  private static ClientKey stored(long id, String key, List<String> allowed, Instant expiresAt, boolean enabled) {
    ClientKey stored = Entities.withId(
        new ClientKey("key-" + id, ClientKeyFormat.displayPrefix(key), HASHER.of(key)), id);
    stored.apply(new ClientKeySpec("key-" + id, allowed, expiresAt, enabled));
    return stored;
  }

  private final String valid = ClientKeyFormat.generate();
  private final String expired = ClientKeyFormat.generate();
  private final String disabled = ClientKeyFormat.generate();
  private final String restricted = ClientKeyFormat.generate();
  private final KeyTable table = KeyTable.of(List.of(
      stored(1, valid, List.of(), NOW.plusSeconds(60), true),
      stored(2, expired, List.of(), NOW.minusSeconds(60), true),
      stored(3, disabled, List.of(), null, false),
      stored(4, restricted, List.of("gpt-4o-mini", "claude-*"), null, true)));

  @Test
  void knownActiveKeyIsValidWithItsStoredDetails() {
    KeyCheck.Valid check = assertInstanceOf(KeyCheck.Valid.class, table.check(valid, HASHER, NOW));
    assertEquals(1, check.key().id());
    assertEquals("key-1", check.key().name());
    assertEquals(valid.substring(0, 8), check.key().prefix());
  }

  @Test
  void allowedModelsTravelWithTheValidKey() {
    KeyCheck.Valid check = assertInstanceOf(KeyCheck.Valid.class, table.check(restricted, HASHER, NOW));
    assertEquals(true, check.key().mayUse("gpt-4o-mini"));
    assertEquals(true, check.key().mayUse("claude-3-opus"));
    assertEquals(false, check.key().mayUse("gpt-4o"));
  }

  @Test
  void endpointReachTravelsWithTheValidKey() {
    KeyCheck.Valid limited = assertInstanceOf(KeyCheck.Valid.class, table.check(restricted, HASHER, NOW));
    assertEquals(true, limited.key().mayReach(EndpointGroup.CHAT));
    assertEquals(false, limited.key().mayReach(EndpointGroup.FILES), "models limited: inference only");
    KeyCheck.Valid open = assertInstanceOf(KeyCheck.Valid.class, table.check(valid, HASHER, NOW));
    assertEquals(true, open.key().mayReach(EndpointGroup.FILES), "no model list: today's reach");
  }

  @Test
  void expiredKeyIsInactive() {
    assertInstanceOf(KeyCheck.Inactive.class, table.check(expired, HASHER, NOW));
  }

  @Test
  void disabledKeyIsInactive() {
    assertInstanceOf(KeyCheck.Inactive.class, table.check(disabled, HASHER, NOW));
  }

  @Test
  void unknownMissingOrOversizedKeyIsUnknown() {
    assertInstanceOf(KeyCheck.Unknown.class, table.check(ClientKeyFormat.generate(), HASHER, NOW));
    assertInstanceOf(KeyCheck.Unknown.class, table.check(valid + "x", HASHER, NOW));
    assertInstanceOf(KeyCheck.Unknown.class, table.check(valid.substring(0, 20), HASHER, NOW));
    assertInstanceOf(KeyCheck.Unknown.class, table.check(null, HASHER, NOW));
    assertInstanceOf(KeyCheck.Unknown.class, table.check("", HASHER, NOW));
    assertInstanceOf(KeyCheck.Unknown.class, table.check("x".repeat(513), HASHER, NOW));
  }

  @Test
  void keyHashedWithAnotherSecretIsUnknown() {
    byte[] other = secret();
    other[0] = 9;
    assertInstanceOf(KeyCheck.Unknown.class, table.check(valid, new KeyHash(other), NOW));
  }

  @Test
  void emptyTableKnowsNoKey() {
    assertEquals(0, KeyTable.EMPTY.size());
    assertInstanceOf(KeyCheck.Unknown.class, KeyTable.EMPTY.check(valid, HASHER, NOW));
    assertEquals(4, table.size());
  }
}
