package org.airouter.app;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.airouter.persistence.InstanceChecks;
import org.airouter.provider.ProviderKind;
import org.airouter.routing.MatchKind;
import org.airouter.routing.RouteSpec;
import org.airouter.secrets.ServerSecrets;
import org.airouter.testing.DatabaseTarget;
import org.airouter.testing.PerDatabase;
import org.airouter.testing.RouterParts;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Two instances on one database: the second, with secrets of its own, is refused before it writes anything. */
@Tag("db")
class SecretCheckTest {
  @RegisterExtension static final PerDatabase DATABASES = new PerDatabase();
  @TempDir Path first;
  @TempDir Path second;

  static SecretCheck check(RouterParts parts, ServerSecrets secrets, Path dataDir) {
    return new SecretCheck(new InstanceChecks(parts.jpa()), parts.jpa(), secrets, dataDir, "the test database");
  }

  static ServerSecrets generatedIn(Path dataDir) { return ServerSecrets.load(dataDir, Optional.empty(), Optional.empty()); }

  static String checkRows(RouterParts parts) {
    return parts.scratch().query("select name, check_value, written_by from instance_check order by name", rs -> {
      StringBuilder rows = new StringBuilder();
      while (rs.next()) rows.append(rs.getString(1)).append('=').append(rs.getString(2)).append(" by ")
          .append(rs.getString(3)).append('\n');
      return rows.toString();
    });
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void anInstanceWithOtherSecretsIsRefusedWithWhatToCopyWhereAndWritesNothing(DatabaseTarget target) throws Exception {
    RouterParts parts = DATABASES.clean(target);
    check(parts, generatedIn(first), first).verify();   // the first instance leaves its check values
    String rows = checkRows(parts);
    assertTrue(rows.contains("master-key=v1.local.") && rows.contains("key-hash-secret=hmac-sha256:"), rows);
    assertTrue(rows.contains("data directory " + first.toAbsolutePath()), rows);
    String masterFile = Files.readString(first.resolve("master.key")).trim();
    assertTrue(!rows.contains(masterFile), "the secret itself is never stored");

    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> check(parts, generatedIn(second), second).verify());

    String message = refused.getMessage();
    for (String needed : List.of("master key differs", "key-hash secret differs", "master.key", "key-hash.secret",
        first.toAbsolutePath().toString(), second.toAbsolutePath().toString(), "airouter.master-key",
        "AIROUTER_MASTER_KEY", "airouter.key-hash-secret", "AIROUTER_KEY_HASH_SECRET", "Nothing was written")) {
      assertTrue(message.contains(needed), () -> "'" + needed + "' missing from: " + message);
    }
    assertEquals(rows, checkRows(parts), "the refused instance wrote nothing");

    // What the message says to do: copy the two files over, and the same instance starts.
    for (String file : List.of("master.key", "key-hash.secret")) {
      Files.copy(first.resolve(file), second.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    assertDoesNotThrow(() -> check(parts, generatedIn(second), second).verify());
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void onlyTheKeyHashSecretDifferingIsRefusedToo(DatabaseTarget target) throws Exception {
    RouterParts parts = DATABASES.clean(target);
    check(parts, generatedIn(first), first).verify();
    Files.copy(first.resolve("master.key"), second.resolve("master.key"));

    String message = assertThrows(IllegalStateException.class,
        () -> check(parts, generatedIn(second), second).verify()).getMessage();

    assertTrue(message.contains("key-hash secret differs") && !message.contains("master key differs"), message);
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void aRotatedMasterKeyPassesAndTheCheckFollowsTheNewKey(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    String oldKey = base64(1);
    String newKey = base64(2);
    String hash = base64(3);
    check(parts, ServerSecrets.load(first, Optional.of("k1:" + oldKey), Optional.of(hash)), first).verify();

    check(parts, ServerSecrets.load(first, Optional.of("k2:" + newKey + ",k1:" + oldKey), Optional.of(hash)), first)
        .verify();

    assertTrue(checkRows(parts).contains("master-key=v1.k2."), checkRows(parts));
    assertDoesNotThrow(() -> check(parts, ServerSecrets.load(first, Optional.of("k2:" + newKey), Optional.of(hash)),
        first).verify(), "once every instance has the new key, the old one may go");
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void aDatabaseFromBeforeCheckValuesIsCheckedAgainstAStoredProviderKey(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);   // its routes are sealed with the parts' own generated master key
    parts.routes().save(new RouteSpec("openai", MatchKind.EXACT, "gpt-4o",
        ProviderKind.OPENAI,
        "https://api.openai.com/v1", "sk-provider-key", null, false, true));

    String message = assertThrows(IllegalStateException.class,
        () -> check(parts, generatedIn(second), second).verify()).getMessage();

    assertTrue(message.contains("a provider key stored in the database does not open"), message);
    assertEquals("", checkRows(parts), "nothing written");
  }

  static String base64(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return Base64.getEncoder().encodeToString(key);
  }
}
