package org.airouter.admin.api;

import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.airouter.testing.AdminClient;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.OpenAiErrors;
import org.airouter.testing.Poll;
import org.airouter.testing.Reply;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin JSON API end to end: routes, keys, tokens, usage, the online test and the OpenAPI document, with auth,
 * validation, conflicts, and changes reaching /v1 at once. Export and import: ConfigTransferApiIT; health and
 * metrics: OperationsEndpointsIT.
 */
@ExtendWith(ArquillianExtension.class)
class AdminApiIT {
  static final String PASSWORD = "admin-password-for-tests";
  static final String UPSTREAM_KEY = "sk-upstream-secret-of-the-seed-route";
  static final String CHAT = "{\"model\":\"seed-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(AdminApiIT.class)
        .set(RouterSettings.ADMIN_PASSWORD, PASSWORD)
        .config(ConfigFiles.config().route(route("seed", "exact", "seed-model").at(upstream).apiKey(UPSTREAM_KEY)))
        .apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  AdminClient admin() { return AdminClient.withPassword(base, PASSWORD); }

  static String routeJson(String name, String pattern, Long version) {
    return "{\"name\":\"" + name + "\",\"match\":\"exact\",\"pattern\":\"" + pattern + "\",\"provider\":\"openai\","
        + "\"baseUrl\":\"http://127.0.0.1:9/v1\",\"apiKey\":\"sk-route-secret-" + name + "\""
        + (version == null ? "" : ",\"version\":" + version) + "}";
  }

  static JsonObject ok(Response r, int status) {
    assertEquals(status, r.status(), r::toString);
    return r.json();
  }

  // ---- routes ----

  @Test void routesCanBeCreatedReadUpdatedReorderedAndDeleted() {
    JsonObject created = ok(admin().post("routes", routeJson("crud-a", "crud-a-model", null)), 201);
    long id = created.getJsonNumber("id").longValue();
    assertTrue(admin().post("routes", routeJson("crud-b", "crud-b-model", null)).status() == 201);
    assertEquals("crud-a", created.getString("name"));
    assertTrue(created.getJsonArray("targets").getJsonObject(0).getBoolean("hasApiKey"));
    assertFalse(created.toString().contains("sk-route-secret"), "the provider key is never shown");

    JsonObject read = ok(admin().get("routes/" + id), 200);
    assertEquals("crud-a-model", read.getString("pattern"));
    long version = read.getJsonNumber("version").longValue();

    JsonObject updated = ok(admin().put("routes/" + id, routeJson("crud-a", "crud-a-renamed", version)), 200);
    assertEquals("crud-a-renamed", updated.getString("pattern"));
    assertTrue(updated.getJsonNumber("version").longValue() > version);

    Response order = admin().put("routes/order", "{\"ids\":[" + id + "]}");
    assertEquals(200, order.status(), order::toString);
    JsonArray list = jsonArray(order);
    assertEquals("crud-a", list.getJsonObject(0).getString("name"), "named first, others after");

    assertEquals(204, admin().delete("routes/" + id).status());
    assertEquals("not_found", OpenAiErrors.field(OpenAiErrors.expect(admin().get("routes/" + id), 404), "code"));
    OpenAiErrors.expect(admin().delete("routes/" + id), 404);
    OpenAiErrors.expect(admin().put("routes/order", "{\"ids\":[987654]}"), 404);
  }

