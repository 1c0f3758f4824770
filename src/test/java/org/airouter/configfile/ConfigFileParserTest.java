package org.airouter.configfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.airouter.keys.ClientKeySpec;
import org.airouter.provider.ProviderKind;
import org.airouter.routing.Failover;
import org.airouter.routing.MatchKind;
import org.airouter.routing.RouteSpec;
import org.airouter.routing.TargetSpec;
import org.airouter.routing.Timeouts;
import org.junit.jupiter.api.Test;

class ConfigFileParserTest {

  private static List<String> names(ConfigDocument doc) {
    return doc.routes().stream().map(e -> e.spec().name()).toList();
  }

  @Test
  void ourFormatReadsRoutesAndClientKeys() {
    ConfigDocument doc = ConfigFileParser.parse("""
        {"routes": [
           {"name": "openai", "match": "glob", "pattern": "gpt-*", "provider": "openai",
            "baseUrl": "https://api.openai.com/v1", "apiKey": "sk-openai", "upstreamModel": "gpt-4o",
            "isDefault": true, "enabled": false},
           {"name": "relay", "pattern": "claude-3", "baseUrl": "https://relay.example.com"}],
         "clientKeys": [
           {"name": "team-a", "key": "ar-team-a-key-123", "allowedModels": ["gpt-*", " ", "o1"],
            "expiresAt": "2027-01-31T00:00:00Z", "enabled": false},
           {"name": "team-b", "key": "ar-team-b-key-456", "expiresAt": 1800000000}]}""");

    assertEquals(List.of(), doc.problems());
    assertEquals(new RouteSpec("openai", MatchKind.GLOB, "gpt-*", ProviderKind.OPENAI, "https://api.openai.com/v1",
        "sk-openai", "gpt-4o", true, false), doc.routes().get(0).spec());
    assertEquals("routes[0]", doc.routes().get(0).position());
    assertEquals(new RouteSpec("relay", MatchKind.EXACT, "claude-3", ProviderKind.OPENAI, "https://relay.example.com",
        null, null, false, true), doc.routes().get(1).spec(), "defaults: exact, openai, enabled, not default");

    ConfigDocument.KeyEntry a = doc.clientKeys().get(0);
    assertEquals("clientKeys[0]", a.position());
    assertEquals("ar-team-a-key-123", a.key());
    assertEquals(new ClientKeySpec("team-a", List.of("gpt-*", "o1"), Instant.parse("2027-01-31T00:00:00Z"), false),
        a.spec());
    assertEquals(Instant.ofEpochSecond(1800000000), doc.clientKeys().get(1).spec().expiresAt());
    assertTrue(doc.clientKeys().get(1).spec().enabled());
    assertTrue(!a.toString().contains("ar-team-a-key-123"), "the key stays out of toString");
  }

  @Test
  void emptyObjectIsAnEmptyDocument() {
    ConfigDocument doc = ConfigFileParser.parse("{}");
    assertEquals(List.of(), doc.routes());
    assertEquals(List.of(), doc.clientKeys());
    assertEquals(List.of(), doc.problems());
  }

