package org.airouter.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.airouter.configfile.ConfigDiff;
import org.airouter.configfile.ConfigFileParser;
import org.airouter.configfile.ConfigTransfer;
import org.airouter.testing.DatabaseTarget;
import org.airouter.testing.PerDatabase;
import org.airouter.testing.RouterParts;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Admin tokens, the generated admin password and the import diff, on H2, PostgreSQL and MariaDB (V3 migration). */
@Tag("db")
class AdminSecurityTest {
  @RegisterExtension static final PerDatabase DATABASES = new PerDatabase();
  @TempDir Path dataDir;

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void tokensAreStoredHashedCheckedAndRevoked(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    AdminTokens tokens = new AdminTokens(parts.jpa(), parts.secrets().keyHash());
    AdminTokens.Issued issued = tokens.create("ci");

    assertTrue(issued.token().startsWith("art-"), issued.token());
    assertFalse(issued.toString().contains(issued.token()));
    String raw = parts.scratch().query("select * from admin_token", rs -> {
      StringBuilder all = new StringBuilder();
      while (rs.next()) for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) all.append(rs.getString(i)).append('|');
      return all.toString();
    });
    assertFalse(raw.contains(issued.token().substring(8)), raw);
    assertEquals(AdminTokens.Check.VALID, tokens.check(issued.token()));
    assertTrue(tokens.all().get(0).lastUsedAt() != null, "last use recorded");
    assertEquals(AdminTokens.Check.UNKNOWN, tokens.check(issued.token() + "x"));
    assertEquals(AdminTokens.Check.UNKNOWN, tokens.check(null));
    assertThrows(AdminTokens.DuplicateTokenName.class, () -> tokens.create("ci"));
    assertThrows(AdminTokens.InvalidAdminToken.class, () -> tokens.create(" "));

    tokens.revoke(issued.stored().id());
    assertEquals(AdminTokens.Check.REVOKED, tokens.check(issued.token()));
    assertTrue(tokens.all().get(0).revoked());
    assertThrows(AdminTokens.AdminTokenNotFound.class, () -> tokens.revoke(987654));
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void generatedPasswordIsStoredAsPbkdf2AndSharedByTheNextStart(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    AdminPasswords first = AdminPasswords.load(Optional.empty(), parts.jpa(), 1000, dataDir);
    String stored = parts.scratch().query("select secret from admin_secret", rs -> rs.next() ? rs.getString(1) : null);
    assertTrue(stored.startsWith("pbkdf2-sha256$1000$"), stored);
    AdminPasswords second = AdminPasswords.load(Optional.empty(), parts.jpa(), 1000, dataDir);
    assertEquals(1L, parts.count("admin_secret"), "generated once");
    assertFalse(first.matches("guess"));
    assertFalse(second.matches(""));

    AdminPasswords configured = AdminPasswords.load(Optional.of("configured-pw"), parts.jpa(), 1000, dataDir);
    assertTrue(configured.matches("configured-pw"));
    assertTrue(configured.matches("configured-pw"), "the remembered digest path");
    assertFalse(configured.matches("configured-pwx"));
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void importDiffTellsAddedChangedAndUnchangedWithoutWriting(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    ConfigTransfer transfer = new ConfigTransfer(parts.jpa(), parts.routes(), parts.keys(), parts.secrets().box());
    String doc = "{\"routes\":[{\"name\":\"a\",\"match\":\"exact\",\"pattern\":\"m\",\"baseUrl\":\"http://h\",\"apiKey\":\"sk-1\"}],"
        + "\"clientKeys\":[{\"name\":\"k\",\"key\":\"ar-key-00000001\"}]}";
    assertEquals(2, transfer.diff(ConfigFileParser.parse(doc)).count(ConfigDiff.Kind.ADDED));
    assertEquals(0L, parts.count("route"), "a diff writes nothing");

    transfer.importDocument(ConfigFileParser.parse(doc));
    assertEquals(2, transfer.diff(ConfigFileParser.parse(doc)).count(ConfigDiff.Kind.UNCHANGED));
    ConfigDiff changed = transfer.diff(ConfigFileParser.parse(doc.replace("sk-1", "sk-2").replace("00000001", "00000002")));
    assertEquals(List.of("apiKey"), changed.changes().get(0).fields());
    assertEquals(List.of("key"), changed.changes().get(1).fields());
    assertFalse(transfer.export(false).toString().contains("sk-1"));
    assertTrue(transfer.export(true).toString().contains("sk-1"));
    assertFalse(transfer.export(true).toString().contains("ar-key-00000001"), "client keys only as hashes");
  }
}