  @Test void providerFieldsAreRouteFieldsWithHeaderValuesWriteOnly() {
    String azure = """
        {"name":"azure-admin","match":"exact","pattern":"azure-admin-model","provider":"azure",
         "baseUrl":"https://res.openai.azure.com","apiKey":"az-admin-secret","apiVersion":"2025-01-01-preview",
         "deployments":{"azure-admin-model":"prod"},"headers":{"X-Extra-Auth":"header-secret-value"},
         "query":{"team":"a"}}""";
    JsonObject created = ok(admin().post("routes", azure), 201);
    JsonObject target = created.getJsonArray("targets").getJsonObject(0);
    assertEquals("azure", target.getString("provider"));
    assertEquals("2025-01-01-preview", target.getString("apiVersion"));
    assertEquals("prod", target.getJsonObject("deployments").getString("azure-admin-model"));
    assertEquals("a", target.getJsonObject("query").getString("team"));
    assertTrue(target.getBoolean("hasHeaders"));
    assertFalse(created.toString().contains("header-secret-value"), "header values are never shown");
    assertFalse(ok(admin().get("config"), 200).toString().contains("header-secret-value"));
    assertTrue(ok(admin().get("config?includeSecrets=true"), 200).toString().contains("header-secret-value"));

    JsonObject bad = OpenAiErrors.expect(admin().post("routes", azure.replace("\"azure\"", "\"bogus\"")
        .replace("azure-admin", "bogus-admin")), 400);
    assertTrue(bad.toString().contains("provider"), bad::toString);
    assertEquals(204, admin().delete("routes/" + created.getJsonNumber("id").longValue()).status());
  }

  /** Issue 16: the old form in, the new form out; keys never shown, and kept by target name when omitted. */
  @Test void routesWrittenTheOldWayAnswerInTheNewFormAndTargetsKeepTheirKeysByName() {
    JsonObject created = ok(admin().post("routes", routeJson("targets-a", "targets-a-model", null)), 201);
    long id = created.getJsonNumber("id").longValue();
    JsonObject primary = created.getJsonArray("targets").getJsonObject(0);
    assertEquals(List.of("primary", "openai", "http://127.0.0.1:9/v1", "0", "1", "true"), List.of(primary.getString("name"),
        primary.getString("provider"), primary.getString("baseUrl"), primary.get("priority").toString(),
        primary.get("weight").toString(), primary.get("enabled").toString()));
    assertFalse(created.containsKey("baseUrl"), "answers are in the new form only");
    assertEquals(3, created.getInt("maxAttempts"));
    assertEquals(0, created.getJsonArray("fallbacks").size());

    ok(admin().post("routes", routeJson("targets-backup", "targets-backup-model", null)), 201);
    String twoTargets = """
        {"name":"targets-a","match":"exact","pattern":"targets-a-model","version":%d,
         "maxAttempts":2,"retryOnTimeout":true,"fallbacks":["targets-backup"],"sticky":"user",
         "timeouts":{"totalMs":60000},"keepaliveAfterMs":0,
         "targets":[{"name":"second","baseUrl":"http://127.0.0.1:9/second","apiKey":"sk-second-secret","priority":1,
                     "weight":5,"timeouts":{"firstByteMs":1500}},
                    {"name":"primary","baseUrl":"http://127.0.0.1:9/v1"}]}""";
    JsonObject updated = ok(admin().put("routes/" + id,
        String.format(twoTargets, created.getJsonNumber("version").longValue())), 200);
    JsonArray targets = updated.getJsonArray("targets");
    assertEquals("second", targets.getJsonObject(0).getString("name"));
    assertEquals(5, targets.getJsonObject(0).getInt("weight"));
    assertEquals(1500, targets.getJsonObject(0).getJsonObject("timeouts").getInt("firstByteMs"));
    assertTrue(targets.getJsonObject(1).getBoolean("hasApiKey"), "primary sent no apiKey: the stored one is kept");
    assertEquals(List.of(2, true, "targets-backup", "user", 60000, 0), List.of(updated.getInt("maxAttempts"),
        updated.getBoolean("retryOnTimeout"), updated.getJsonArray("fallbacks").getString(0),
        updated.getString("sticky"), updated.getJsonObject("timeouts").getInt("totalMs"),
        updated.getInt("keepaliveAfterMs")));
    assertFalse(updated.toString().contains("secret"), updated::toString);

    JsonObject export = ok(admin().get("config?includeSecrets=true"), 200);
    JsonObject exported = export.getJsonArray("routes").stream().map(JsonValue::asJsonObject)
        .filter(r -> r.getString("name").equals("targets-a")).findFirst().orElseThrow();
    assertEquals("sk-route-secret-targets-a", exported.getJsonArray("targets").getJsonObject(1).getString("apiKey"),
        "the kept key is the one the old form stored");
    assertEquals("sk-second-secret", exported.getJsonArray("targets").getJsonObject(0).getString("apiKey"));
    assertFalse(exported.containsKey("baseUrl"), "export writes the new form");
  }