  @Test
  void workerFormatBecomesKeywordRoutesInFileOrderWithTheFirstAsDefault() {
    ConfigDocument doc = ConfigFileParser.parse("""
        {"modelConfigs": {
           "gpt": {"endpoint": "https://api.openai.com/v1/chat/completions", "apiKey": "sk-gpt"},
           "claude": {"endpoint": "https://relay.example.com/v1/", "apiKey": "sk-claude"},
           "deepseek": {"endpoint": "https://ds.example.com/v1/embeddings"},
           "abc": {"endpoint": "https://abc.example.com/completions"}},
         "authKeys": ["worker-key-one", "worker-key-two"]}""");

    assertEquals(List.of(), doc.problems());
    assertEquals(List.of("gpt", "claude", "deepseek", "abc"), names(doc), "file order, not sorted");
    assertEquals(new RouteSpec("gpt", MatchKind.KEYWORD, "gpt", ProviderKind.OPENAI, "https://api.openai.com/v1",
        "sk-gpt", null, true, true), doc.routes().get(0).spec());
    assertEquals("modelConfigs.gpt", doc.routes().get(0).position());
    assertEquals("https://relay.example.com/v1/", doc.routes().get(1).spec().primary().baseUrl());
    assertEquals("https://ds.example.com/v1", doc.routes().get(2).spec().primary().baseUrl());
    assertEquals("https://abc.example.com", doc.routes().get(3).spec().primary().baseUrl());
    assertEquals(List.of(true, false, false, false), doc.routes().stream().map(e -> e.spec().isDefault()).toList());
    assertNull(doc.routes().get(2).spec().primary().apiKey());

    assertEquals(2, doc.clientKeys().size());
    assertEquals("worker-key-one", doc.clientKeys().get(0).key());
    assertEquals("worker-key-1", doc.clientKeys().get(0).spec().name());
    assertEquals("worker-key-2", doc.clientKeys().get(1).spec().name());
    assertEquals(List.of(), doc.clientKeys().get(0).spec().allowedModels());
    assertNull(doc.clientKeys().get(0).spec().allowedEndpoints(), "Worker keys keep today's reach: every endpoint");
    assertTrue(doc.clientKeys().get(0).spec().enabled());
  }

  @Test
  void clientKeysReadAllowedEndpointsAndRefuseUnknownNamesNamingTheKey() {
    ConfigDocument doc = ConfigFileParser.parse("""
        {"clientKeys": [
           {"name": "files-too", "key": "long-enough-1", "allowedModels": ["gpt-4o-mini"],
            "allowedEndpoints": ["chat", "Files"]},
           {"name": "default", "key": "long-enough-2", "allowedModels": ["gpt-4o-mini"], "allowedEndpoints": null},
           {"name": "empty", "key": "long-enough-3", "allowedEndpoints": []},
           {"name": "typo", "key": "long-enough-4", "allowedEndpoints": ["chat", "filez"]},
           {"name": "not-a-list", "key": "long-enough-5", "allowedEndpoints": "files"},
           {"key": "long-enough-6", "allowedEndpoints": ["filez"]}]}""");

    assertEquals(List.of("files-too", "default", "empty"), doc.clientKeys().stream().map(k -> k.spec().name()).toList());
    assertEquals(List.of("chat", "files"), doc.clientKeys().get(0).spec().allowedEndpoints());
    assertNull(doc.clientKeys().get(1).spec().allowedEndpoints(), "null: the default reach");
    assertNull(doc.clientKeys().get(2).spec().allowedEndpoints(), "empty: the default reach");
    assertEquals(3, doc.problems().size(), doc.problems()::toString);
    assertTrue(doc.problems().get(0).startsWith(
        "clientKeys[3] (client key 'typo'): allowedEndpoints: 'filez' is not an endpoint name; known: chat, "),
        doc.problems().get(0));
    assertEquals("clientKeys[4] (client key 'not-a-list'): allowedEndpoints: must be an array of strings",
        doc.problems().get(1));
    assertTrue(doc.problems().get(2).startsWith("clientKeys[5]: name: must not be blank; allowedEndpoints: 'filez'"),
        doc.problems().get(2));
  }

  @Test
  void workerFormatWithOnlyKeysIsRecognised() {
    ConfigDocument doc = ConfigFileParser.parse("{\"authKeys\": [\"only-a-key-1\"]}");
    assertEquals(List.of(), doc.problems());
    assertEquals(List.of(), doc.routes());
    assertEquals("only-a-key-1", doc.clientKeys().get(0).key());
  }

