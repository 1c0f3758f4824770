package org.airouter.configfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.airouter.keys.ClientKeySpec;
import org.airouter.keys.KeyCheck;
import org.airouter.persistence.InstanceChecks;
import org.airouter.provider.ProviderKind;
import org.airouter.provider.Providers;
import org.airouter.routing.Route;
import org.airouter.testing.DatabaseTarget;
import org.airouter.testing.PerDatabase;
import org.airouter.testing.RouterParts;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("db")
class ConfigImporterTest {
  @RegisterExtension static final PerDatabase DATABASES = new PerDatabase();
  @TempDir Path dir;

  private static final String FILE = """
      {"routes": [
         {"name": "openai", "match": "glob", "pattern": "gpt-*", "baseUrl": "https://api.openai.com/v1",
          "apiKey": "sk-openai-1", "isDefault": true},
         {"name": "relay", "match": "keyword", "pattern": "claude", "baseUrl": "https://relay.example.com",
          "apiKey": "sk-relay-1", "upstreamModel": "claude-3-5-sonnet"}],
       "clientKeys": [
         {"name": "team-a", "key": "ar-team-a-000001", "allowedModels": ["gpt-*"]},
         {"name": "team-b", "key": "ar-team-b-000001"}]}""";

  private static ConfigImporter importer(RouterParts parts) { return new ConfigImporter(parts.routes(), parts.keys()); }

  private Path write(String json) throws Exception {
    return Files.writeString(Files.createTempFile(dir, "config", ".json"), json);
  }

