package org.airouter.audit;

import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.airouter.testing.AdminClient;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.Response;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit log end to end: changes through the admin API (with before and after), imports, exports with secrets,
 * sign-ins and failed sign-ins on the API and the console are recorded with who and from where; paging and filters;
 * JSON lines; and no secret this test knows appears anywhere in the log.
 */
@ExtendWith(ArquillianExtension.class)
class AuditIT {
  static final String PASSWORD = "audit-admin-password-7f3a";
  static final String PROVIDER_KEY = "sk-audit-provider-key-0123456789";
  static final String PROVIDER_KEY_2 = "sk-audit-second-provider-key-98765";
  static final String HEADER_SECRET = "header-secret-value-abcdef123";
  static final String IMPORTED_KEY = "sk-imported-provider-key-55555";
  static final String USER_PASSWORD = "audited-user-password-1";
  static final String USER_PASSWORD_2 = "audited-user-password-2";
  static final String GUESS = "wrong-guess-password-xyz";
  static final String CONSOLE_GUESS = "console-guess-password-abc";

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(AuditIT.class).set(RouterSettings.ADMIN_PASSWORD, PASSWORD).apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  AdminClient admin() { return AdminClient.withPassword(base, PASSWORD); }

  static JsonObject ok(Response r, int status) {
    assertEquals(status, r.status(), r::toString);
    return r.json();
  }

  List<JsonObject> lines(String query) {
    Response r = admin().get("audit/export" + query);
    assertEquals(200, r.status(), r::toString);
    assertTrue(r.header("content-type").startsWith("application/x-ndjson"), r.header("content-type"));
    List<JsonObject> events = new ArrayList<>();
    for (String line : r.text().split("\n")) {
      if (!line.isBlank()) events.add(Json.createReader(new StringReader(line)).readObject());
    }
    return events;
  }

  static JsonObject find(List<JsonObject> events, String action, String actor) {
    return events.stream().filter(e -> e.getString("action").equals(action) && e.getString("actor").equals(actor))
        .findFirst().orElseThrow(() -> new AssertionError("no " + action + " by " + actor + " in " + events));
  }