  @Test void targetRulesAreNamedWithTheTargetsPlace() {
    String dup = """
        {"name":"targets-dup","match":"exact","pattern":"targets-dup-model",
         "targets":[{"name":"x","baseUrl":"http://127.0.0.1:9/a"},{"name":"x","baseUrl":"http://127.0.0.1:9/b"}]}""";
    JsonObject twice = OpenAiErrors.expect(admin().post("routes", dup), 400);
    assertEquals("targets[1].name", OpenAiErrors.field(twice, "param"), twice::toString);

    JsonObject both = OpenAiErrors.expect(admin().post("routes", dup.replace("\"match\"",
        "\"baseUrl\":\"http://127.0.0.1:9/v1\",\"match\"")), 400);
    assertEquals("targets", OpenAiErrors.field(both, "param"), both::toString);

    JsonObject empty = OpenAiErrors.expect(admin().post("routes",
        "{\"name\":\"targets-empty\",\"match\":\"exact\",\"pattern\":\"e\",\"targets\":[]}"), 400);
    assertEquals("targets", OpenAiErrors.field(empty, "param"), empty::toString);

    JsonObject fallback = OpenAiErrors.expect(admin().post("routes", routeJson("targets-fb", "targets-fb-model", null)
        .replace("}", ",\"fallbacks\":[\"no-such-route\"]}")), 400);
    assertEquals("fallbacks", OpenAiErrors.field(fallback, "param"), fallback::toString);
    assertTrue(OpenAiErrors.field(fallback, "message").contains("no route named no-such-route"), fallback::toString);

    JsonObject weight = OpenAiErrors.expect(admin().post("routes", dup.replace("\"name\":\"x\",\"baseUrl\":\"http://127.0.0.1:9/b\"",
        "\"name\":\"y\",\"baseUrl\":\"http://127.0.0.1:9/b\",\"weight\":0")), 400);
    assertTrue(OpenAiErrors.field(weight, "param").contains("weight"), weight::toString);
  }

  @Test void routeValidationNamesTheFieldAndTheReason() {
    JsonObject blank = OpenAiErrors.expect(admin().post("routes",
        "{\"name\":\"\",\"match\":\"exact\",\"pattern\":\"x\",\"baseUrl\":\"http://h\"}"), 400);
    assertEquals("name", OpenAiErrors.field(blank, "param"));
    assertTrue(OpenAiErrors.field(blank, "message").contains("name: must not be blank"), blank::toString);

    JsonObject match = OpenAiErrors.expect(admin().post("routes",
        "{\"name\":\"v\",\"match\":\"bogus\",\"pattern\":\"x\",\"baseUrl\":\"http://h\"}"), 400);
    assertEquals("match", OpenAiErrors.field(match, "param"));

    JsonObject url = OpenAiErrors.expect(admin().post("routes",
        "{\"name\":\"v\",\"match\":\"exact\",\"pattern\":\"x\",\"baseUrl\":\"ftp://h\"}"), 400);
    assertEquals("baseUrl", OpenAiErrors.field(url, "param"), "the service's own rule, same shape");

    JsonObject tooLong = OpenAiErrors.expect(admin().post("routes",
        "{\"name\":\"" + "n".repeat(101) + "\",\"match\":\"exact\",\"pattern\":\"x\",\"baseUrl\":\"http://h\"}"), 400);
    assertEquals("name", OpenAiErrors.field(tooLong, "param"));

    assertEquals("invalid_json", OpenAiErrors.field(OpenAiErrors.expect(admin().post("routes", "{broken"), 400), "code"));
    OpenAiErrors.expect(admin().post("routes", ""), 400);
    OpenAiErrors.expect(admin().send("POST", "routes", null), 400);
    OpenAiErrors.expect(admin().get("routes/not-a-number"), 404);
  }

