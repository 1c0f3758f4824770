package org.airouter.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.airouter.testing.DatabaseTarget;
import org.airouter.testing.PerDatabase;
import org.airouter.testing.RouterParts;
import org.airouter.validation.Problem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("db")
class ClientKeyServiceTest {
  @RegisterExtension static final PerDatabase DATABASES = new PerDatabase();

  private static ClientKeySpec spec(String name) { return new ClientKeySpec(name, List.of(), null, true); }

  private static String rawRows(RouterParts parts) {
    return parts.scratch().query("select * from client_key", rs -> {
      StringBuilder all = new StringBuilder();
      while (rs.next()) for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) all.append(rs.getString(i)).append('|');
      return all.toString();
    });
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void issueReturnsTheFullKeyOnceAndStoresOnlyHashAndPrefix(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    long version = parts.configVersion();
    IssuedKey issued = parts.keys().issue(new ClientKeySpec("team-a", List.of("gpt-*"), null, true));

    assertTrue(issued.key().matches("ar-[A-Za-z0-9_-]{43}"), issued.key());
    assertFalse(issued.toString().contains(issued.key()));
    ClientKey stored = parts.keys().find(issued.stored().id()).orElseThrow();
    assertEquals(issued.key().substring(0, 8), stored.prefix());
    assertEquals(List.of("gpt-*"), stored.allowedModels());
    String raw = rawRows(parts);
    assertFalse(raw.contains(issued.key()), raw);
    assertFalse(raw.contains(issued.key().substring(8)), "nothing beyond the prefix: " + raw);
    assertTrue(raw.contains(parts.secrets().keyHash().of(issued.key())), "the keyed hash is what is stored");
    assertTrue(parts.configVersion() > version);
    assertInstanceOf(KeyCheck.Valid.class, parts.keys().check(issued.key()), "usable at once (reload callback)");
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void duplicateNameIsRefused(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    parts.keys().issue(spec("team-a"));
    assertThrows(ClientKeyService.DuplicateKeyName.class, () -> parts.keys().issue(spec("team-a")));
    IssuedKey b = parts.keys().issue(spec("team-b"));
    assertThrows(ClientKeyService.DuplicateKeyName.class,
        () -> parts.keys().update(b.stored().id(), spec("team-a"), null));
    assertEquals(2, parts.count("client_key"));
    assertThrows(ClientKeyService.InvalidClientKey.class, () -> parts.keys().issue(spec(" ")));
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void importByNameIsIdempotentAndReKeysWhenTheKeyChanges(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    ClientKey first = parts.keys().importKey(spec("ops"), "ops-key-number-one");
    ClientKey again = parts.keys().importKey(spec("ops"), "ops-key-number-one");
    assertEquals(first.id(), again.id());
    assertEquals(1, parts.count("client_key"));
    assertInstanceOf(KeyCheck.Valid.class, parts.keys().check("ops-key-number-one"));

    ClientKey rekeyed = parts.keys().importKey(new ClientKeySpec("ops", List.of("o1"), null, true), "ops-key-number-two");
    assertEquals(first.id(), rekeyed.id());
    assertEquals(1, parts.count("client_key"));
    assertEquals("ops", rekeyed.prefix(), "short operator keys show only 3 characters");
    assertEquals(List.of("o1"), parts.keys().find(first.id()).orElseThrow().allowedModels());
    assertInstanceOf(KeyCheck.Unknown.class, parts.keys().check("ops-key-number-one"));
    assertInstanceOf(KeyCheck.Valid.class, parts.keys().check("ops-key-number-two"));
    assertFalse(rawRows(parts).contains("ops-key-number-two"));
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void sameKeyUnderAnotherNameIsRefused(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    parts.keys().importKey(spec("one"), "shared-key-value");
    ClientKeyService.InvalidClientKey e = assertThrows(ClientKeyService.InvalidClientKey.class,
        () -> parts.keys().importKey(spec("two"), "shared-key-value"));
    assertEquals(List.of("key: the same key is already stored under another name"), texts(e.problems()));
    assertEquals(1, parts.count("client_key"));
    assertThrows(ClientKeyService.InvalidClientKey.class, () -> parts.keys().importKey(spec("three"), "short"));
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void disabledKeyIsInactiveUntilEnabledAgain(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    IssuedKey issued = parts.keys().issue(spec("k"));
    long version = parts.configVersion();
    assertFalse(parts.keys().setEnabled(issued.stored().id(), false).enabled());
    assertTrue(parts.configVersion() > version);
    assertInstanceOf(KeyCheck.Inactive.class, parts.keys().check(issued.key()));
    parts.keys().setEnabled(issued.stored().id(), true);
    assertInstanceOf(KeyCheck.Valid.class, parts.keys().check(issued.key()));
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void deletedKeyIsUnknown(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    IssuedKey issued = parts.keys().issue(spec("k"));
    parts.keys().delete(issued.stored().id());
    assertTrue(parts.keys().find(issued.stored().id()).isEmpty());
    assertInstanceOf(KeyCheck.Unknown.class, parts.keys().check(issued.key()));
    assertThrows(ClientKeyService.ClientKeyNotFound.class, () -> parts.keys().delete(issued.stored().id()));
    assertThrows(ClientKeyService.ClientKeyNotFound.class, () -> parts.keys().setEnabled(issued.stored().id(), true));
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void checkAfterReloadTellsValidUnknownDisabledAndExpired(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    Instant now = Instant.now();
    String valid = parts.keys().issue(new ClientKeySpec("valid", List.of(), now.plusSeconds(3600), true)).key();
    String disabled = parts.keys().issue(new ClientKeySpec("disabled", List.of(), null, false)).key();
    String expired = parts.keys().issue(new ClientKeySpec("expired", List.of(), now.minusSeconds(1), true)).key();

    // A service that has never loaded knows nothing; reload reads what the database holds.
    ClientKeyService fresh = new ClientKeyService(parts.jpa(), parts.secrets().keyHash(), () -> { });
    assertInstanceOf(KeyCheck.Unknown.class, fresh.check(valid));
    fresh.reload();

    KeyCheck.Valid check = assertInstanceOf(KeyCheck.Valid.class, fresh.check(valid));
    assertEquals("valid", check.key().name());
    assertEquals(now.plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS),
        check.key().expiresAt().truncatedTo(ChronoUnit.SECONDS), "the expiry survives the round trip in UTC");
    assertInstanceOf(KeyCheck.Inactive.class, fresh.check(disabled));
    assertInstanceOf(KeyCheck.Inactive.class, fresh.check(expired));
    assertInstanceOf(KeyCheck.Unknown.class, fresh.check(ClientKeyFormat.generate()));
    assertInstanceOf(KeyCheck.Unknown.class, fresh.check(null));
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void allowedEndpointsSurviveTheDatabaseAndReachTheHotPath(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    IssuedKey files = parts.keys().issue(new ClientKeySpec("files", List.of("m"), List.of("chat", "files"), null, true));
    IssuedKey limited = parts.keys().issue(new ClientKeySpec("limited", List.of("m"), null, true));
    assertEquals(List.of("chat", "files"), parts.keys().find(files.stored().id()).orElseThrow().allowedEndpoints());
    assertNull(parts.keys().find(limited.stored().id()).orElseThrow().allowedEndpoints());

    ClientKeyService fresh = new ClientKeyService(parts.jpa(), parts.secrets().keyHash(), () -> { });
    fresh.reload();
    ActiveKey filesKey = assertInstanceOf(KeyCheck.Valid.class, fresh.check(files.key())).key();
    assertTrue(filesKey.mayReach(EndpointGroup.FILES));
    assertFalse(filesKey.mayReach(EndpointGroup.EMBEDDINGS));
    ActiveKey limitedKey = assertInstanceOf(KeyCheck.Valid.class, fresh.check(limited.key())).key();
    assertFalse(limitedKey.mayReach(EndpointGroup.FILES));
    assertTrue(limitedKey.mayReach(EndpointGroup.EMBEDDINGS));

    long version = parts.keys().find(files.stored().id()).orElseThrow().version();
    parts.keys().update(files.stored().id(), new ClientKeySpec("files", List.of("m"), null, true), version);
    assertNull(parts.keys().find(files.stored().id()).orElseThrow().allowedEndpoints(), "back to the default");
    assertFalse(assertInstanceOf(KeyCheck.Valid.class, parts.keys().check(files.key())).key()
        .mayReach(EndpointGroup.FILES));
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void unknownEndpointNamesAreRefusedAndNothingIsStored(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    ClientKeyService.InvalidClientKey e = assertThrows(ClientKeyService.InvalidClientKey.class,
        () -> parts.keys().issue(new ClientKeySpec("k", List.of(), List.of("filez"), null, true)));
    assertTrue(texts(e.problems()).get(0).startsWith("allowedEndpoints: 'filez' is not an endpoint name"), e.getMessage());
    assertThrows(ClientKeyService.InvalidClientKey.class,
        () -> parts.keys().importKey(new ClientKeySpec("k", List.of(), List.of("filez"), null, true), "long-enough-key"));
    assertEquals(0, parts.count("client_key"));
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void flushLastUsedWritesLastUsedAt(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    IssuedKey used = parts.keys().issue(spec("used"));
    IssuedKey idle = parts.keys().issue(spec("idle"));
    assertNull(parts.keys().find(used.stored().id()).orElseThrow().lastUsedAt());

    Instant before = Instant.now().minusSeconds(1);
    parts.keys().check(used.key());
    parts.keys().flushLastUsed();

    Instant lastUsed = parts.keys().find(used.stored().id()).orElseThrow().lastUsedAt();
    assertNotNull(lastUsed);
    assertTrue(lastUsed.isAfter(before) && lastUsed.isBefore(Instant.now().plusSeconds(1)), lastUsed.toString());
    assertNull(parts.keys().find(idle.stored().id()).orElseThrow().lastUsedAt());
    parts.keys().flushLastUsed();   // nothing gathered since: no write, no failure
    assertEquals(lastUsed, parts.keys().find(used.stored().id()).orElseThrow().lastUsedAt());
  }

  /** Each problem as the admin API's message words it. */
  private static List<String> texts(List<Problem> problems) {
    return problems.stream().map(Problem::toString).toList();
  }
}
