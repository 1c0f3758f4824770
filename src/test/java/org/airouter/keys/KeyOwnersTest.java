package org.airouter.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.airouter.testing.DatabaseTarget;
import org.airouter.testing.PerDatabase;
import org.airouter.testing.RouterParts;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Owners of client keys (V14): stored, listed per owner, revoked one by its owner only, or all of an owner at once. */
@Tag("db")
class KeyOwnersTest {
  @RegisterExtension static final PerDatabase DATABASES = new PerDatabase();

  private static ClientKeySpec spec(String name) { return new ClientKeySpec(name, List.of(), null, true); }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void aKeyKeepsItsOwnerAndAKeyWithoutOneHasNone(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    IssuedKey owned = parts.keys().issue(spec("alice-1"), "alice");
    IssuedKey unowned = parts.keys().issue(spec("from-a-token"));
    assertEquals("alice", parts.keys().find(owned.stored().id()).orElseThrow().owner());
    assertNull(parts.keys().find(unowned.stored().id()).orElseThrow().owner());
    assertEquals(List.of("alice-1"), parts.keys().ownedBy("alice").stream().map(ClientKey::name).toList());
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void onlyTheOwnerRevokesTheirKeyAnotherSeesNotFound(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    IssuedKey alices = parts.keys().issue(spec("alice-2"), "alice");
    long id = alices.stored().id();
    assertThrows(ClientKeyService.ClientKeyNotFound.class, () -> parts.keys().revokeOwned(id, "bob"));
    assertThrows(ClientKeyService.ClientKeyNotFound.class, () -> parts.keys().revokeOwned(id, null));
    assertInstanceOf(KeyCheck.Valid.class, parts.keys().check(alices.key()), "bob's attempt changed nothing");

    assertFalse(parts.keys().revokeOwned(id, "alice").enabled());
    assertFalse(parts.keys().check(alices.key()) instanceof KeyCheck.Valid, "refused at once (reloaded)");
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void revokingAllOfAnOwnerLeavesOtherKeysAlone(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    IssuedKey a1 = parts.keys().issue(spec("leaver-1"), "leaver");
    IssuedKey a2 = parts.keys().issue(spec("leaver-2"), "leaver");
    parts.keys().revokeOwned(a2.stored().id(), "leaver");
    IssuedKey other = parts.keys().issue(spec("stayer-1"), "stayer");
    long version = parts.configVersion();

    List<ClientKey> revoked = parts.keys().revokeAllOwnedBy("leaver");
    assertEquals(List.of("leaver-1"), revoked.stream().map(ClientKey::name).toList(), "only what was still active");
    assertFalse(parts.keys().check(a1.key()) instanceof KeyCheck.Valid);
    assertInstanceOf(KeyCheck.Valid.class, parts.keys().check(other.key()));
    assertTrue(parts.configVersion() > version, "other instances reload");
    assertEquals(List.of(), parts.keys().revokeAllOwnedBy("leaver"), "a second time: nothing left");
  }
}
