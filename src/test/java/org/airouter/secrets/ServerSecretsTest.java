package org.airouter.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerSecretsTest {
  @TempDir Path dataDir;

  private static String base64Key(int seed) {
    byte[] key = new byte[32];
    new Random(seed).nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  @Test
  void generatedSecretFilesAreOwnerOnly() throws Exception {
    Path nested = dataDir.resolve("not/yet/there");
    ServerSecrets.load(nested, Optional.empty(), Optional.empty());
    for (String name : new String[] {"master.key", "key-hash.secret"}) {
      Path file = nested.resolve(name);
      assertTrue(Files.exists(file), name);
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), name);
      assertEquals(32, Base64.getDecoder().decode(Files.readString(file).trim()).length, name);
    }
    try (var files = Files.list(nested)) {
      assertEquals(2, files.count(), "no temporary files left behind");
    }
  }

  @Test
  void generatedSecretsAreReusedOnTheNextLoad() throws Exception {
    ServerSecrets first = ServerSecrets.load(dataDir, Optional.empty(), Optional.empty());
    String master = Files.readString(dataDir.resolve("master.key"));
    String hashSecret = Files.readString(dataDir.resolve("key-hash.secret"));
    String sealed = first.box().seal("sk-provider");
    String hash = first.keyHash().of("ar-client");

    ServerSecrets second = ServerSecrets.load(dataDir, Optional.empty(), Optional.empty());

    assertEquals(master, Files.readString(dataDir.resolve("master.key")));
    assertEquals(hashSecret, Files.readString(dataDir.resolve("key-hash.secret")));
    assertEquals("sk-provider", second.box().open(sealed));
    assertEquals(hash, second.keyHash().of("ar-client"));
  }

  @Test
  void givenSecretsAreUsedAndNothingIsWritten() throws Exception {
    ServerSecrets secrets = ServerSecrets.load(dataDir, Optional.of(base64Key(1)), Optional.of(base64Key(2)));
    assertEquals("k1", secrets.box().currentKeyId());
    assertFalse(Files.exists(dataDir.resolve("master.key")));
    assertFalse(Files.exists(dataDir.resolve("key-hash.secret")));
    ServerSecrets again = ServerSecrets.load(dataDir, Optional.of(base64Key(1)), Optional.of(base64Key(2)));
    assertEquals("sk-p", again.box().open(secrets.box().seal("sk-p")));
    assertEquals(secrets.keyHash().of("ar-c"), again.keyHash().of("ar-c"));
  }

  @Test
  void firstOfSeveralMasterKeysIsCurrentAndTheOthersStillOpen() {
    String old = "2025:" + base64Key(1);
    String sealedWithOld = ServerSecrets.load(dataDir, Optional.of(old), Optional.of(base64Key(3))).box().seal("sk-o");
    ServerSecrets rotated = ServerSecrets.load(dataDir,
        Optional.of("2026:" + base64Key(2) + ", " + old), Optional.of(base64Key(3)));
    assertEquals("2026", rotated.box().currentKeyId());
    assertEquals("sk-o", rotated.box().open(sealedWithOld));
  }

  @Test
  void masterKeyOfTheWrongLengthIsRefused() {
    String short16 = Base64.getEncoder().encodeToString(new byte[16]);
    assertThrows(IllegalArgumentException.class,
        () -> ServerSecrets.load(dataDir, Optional.of(short16), Optional.of(base64Key(3))));
  }
}
