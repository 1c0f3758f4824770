package org.airouter.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.airouter.testing.DatabaseTarget;
import org.airouter.testing.LogCapture;
import org.airouter.testing.PerDatabase;
import org.airouter.testing.RouterParts;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A generated admin password is written once to a file only its owner can read, and announced in a banner. */
@Tag("db")
class AdminPasswordFileTest {
  @RegisterExtension static final PerDatabase DATABASES = new PerDatabase();
  @TempDir Path dataDir;

  @Test void theFirstStartWritesTheGeneratedPasswordToAnOwnerOnlyFileAndTheNextStartsLeaveIt() throws Exception {
    RouterParts parts = DATABASES.clean(DatabaseTarget.H2);
    Path file = dataDir.resolve(AdminPasswords.PASSWORD_FILE);
    LogCapture log = LogCapture.start();
    AdminPasswords first;
    try {
      first = AdminPasswords.load(Optional.empty(), parts.jpa(), 1000, dataDir);
    } finally {
      log.close();
    }
    String logged = String.join("\n", log.lines());

    String password = Files.readString(file).strip();
    assertTrue(first.matches(password), "the file holds the password that works");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(logged.contains(password), "the banner shows it too");
    assertTrue(logged.contains(file.toString()), "and says where the file is");

    FileTime written = Files.getLastModifiedTime(file);
    Files.setLastModifiedTime(file, FileTime.fromMillis(written.toMillis() - 60_000));
    FileTime aged = Files.getLastModifiedTime(file);
    AdminPasswords second = AdminPasswords.load(Optional.empty(), parts.jpa(), 1000, dataDir);

    assertTrue(second.matches(password), "the next start uses the stored hash");
    assertEquals(aged, Files.getLastModifiedTime(file), "and does not write the file again");
    assertEquals(password, Files.readString(file).strip());
  }

  @Test void aConfiguredPasswordWritesNoFile() {
    RouterParts parts = DATABASES.clean(DatabaseTarget.H2);

    AdminPasswords.load(Optional.of("chosen-by-the-operator"), parts.jpa(), 1000, dataDir);

    assertFalse(Files.exists(dataDir.resolve(AdminPasswords.PASSWORD_FILE)));
  }

  @Test void theBannerCannotBeMissed() {
    Path file = Path.of("/data/ai-router", AdminPasswords.PASSWORD_FILE);

    String banner = AdminPasswords.banner("s3cr3t-generated", file);

    String[] lines = banner.strip().split("\n");
    assertTrue(lines[0].matches("\\*{40,}"), "a rule of stars opens it: " + lines[0]);
    assertTrue(lines[lines.length - 1].matches("\\*{40,}"), "and closes it");
    assertTrue(banner.contains("\n*      s3cr3t-generated\n"), "the password on a line of its own: " + banner);
    assertTrue(banner.contains("user \"admin\""), banner);
    assertTrue(banner.contains(file.toString()), banner);
    assertTrue(banner.contains("airouter.admin-password"), "how to choose one instead: " + banner);
  }
}