  @Test
  void badWorkerEntryIsReportedAndTheDefaultGoesToTheFirstGoodOne() {
    ConfigDocument doc = ConfigFileParser.parse("""
        {"modelConfigs": {"broken": {"endpoint": "not a url"}, "ok": {"endpoint": "https://ok.example.com/v1"},
                          "text": "https://x", "late": {"endpoint": "https://late.example.com"}},
         "authKeys": ["short", "long-enough-key", 42]}""");
    assertEquals(List.of("ok", "late"), names(doc));
    assertTrue(doc.routes().get(0).spec().isDefault());
    assertEquals(4, doc.problems().size(), doc.problems().toString());
    assertTrue(doc.problems().get(0).startsWith("modelConfigs.broken: baseUrl:"), doc.problems().get(0));
    assertEquals("modelConfigs.text: must be an object", doc.problems().get(1));
    assertEquals("authKeys[0]: key: at least 8 characters", doc.problems().get(2));
    assertTrue(doc.problems().get(3).startsWith("authKeys[2]: "), doc.problems().get(3));
    assertEquals(List.of("long-enough-key"), doc.clientKeys().stream().map(ConfigDocument.KeyEntry::key).toList());
    assertEquals("authKeys[1]", doc.clientKeys().get(0).position());
  }

  @Test
  void badEntriesAreReportedWithPositionAndReasonWhileTheRestParse() {
    ConfigDocument doc = ConfigFileParser.parse("""
        {"routes": [
           {"name": "good-1", "pattern": "a", "baseUrl": "https://a.example.com"},
           {"name": "", "pattern": "", "baseUrl": "ftp://b.example.com"},
           "not an object",
           {"name": "bad-match", "match": "regex", "pattern": "c", "baseUrl": "https://c.example.com"},
           {"name": "bad-provider", "provider": "cohere", "pattern": "d", "baseUrl": "https://d.example.com"},
           {"name": "bad-flag", "pattern": "e", "baseUrl": "https://e.example.com", "isDefault": "yes"},
           {"name": 7, "pattern": "f", "baseUrl": "https://f.example.com"},
           {"name": "good-2", "pattern": "g", "baseUrl": "https://g.example.com"}],
         "clientKeys": [
           {"name": "k-short", "key": "short"},
           {"name": "k-date", "key": "long-enough-1", "expiresAt": "next tuesday"},
           {"name": "k-models", "key": "long-enough-2", "allowedModels": "gpt-*"},
           {"name": "k-good", "key": "long-enough-3"}]}""");

    assertEquals(List.of("good-1", "good-2"), names(doc));
    assertEquals("routes[7]", doc.routes().get(1).position());
    assertEquals(List.of("k-good"), doc.clientKeys().stream().map(k -> k.spec().name()).toList());
    assertEquals(List.of(
        "routes[1]: name: must not be blank; pattern: must not be blank; baseUrl: must be an http or https URL",
        "routes[2]: must be an object",
        "routes[3]: match: 'regex' is not exact, glob or keyword",
        "routes[4]: provider: 'cohere' is not a known provider",
        "routes[5]: isDefault: must be true or false",
        "routes[6]: name: must be a string",
        "clientKeys[0] (client key 'k-short'): key: at least 8 characters",
        "clientKeys[1] (client key 'k-date'): expiresAt: must be an ISO-8601 instant such as 2027-01-31T00:00:00Z",
        "clientKeys[2] (client key 'k-models'): allowedModels: must be an array of strings"), doc.problems());
  }

  @Test
  void nonJsonFileIsOneProblemWithItsPlace() {
    ConfigDocument doc = ConfigFileParser.parse("{\"routes\": [\n  {\"name\": \"a\",,}\n]}");
    assertEquals(List.of(), doc.routes());
    assertEquals(1, doc.problems().size());
    assertTrue(doc.problems().get(0).startsWith("not valid JSON at line 2"), doc.problems().get(0));
    assertTrue(ConfigFileParser.parse("").problems().get(0).startsWith("not valid JSON"));
    assertTrue(ConfigFileParser.parse("routes: []").problems().get(0).startsWith("not valid JSON"));
  }