  @Test void duplicateRouteNameIs409() {
    ok(admin().post("routes", routeJson("dup", "dup-1", null)), 201);
    long other = ok(admin().post("routes", routeJson("dup-other", "dup-2", null)), 201).getJsonNumber("id").longValue();

    assertEquals("duplicate_name", OpenAiErrors.field(
        OpenAiErrors.expect(admin().post("routes", routeJson("dup", "dup-3", null)), 409), "code"));
    long version = ok(admin().get("routes/" + other), 200).getJsonNumber("version").longValue();
    OpenAiErrors.expect(admin().put("routes/" + other, routeJson("dup", "dup-2", version)), 409);
  }

  @Test void staleRouteVersionIs409NotALostUpdate() {
    JsonObject created = ok(admin().post("routes", routeJson("stale", "stale-1", null)), 201);
    long id = created.getJsonNumber("id").longValue();
    long version = created.getJsonNumber("version").longValue();

    ok(admin().put("routes/" + id, routeJson("stale", "stale-first-writer", version)), 200);
    JsonObject conflict = OpenAiErrors.expect(admin().put("routes/" + id, routeJson("stale", "stale-second", version)), 409);
    assertEquals("version_conflict", OpenAiErrors.field(conflict, "code"));
    assertEquals("stale-first-writer", ok(admin().get("routes/" + id), 200).getString("pattern"));
    assertEquals("version", OpenAiErrors.field(
        OpenAiErrors.expect(admin().put("routes/" + id, routeJson("stale", "x", null)), 400), "param"));
  }

  @Test void aRouteCreatedThroughTheApiServesAtOnce() {
    ok(admin().post("routes", "{\"name\":\"live\",\"match\":\"exact\",\"pattern\":\"live-model\",\"baseUrl\":\""
        + upstream.baseUrl() + "\"}"), 201);
    String key = ok(admin().post("client-keys", "{\"name\":\"live-route-key\"}"), 201).getString("key");
    Response r = RouterClient.at(base).bearer(key).postJson("v1/chat/completions",
        "{\"model\":\"live-model\",\"messages\":[]}");
    assertEquals(200, r.status(), r::toString);
  }

  // ---- client keys ----

  @Test void aKeyCreatedThroughTheApiWorksWithinASecondAndStopsWithinASecondOfDeletion() {
    JsonObject created = ok(admin().post("client-keys", "{\"name\":\"fresh\",\"allowedModels\":[\"seed-model\"]}"), 201);
    String key = created.getString("key");
    long id = created.getJsonObject("clientKey").getJsonNumber("id").longValue();
    assertTrue(key.startsWith("ar-"), key);
    assertFalse(ok(admin().get("client-keys/" + id), 200).toString().contains(key), "shown once, at creation");
    assertTrue(jsonArray(admin().get("client-keys")).stream().anyMatch(k -> k.asJsonObject().getString("name").equals("fresh")));

    RouterClient client = RouterClient.at(base).bearer(key);
    within(Duration.ofSeconds(1), () -> client.postJson("v1/chat/completions", CHAT).status() == 200, "key works");

    assertEquals(204, admin().delete("client-keys/" + id).status());
    within(Duration.ofSeconds(1), () -> client.postJson("v1/chat/completions", CHAT).status() == 401, "key refused");
    OpenAiErrors.expect(admin().get("client-keys/" + id), 404);
  }