  private static String routeRows(RouterParts parts) {
    return parts.routes().all().stream()
        .map(r -> r.name() + "/" + r.matchKind() + "/" + r.pattern() + "/" + r.primary().baseUrl() + "/" + r.primary().upstreamModel()
            + "/" + r.isDefault() + "/" + r.enabled() + "/" + r.sortOrder() + "/" + r.id())
        .toList().toString();
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void importingTheSameFileTwiceYieldsTheSameRows(DatabaseTarget target) throws Exception {
    RouterParts parts = DATABASES.clean(target);
    Path file = write(FILE);

    ConfigImporter.Report first = importer(parts).importFile(file);
    assertEquals(new ConfigImporter.Report(2, 2, List.of()), first);
    String routesAfterFirst = routeRows(parts);
    List<String> sealedAfterFirst = parts.routes().all().stream().map(r -> r.primary().sealedApiKey()).toList();

    ConfigImporter.Report second = importer(parts).importFile(file);

    assertEquals(first, second);
    assertEquals(2, parts.count("route"));
    assertEquals(2, parts.count("client_key"));
    assertEquals(routesAfterFirst, routeRows(parts));
    assertEquals(sealedAfterFirst, parts.routes().all().stream().map(r -> r.primary().sealedApiKey()).toList(),
        "keys are not re-sealed");
    assertEquals("openai", parts.router().route("gpt-4o").orElseThrow().name());
    assertEquals("claude-3-5-sonnet",
        parts.router().route("my-claude").orElseThrow().upstreamModelFor("my-claude"));
    assertInstanceOf(KeyCheck.Valid.class, parts.keys().check("ar-team-a-000001"));
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void anUnchangedFileIsNotAppliedAgainSoAKeyRevokedSinceStaysRevokedAndAChangedOneIs(DatabaseTarget target)
      throws Exception {
    RouterParts parts = DATABASES.clean(target);
    InstanceChecks checks = new InstanceChecks(parts.jpa());
    Path file = write(FILE);
    assertTrue(importer(parts).importFileIfChanged(file, checks, "test").isPresent(), "first start: applied");
    long teamA = parts.keys().all().stream().filter(k -> k.name().equals("team-a")).findFirst().orElseThrow().id();
    parts.keys().setEnabled(teamA, false);   // revoked in the console

    assertTrue(importer(parts).importFileIfChanged(file, checks, "test").isEmpty(), "same file: not applied");
    assertFalse(parts.keys().check("ar-team-a-000001") instanceof KeyCheck.Valid, "the revocation stays");

    Files.writeString(file, FILE.replace("sk-relay-1", "sk-relay-2"));
    assertTrue(importer(parts).importFileIfChanged(file, checks, "test").isPresent(), "changed file: applied");
    assertInstanceOf(KeyCheck.Valid.class, parts.keys().check("ar-team-a-000001"),
        "a changed file is applied whole, as at every start before: it names the key enabled");
    assertTrue(importer(parts).importFileIfChanged(file, checks, "test").isEmpty(), "and is then remembered");
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void changedFileUpdatesWhatItNamesAndLeavesTheRest(DatabaseTarget target) throws Exception {
    RouterParts parts = DATABASES.clean(target);
    importer(parts).importFile(write(FILE));
    long relayId = parts.routes().findByName("relay").orElseThrow().id();

    ConfigImporter.Report report = importer(parts).importFile(write("""
        {"routes": [
           {"name": "relay", "match": "glob", "pattern": "claude-*", "baseUrl": "https://relay2.example.com/v1",
            "apiKey": "sk-relay-2", "enabled": false}],
         "clientKeys": [
           {"name": "team-a", "key": "ar-team-a-000002", "allowedModels": ["o1"]}]}"""));

    assertEquals(new ConfigImporter.Report(1, 1, List.of()), report);
    assertEquals(2, parts.count("route"), "routes the file does not name stay");
    assertEquals(2, parts.count("client_key"));
    Route relay = parts.routes().findByName("relay").orElseThrow();
    assertEquals(relayId, relay.id());
    assertEquals("claude-*", relay.pattern());
    assertEquals("https://relay2.example.com/v1", relay.primary().baseUrl());
    assertEquals("sk-relay-2", parts.secrets().box().open(relay.primary().sealedApiKey()));
    assertTrue(parts.router().route("claude-3").map(t -> !t.name().equals("relay")).orElse(true), "disabled now");
    assertInstanceOf(KeyCheck.Unknown.class, parts.keys().check("ar-team-a-000001"));
    KeyCheck.Valid a = assertInstanceOf(KeyCheck.Valid.class, parts.keys().check("ar-team-a-000002"));
    assertEquals(List.of("o1"), a.key().allowedModels());
    assertInstanceOf(KeyCheck.Valid.class, parts.keys().check("ar-team-b-000001"));
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void badEntryIsSkippedWithItsPositionWhileTheRestImport(DatabaseTarget target) throws Exception {
    RouterParts parts = DATABASES.clean(target);
    parts.keys().importKey(new ClientKeySpec("owner", List.of(), null, true), "ar-taken-key-0001");

    ConfigImporter.Report report = importer(parts).importFile(write("""
        {"routes": [
           {"name": "good", "pattern": "a", "baseUrl": "https://a.example.com"},
           {"name": "bad", "pattern": "b", "baseUrl": "not a url"},
           {"name": "also-good", "pattern": "c", "baseUrl": "https://c.example.com"}],
         "clientKeys": [
           {"name": "thief", "key": "ar-taken-key-0001"},
           {"name": "fine", "key": "ar-fine-key-00001"}]}"""));

    assertEquals(2, report.routes());
    assertEquals(1, report.clientKeys());
    assertEquals(List.of("routes[1]: baseUrl: not a URL",
        "clientKeys[0] (client key 'thief'): key: the same key is already stored under another name"),
        report.problems());
    assertEquals(List.of("good", "also-good"), parts.routes().all().stream().map(Route::name).toList());
    assertEquals(2, parts.count("client_key"));
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void unreadableOrNonJsonFileImportsNothing(DatabaseTarget target) throws Exception {
    RouterParts parts = DATABASES.clean(target);
    ConfigImporter.Report missing = importer(parts).importFile(dir.resolve("missing.json"));
    assertEquals(0, missing.routes());
    assertTrue(missing.problems().get(0).startsWith("cannot read"), missing.problems().toString());
    ConfigImporter.Report garbage = importer(parts).importFile(write("not json"));
    assertTrue(garbage.problems().get(0).startsWith("not valid JSON"), garbage.problems().toString());
    assertEquals(0, parts.count("route"));
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void workerExportImportsAsKeywordRoutesWithTheFirstAsDefault(DatabaseTarget target) throws Exception {
    RouterParts parts = DATABASES.clean(target);
    Path file = write("""
        {"modelConfigs": {
           "gpt": {"endpoint": "https://api.openai.com/v1/chat/completions", "apiKey": "sk-gpt"},
           "claude": {"endpoint": "https://relay.example.com/v1/chat/completions", "apiKey": "sk-claude"}},
         "authKeys": ["worker-secret-1", "worker-secret-2"]}""");

    assertEquals(new ConfigImporter.Report(2, 2, List.of()), importer(parts).importFile(file));
    assertEquals(new ConfigImporter.Report(2, 2, List.of()), importer(parts).importFile(file));

    assertEquals(2, parts.count("route"));
    assertEquals(2, parts.count("client_key"));
    assertEquals("gpt", parts.router().route("unknown-model").orElseThrow().name());
    assertEquals("claude", parts.router().route("claude-3-opus").orElseThrow().name());
    assertEquals("https://relay.example.com/v1/chat/completions",
        Providers.of(ProviderKind.OPENAI)
            .target(parts.router().route("claude-3-opus").orElseThrow().upstream(), "/chat/completions", null)
            .toString());
    assertEquals("sk-claude", parts.router().route("claude-3-opus").orElseThrow().upstream().apiKey());
    assertInstanceOf(KeyCheck.Valid.class, parts.keys().check("worker-secret-2"));
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void aFileWithTargetsIsImportedAndAFallbackMayNameALaterRoute(DatabaseTarget target) throws Exception {
    RouterParts parts = DATABASES.clean(target);
    ConfigImporter.Report report = importer(parts).importFile(write("""
        {"routes": [
           {"name": "gpt", "pattern": "gpt-4o", "fallbacks": ["backup"], "targets": [
              {"name": "a", "baseUrl": "https://a.example.com/v1", "apiKey": "sk-a", "priority": 1},
              {"name": "b", "baseUrl": "https://b.example.com/v1", "apiKey": "sk-b", "weight": 2}]},
           {"name": "ghost", "pattern": "g", "baseUrl": "https://g.example.com", "fallbacks": ["nowhere"]},
           {"name": "backup", "pattern": "backup", "baseUrl": "https://backup.example.com/v1"}]}"""));

    assertEquals(List.of("routes[1] (route 'ghost'): fallbacks: no route named nowhere"), report.problems());
    Route gpt = parts.routes().findByName("gpt").orElseThrow();
    assertEquals(List.of("a/1/1/sk-a", "b/0/2/sk-b"), gpt.targets().stream().map(t -> t.name() + "/" + t.priority()
        + "/" + t.weight() + "/" + parts.secrets().box().open(t.sealedApiKey())).toList());
    assertEquals(List.of("backup"), gpt.failover().fallbacks());
    assertEquals("https://b.example.com/v1", parts.router().route("gpt-4o").orElseThrow().upstream().baseUrl(),
        "the lowest priority serves until failover lands");
  }
}