  @Test
  void wrongTypesAtTheTopAreReported() {
    assertEquals(List.of("the file must hold a JSON object"), ConfigFileParser.parse("[1, 2]").problems());
    assertEquals(List.of("the file must hold a JSON object"), ConfigFileParser.parse("\"routes\"").problems());
    assertEquals(List.of("routes: must be an array", "clientKeys: must be an array"),
        ConfigFileParser.parse("{\"routes\": {}, \"clientKeys\": \"x\"}").problems());
    assertEquals(List.of("modelConfigs: must be an object", "authKeys: must be an array"),
        ConfigFileParser.parse("{\"modelConfigs\": [], \"authKeys\": {}}").problems());
    assertEquals(List.of(), ConfigFileParser.parse("{\"routes\": null, \"clientKeys\": null}").problems());
  }

  @Test
  void endpointBaseDropsOnlyAKnownEndpointSuffix() {
    assertEquals("https://h/v1", ConfigFileParser.endpointBase(" https://h/v1/chat/completions "));
    assertEquals("https://h/v1", ConfigFileParser.endpointBase("https://h/v1/completions"));
    assertEquals("https://h/v1", ConfigFileParser.endpointBase("https://h/v1/embeddings"));
    assertEquals("https://h/v1/models", ConfigFileParser.endpointBase("https://h/v1/models"));
    assertNull(ConfigFileParser.endpointBase(null));
  }

  @Test
  void providerFieldsAreRouteFields() {
    ConfigDocument doc = ConfigFileParser.parse("""
        {"routes": [
           {"name": "azure", "pattern": "gpt-4o", "provider": "azure", "baseUrl": "https://res.openai.azure.com",
            "apiVersion": "2025-01-01-preview", "deployments": {"gpt-4o": "my-deployment"}},
           {"name": "router", "match": "glob", "pattern": "*/*", "baseUrl": "https://openrouter.ai/api/v1",
            "headers": {"HTTP-Referer": "https://example.com", "X-Title": "ai-router"}, "query": {"trace": 1}},
           {"name": "bad", "pattern": "x", "provider": "anthropic", "baseUrl": "https://api.anthropic.com",
            "apiVersion": "2024-10-21", "headers": {"Host": "evil", "X-Ok": "a\\nb"}}]}""");

    RouteSpec azure = doc.routes().get(0).spec();
    assertEquals(ProviderKind.AZURE, azure.primary().provider());
    assertEquals("2025-01-01-preview", azure.primary().apiVersion());
    assertEquals(Map.of("gpt-4o", "my-deployment"), azure.primary().deployments());
    assertNull(azure.primary().headers(), "absent headers keep the stored ones, as an absent key does");
    RouteSpec relay = doc.routes().get(1).spec();
    assertEquals(Map.of("HTTP-Referer", "https://example.com", "X-Title", "ai-router"), relay.primary().headers());
    assertEquals(Map.of("trace", "1"), relay.primary().query());
    assertTrue(!relay.toString().contains("https://example.com"), "header values stay out of toString");

    assertEquals(2, doc.routes().size());
    assertEquals(1, doc.problems().size(), doc.problems()::toString);
    String problem = doc.problems().get(0);
    assertTrue(problem.startsWith("routes[2]: apiVersion: only for azure routes"), problem);
    assertTrue(problem.contains("headers: Host is set by the router"), problem);
    assertTrue(problem.contains("headers: the value of X-Ok must be one line"), problem);
  }

  @Test
  void workerEndpointsAtCloudflareBecomeCloudflareRoutes() {
    ConfigDocument doc = ConfigFileParser.parse("""
        {"modelConfigs": {"llama": {"endpoint":
           "https://api.cloudflare.com/client/v4/accounts/acc1/ai/v1/chat/completions", "apiKey": "cf-token"}}}""");
    assertEquals(ProviderKind.CLOUDFLARE, doc.routes().get(0).spec().primary().provider());
    assertEquals("https://api.cloudflare.com/client/v4/accounts/acc1/ai/v1", doc.routes().get(0).spec().primary().baseUrl());
  }