  @Test void keysCanBeUpdatedAndConflictsAre409() {
    JsonObject created = ok(admin().post("client-keys", "{\"name\":\"upd\"}"), 201).getJsonObject("clientKey");
    long id = created.getJsonNumber("id").longValue();
    long version = created.getJsonNumber("version").longValue();
    String body = "{\"name\":\"upd-renamed\",\"allowedModels\":[\"gpt-*\"],\"expiresAt\":\"2031-01-01T00:00:00Z\","
        + "\"enabled\":false,\"version\":" + version + "}";

    JsonObject updated = ok(admin().put("client-keys/" + id, body), 200);
    assertEquals("upd-renamed", updated.getString("name"));
    assertEquals("gpt-*", updated.getJsonArray("allowedModels").getString(0));
    assertEquals("2031-01-01T00:00:00Z", updated.getString("expiresAt"));
    assertFalse(updated.getBoolean("enabled"));
    assertEquals("version_conflict", OpenAiErrors.field(OpenAiErrors.expect(admin().put("client-keys/" + id, body), 409), "code"));

    ok(admin().post("client-keys", "{\"name\":\"upd-dup\"}"), 201);
    assertEquals("duplicate_name", OpenAiErrors.field(
        OpenAiErrors.expect(admin().post("client-keys", "{\"name\":\"upd-dup\"}"), 409), "code"));
    assertEquals("name", OpenAiErrors.field(OpenAiErrors.expect(admin().post("client-keys", "{\"name\":\" \"}"), 400), "param"));
    assertEquals("invalid_json", OpenAiErrors.field(OpenAiErrors.expect(
        admin().post("client-keys", "{\"name\":\"bad-date\",\"expiresAt\":\"tomorrow\"}"), 400), "code"));
    OpenAiErrors.expect(admin().put("client-keys/987654", "{\"name\":\"x\",\"version\":0}"), 404);
    OpenAiErrors.expect(admin().delete("client-keys/987654"), 404);
  }

  // ---- tokens and auth ----

  @Test void tokensAreShownOnceWorkAndStopWhenRevoked() {
    JsonObject created = ok(admin().post("tokens", "{\"name\":\"ci\"}"), 201);
    String token = created.getString("token");
    long id = created.getJsonObject("adminToken").getJsonNumber("id").longValue();
    assertTrue(token.startsWith("art-"), token);

    assertEquals(200, AdminClient.withToken(base, token).get("routes").status());
    JsonObject listed = jsonArray(admin().get("tokens")).stream().map(v -> v.asJsonObject())
        .filter(t -> t.getJsonNumber("id").longValue() == id).findFirst().orElseThrow();
    assertNotNull(listed.getString("lastUsedAt", null), listed::toString);
    assertFalse(admin().get("tokens").text().contains(token));
    OpenAiErrors.expect(admin().post("tokens", "{\"name\":\"ci\"}"), 409);

    assertTrue(ok(admin().delete("tokens/" + id), 200).getBoolean("revoked"));
    assertEquals("token_revoked", OpenAiErrors.field(
        OpenAiErrors.expect(AdminClient.withToken(base, token).get("routes"), 401), "code"));
    OpenAiErrors.expect(admin().delete("tokens/987654"), 404);
  }