  @Test void everyChangeAndSignInIsRecordedAndNoSecretTheTestKnowsIsInTheLog() throws Exception {
    List<String> secrets = new ArrayList<>(List.of(PASSWORD, PROVIDER_KEY, PROVIDER_KEY_2, HEADER_SECRET, IMPORTED_KEY,
        USER_PASSWORD, USER_PASSWORD_2, GUESS, CONSOLE_GUESS));
    JsonObject route = ok(admin().post("routes", "{\"name\":\"audited\",\"match\":\"exact\",\"pattern\":\"audited-model\","
        + "\"provider\":\"openai\",\"baseUrl\":\"http://127.0.0.1:9/v1\",\"apiKey\":\"" + PROVIDER_KEY + "\","
        + "\"headers\":{\"X-Extra-Auth\":\"" + HEADER_SECRET + "\"}}"), 201);
    long routeId = route.getJsonNumber("id").longValue();
    ok(admin().put("routes/" + routeId, "{\"name\":\"audited\",\"match\":\"exact\",\"pattern\":\"audited-model-2\","
        + "\"provider\":\"openai\",\"baseUrl\":\"http://127.0.0.1:9/v1\",\"apiKey\":\"" + PROVIDER_KEY_2 + "\","
        + "\"version\":" + route.getInt("version") + "}"), 200);
    JsonObject key = ok(admin().post("client-keys", "{\"name\":\"audited-key\"}"), 201);
    secrets.add(key.getString("key"));
    JsonObject token = ok(admin().post("tokens", "{\"name\":\"audited-token\",\"role\":\"operator\"}"), 201);
    secrets.add(token.getString("token"));
    ok(AdminClient.withToken(base, token.getString("token")).post("teams", "{\"name\":\"audited-team\"}"), 201);
    ok(admin().delete("tokens/" + token.getJsonObject("adminToken").getJsonNumber("id")), 200);
    JsonObject user = ok(admin().post("users", "{\"name\":\"audited-user\",\"password\":\"" + USER_PASSWORD
        + "\",\"role\":\"viewer\"}"), 201);
    ok(admin().put("users/" + user.getJsonNumber("id"), "{\"role\":\"operator\",\"password\":\"" + USER_PASSWORD_2
        + "\",\"version\":" + user.getInt("version") + "}"), 200);
    ok(admin().post("prices", "{\"model\":\"audited-model\",\"inputPerMTok\":1.0,\"outputPerMTok\":2.0}"), 201);
    ok(admin().post("config/import", ConfigFiles.config().route(route("imported", "exact", "imported-model")
        .baseUrl("http://127.0.0.1:9/v1").apiKey(IMPORTED_KEY)).json()), 200);
    Response export = admin().get("config?includeSecrets=true");
    assertTrue(export.text().contains(PROVIDER_KEY_2), "the export itself carries the keys");
    assertEquals(204, admin().delete("routes/" + routeId).status());
    assertEquals(401, AdminClient.withHeader(base, AdminClient.basic("admin", GUESS)).get("routes").status());
    assertEquals(3, consoleSignIn("audited-user", USER_PASSWORD_2) / 100, "signed in: redirected to the console");
    assertEquals(200, consoleSignIn("ghost", CONSOLE_GUESS), "refused: the form again");

    List<JsonObject> events = lines("");
    String all = events.stream().map(JsonObject::toString).collect(Collectors.joining("\n"));
    for (String secret : secrets) assertFalse(all.contains(secret), "the audit log holds a secret: " + secret);
    assertFalse(admin().get("audit?limit=500").text().contains(PROVIDER_KEY), "nor does the paged API");

    JsonObject created = find(events, "routes.create", "admin");
    assertEquals("127.0.0.1", created.getString("address"));
    assertEquals(Long.toString(routeId), created.getString("target"));
    assertEquals("audited", created.getJsonObject("detail").getJsonObject("after").getString("name"));
    JsonObject updated = find(events, "routes.update", "admin");
    assertEquals("audited-model", updated.getJsonObject("detail").getJsonObject("before").getString("pattern"));
    assertEquals("audited-model-2", updated.getJsonObject("detail").getJsonObject("after").getString("pattern"));
    assertEquals("audited-model-2", find(events, "routes.delete", "admin").getJsonObject("detail")
        .getJsonObject("before").getString("pattern"));
    find(events, "client-keys.create", "admin");
    find(events, "tokens.create", "admin");
    find(events, "tokens.revoke", "admin");
    find(events, "teams.create", "token:audited-token");
    find(events, "users.create", "admin");
    find(events, "users.update", "admin");
    find(events, "prices.create", "admin");
    find(events, "config.import", "admin");
    find(events, "config.export-with-secrets", "admin");
    assertEquals("admin-api", find(events, "signin.failed", "admin").getString("targetType"));
    assertEquals("console", find(events, "signin", "user:audited-user").getString("targetType"));
    assertEquals("console", find(events, "signin.failed", "ghost").getString("targetType"));
    assertTrue(events.stream().noneMatch(e -> e.getString("action").startsWith("routes.") && e.getString("action")
        .contains("get")), "reads are not changes");
  }

  @Test void theLogPagesNewestFirstAndFilters() {
    for (int i = 0; i < 3; i++) ok(admin().post("teams", "{\"name\":\"paged-" + i + "\"}"), 201);
    JsonObject first = ok(admin().get("audit?action=teams.create&actor=admin&limit=2"), 200);
    assertEquals(2, first.getJsonArray("events").size());
    assertTrue(first.getInt("total") >= 3);
    assertEquals("paged-2", first.getJsonArray("events").getJsonObject(0).getJsonObject("detail")
        .getJsonObject("after").getString("name"), "newest first");
    JsonObject second = ok(admin().get("audit?action=teams.create&actor=admin&limit=2&offset=2"), 200);
    assertFalse(second.getJsonArray("events").isEmpty());
    assertEquals(0, ok(admin().get("audit?from=2999-01-01T00:00:00Z"), 200).getJsonArray("events").size());
    assertEquals(400, admin().get("audit?from=yesterday").status());
    assertEquals(365, first.getInt("retentionDays"));
  }

  int consoleSignIn(String user, String password) throws Exception {
    Map<String, String> form = Map.of("login", "login", "login:user", user, "login:password", password,
        "login:signin", "Sign in", "jakarta.faces.ViewState", "stateless");
    String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "login.xhtml"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