  // ---- targets and failover (issue 16) ----

  @Test
  void targetsAndFailoverSettingsAreRead() {
    ConfigDocument doc = ConfigFileParser.parse("""
        {"routes": [
           {"name": "backup", "pattern": "b", "baseUrl": "https://b.example.com"},
           {"name": "gpt", "pattern": "gpt-4o", "maxAttempts": 4, "retryOnTimeout": true, "fallbacks": ["backup"],
            "sticky": "header:X-Session", "timeouts": {"firstByteMs": 20000, "totalMs": 60000},
            "keepaliveAfterMs": 5000,
            "targets": [
              {"name": "azure", "provider": "azure", "baseUrl": "https://res.openai.azure.com", "apiKey": "az",
               "deployments": {"gpt-4o": "prod"}, "priority": 0, "weight": 3, "timeouts": {"connectMs": 2000}},
              {"name": "openai", "baseUrl": "https://api.openai.com/v1", "priority": 1, "enabled": false,
               "headers": {"X-Title": "t"}}]}]}""");

    assertEquals(List.of(), doc.problems());
    RouteSpec gpt = doc.routes().get(1).spec();
    assertEquals(new Failover(4, true, List.of("backup"), "header:X-Session", new Timeouts(null, 20000, null, null,
        60000), 5000), gpt.failover());
    assertEquals(List.of(
        new TargetSpec("azure", ProviderKind.AZURE, "https://res.openai.azure.com", "az", null, null,
            Map.of("gpt-4o", "prod"), null, Map.of(), 0, 3, true, new Timeouts(2000, null, null, null, null)),
        new TargetSpec("openai", ProviderKind.OPENAI, "https://api.openai.com/v1", null, null, null, Map.of(),
            Map.of("X-Title", "t"), Map.of(), 1, 1, false, null)), gpt.targets());
    assertEquals(Failover.DEFAULT, doc.routes().get(0).spec().failover());
  }

  @Test
  void badTargetsAreReportedWithTheirPlaceAndTheRouteIsSkipped() {
    ConfigDocument doc = ConfigFileParser.parse("""
        {"routes": [
           {"name": "empty", "pattern": "e", "targets": []},
           {"name": "twice", "pattern": "t", "targets": [{"name": "a", "baseUrl": "https://a.example.com"},
                                                        {"name": "a", "baseUrl": "https://b.example.com"}]},
           {"name": "weights", "pattern": "w", "targets": [{"name": "a", "baseUrl": "https://a.example.com", "weight": 0},
                                                          {"name": "b", "baseUrl": "https://b.example.com", "priority": 1.5}]},
           {"name": "both", "pattern": "x", "baseUrl": "https://a.example.com", "targets": []},
           {"name": "self", "pattern": "s", "baseUrl": "https://a.example.com", "fallbacks": ["self"]},
           {"name": "slow", "pattern": "s", "baseUrl": "https://a.example.com", "timeouts": {"readMs": 1}}]}""");

    assertEquals(List.of(), doc.routes());
    assertEquals(List.of("routes[0]: targets: a route needs at least one target",
        "routes[1]: targets[1].name: a is already the name of another target",
        "routes[2]: targets[1].priority: must be an integer",
        "routes[3]: targets: give either targets or the upstream fields of one, not both (found baseUrl)",
        "routes[4]: fallbacks: a route cannot fall back to itself",
        "routes[5]: timeouts.readMs: not a timeout (connectMs, firstByteMs, firstTokenMs, idleMs, totalMs)"),
        doc.problems());
    ConfigDocument weights = ConfigFileParser.parse("""
        {"routes": [{"name": "w", "pattern": "w", "targets": [{"name": "a", "baseUrl": "https://a.example.com",
          "weight": 0}, {"name": "b", "baseUrl": "https://b.example.com"}]}]}""");
    assertEquals(List.of("routes[0]: targets[0].weight: between 1 and 1000000"), weights.problems());
  }
}