  /** Every endpoint, every kind of caller: only the admin password and live tokens pass. */
  @Test void authMatrixOverEveryEndpoint() {
    JsonObject revokedToken = ok(admin().post("tokens", "{\"name\":\"matrix-revoked\"}"), 201);
    String revoked = revokedToken.getString("token");
    ok(admin().delete("tokens/" + revokedToken.getJsonObject("adminToken").getJsonNumber("id").longValue()), 200);
    String live = ok(admin().post("tokens", "{\"name\":\"matrix-live\"}"), 201).getString("token");
    String clientKey = ok(admin().post("client-keys", "{\"name\":\"matrix-client\"}"), 201).getString("key");

    String[][] endpoints = {
        {"GET", "routes"}, {"POST", "routes"}, {"GET", "routes/1"}, {"PUT", "routes/1"}, {"DELETE", "routes/999999"},
        {"PUT", "routes/order"}, {"GET", "client-keys"}, {"POST", "client-keys"}, {"GET", "client-keys/1"},
        {"PUT", "client-keys/1"}, {"DELETE", "client-keys/999999"}, {"GET", "tokens"}, {"POST", "tokens"},
        {"DELETE", "tokens/999999"}, {"GET", "config"}, {"GET", "config/version"}, {"POST", "config/import?dryRun=true"},
        {"POST", "test"}, {"GET", "usage"}, {"GET", "openapi.json"}, {"GET", "no-such-resource"}};
    List<String> failures = new ArrayList<>();
    for (String[] e : endpoints) {
      String body = e[0].equals("POST") || e[0].equals("PUT") ? "{}" : null;
      expectStatus(failures, e, "no credentials", AdminClient.withHeader(base, null), body, 401);
      expectStatus(failures, e, "unknown token", AdminClient.withToken(base, "art-not-a-real-token"), body, 401);
      expectStatus(failures, e, "revoked token", AdminClient.withToken(base, revoked), body, 401);
      expectStatus(failures, e, "wrong password", AdminClient.withPassword(base, "wrong"), body, 401);
      expectStatus(failures, e, "wrong user", AdminClient.withHeader(base, AdminClient.basic("root", PASSWORD)), body, 401);
      expectStatus(failures, e, "client key", AdminClient.withToken(base, clientKey), body, 403);
      for (AdminClient allowed : List.of(admin(), AdminClient.withToken(base, live))) {
        Response r = allowed.send(e[0], e[1], body);
        if (r.status() == 401 || r.status() == 403) failures.add(e[0] + " " + e[1] + " allowed caller got " + r);
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  private static void expectStatus(List<String> failures, String[] e, String who, AdminClient client, String body, int status) {
    Response r = client.send(e[0], e[1], body);
    if (r.status() != status) {
      failures.add(e[0] + " " + e[1] + " with " + who + ": " + r);
      return;
    }
    try {
      OpenAiErrors.expect(r, status);
    } catch (AssertionError shape) {
      failures.add(e[0] + " " + e[1] + " with " + who + ": not OpenAI-shaped: " + r);
    }
  }

  // ---- usage ----

  @Test void usageShowsTotalsGroupsAndSeriesForARange() throws Exception {
    String key = ok(admin().post("client-keys", "{\"name\":\"usage-reader\"}"), 201).getString("key");
    upstream.always(Reply.chat("ok"));   // 5 prompt + 3 completion tokens
    for (int i = 0; i < 3; i++) {
      assertEquals(200, RouterClient.at(base).bearer(key).postJson("v1/chat/completions", CHAT).status());
    }
    String from = Instant.now().minus(Duration.ofHours(2)).toString();
    String to = Instant.now().plus(Duration.ofHours(1)).toString();

    // Records are written in the background, each second.
    JsonObject usage = Poll.until(Duration.ofSeconds(5),
        () -> ok(admin().get("usage?by=key&bucket=hour&from=" + from + "&to=" + to), 200),
        seen -> seen.getJsonArray("groups").stream().map(v -> v.asJsonObject())
            .anyMatch(g -> "usage-reader".equals(g.getString("label", null))
                && g.getJsonObject("totals").getInt("requests") == 3));
    JsonObject group = usage.getJsonArray("groups").stream().map(v -> v.asJsonObject())
        .filter(g -> "usage-reader".equals(g.getString("label", null))).findFirst().orElse(null);
    JsonObject last = usage;
    assertNotNull(group, () -> "no usage for the key: " + last);
    assertEquals(3, group.getJsonObject("totals").getInt("requests"), usage::toString);
    assertEquals(15, group.getJsonObject("totals").getInt("promptTokens"));
    assertEquals(24, group.getJsonObject("totals").getInt("totalTokens"));
    assertEquals("key", usage.getString("by"));
    assertFalse(usage.getJsonArray("series").isEmpty());
    assertTrue(usage.getJsonObject("totals").getInt("requests") >= 3);

    JsonObject bad = OpenAiErrors.expect(admin().get("usage?by=colour&from=yesterday"), 400);
    assertTrue(bad.getString("message").contains("by:") && bad.getString("message").contains("from:"), bad::toString);
  }

  // ---- online test ----

  @Test void onlineTestReportsTextUsageAndTimings() {
    upstream.replies(Reply.chat("Hello from upstream"));
    JsonObject result = ok(admin().post("test", "{\"model\":\"seed-model\",\"prompt\":\"hi\"}"), 200);
    assertTrue(result.getBoolean("ok"), result::toString);
    assertEquals(200, result.getInt("status"));
    assertEquals("seed", result.getString("route"));
    assertEquals("Hello from upstream", result.getString("text"));
    assertTrue(result.getJsonObject("usage").getInt("total_tokens") > 0, result::toString);
    assertTrue(result.getJsonObject("timings").getJsonNumber("totalMs").longValue() >= 0);
    assertEquals("Bearer " + UPSTREAM_KEY, upstream.calls().get(0).header("authorization"));
    JsonObject passed = lastTestOf("seed");
    assertTrue(passed.getBoolean("ok"), passed::toString);
    assertEquals(200, passed.getInt("status"));
    assertEquals("Hello from upstream", passed.getString("message"));
    assertTrue(Instant.parse(passed.getString("at")).isAfter(Instant.now().minusSeconds(60)), passed::toString);

    upstream.replies(Reply.error(429, "rate_limit_error", "rate_limited", "Slow down, key " + UPSTREAM_KEY));
    JsonObject failed = ok(admin().post("test", "{\"model\":\"seed-model\"}"), 200);
    assertFalse(failed.getBoolean("ok"));
    assertEquals(429, failed.getInt("status"));
    assertFalse(failed.toString().contains(UPSTREAM_KEY), failed::toString);
    JsonObject kept = lastTestOf("seed");
    assertFalse(kept.getBoolean("ok"), "the newest test replaces the last: " + kept);
    assertEquals(429, kept.getInt("status"));
    assertTrue(kept.getString("message").startsWith("Slow down, key "), kept::toString);
    assertFalse(kept.toString().contains(UPSTREAM_KEY), kept::toString);
    assertTrue(kept.getJsonObject("timings").getJsonNumber("totalMs").longValue() >= 0, kept::toString);

    OpenAiErrors.expect(admin().post("test", "{\"model\":\"nothing-routes-this\"}"), 404);
    assertEquals("model", OpenAiErrors.field(OpenAiErrors.expect(admin().post("test", "{}"), 400), "param"));
  }

  /** The route's lastTest as GET routes/{id} shows it, read back from its row. */
  JsonObject lastTestOf(String routeName) {
    Response list = admin().get("routes");
    assertEquals(200, list.status(), list::toString);
    JsonObject route = jsonArray(list).stream().map(JsonValue::asJsonObject)
        .filter(r -> r.getString("name").equals(routeName)).findFirst().orElseThrow();
    JsonObject one = ok(admin().get("routes/" + route.getJsonNumber("id").longValue()), 200);
    assertTrue(one.containsKey("lastTest"), one::toString);
    return one.getJsonObject("lastTest");
  }

  // ---- OpenAPI ----

  @Test void openApiDocumentDescribesEveryResource() {
    JsonObject doc = ok(admin().get("openapi.json"), 200);
    assertTrue(doc.getString("openapi").startsWith("3."), doc.getString("openapi"));
    JsonObject paths = doc.getJsonObject("paths");
    for (String p : List.of("/routes", "/routes/{id}", "/routes/order", "/client-keys", "/client-keys/{id}", "/tokens",
        "/tokens/{id}", "/config", "/config/version", "/config/import", "/test")) {
      assertTrue(paths.containsKey(p), p + " in " + paths.keySet());
    }
    JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
    assertTrue(schemas.getJsonObject("RouteInput").getJsonObject("properties").containsKey("targets"), schemas::toString);
    assertTrue(schemas.getJsonObject("TargetInput").getJsonObject("properties").containsKey("priority"), schemas::toString);
    assertTrue(schemas.getJsonObject("RouteJson").getJsonObject("properties").containsKey("fallbacks"), schemas::toString);
  }

  // ---- helpers ----

  private static JsonArray jsonArray(Response r) {
    assertEquals(200, r.status(), r::toString);
    return Json.createReader(new StringReader(r.text())).readArray();
  }

  private static void within(Duration limit, Supplier<Boolean> condition, String what) {
    if (!Poll.until(limit, Duration.ofMillis(50), condition::get, done -> done)) {
      throw new AssertionError(what + " not within " + limit);
    }
  }
}
