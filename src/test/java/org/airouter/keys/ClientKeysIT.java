package org.airouter.keys;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.airouter.testing.AdminClient;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.OpenAiErrors;
import org.airouter.testing.Poll;
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
 * Client keys: accepted in three headers; missing, wrong, disabled, expired and out-of-scope keys are refused, by
 * model and by endpoint.
 */
@ExtendWith(ArquillianExtension.class)
class ClientKeysIT {
  static final String TEAM = "ar-test-key-team-0001";
  static final String LIMITED = "ar-test-key-limited-0001";     // may call gpt-4o-mini only
  static final String DISABLED = "ar-test-key-disabled-0001";
  static final String EXPIRED = "ar-test-key-expired-0001";
  static final String NOT_YET_EXPIRED = "ar-test-key-future-0001";
  static final String FILES = "ar-test-key-files-0001";         // gpt-4o-mini only, and chat and files explicitly
  static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  static final String PASSWORD = "admin-password-for-client-keys-it";
  static final String MODEL_ONLY = "{\"model\":\"gpt-4o-mini\",\"input\":\"hi\"}";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(ClientKeysIT.class).set(RouterSettings.ADMIN_PASSWORD, PASSWORD).config(ConfigFiles.config()
        .route(route("gpt-4o-mini", "exact", "gpt-4o-mini").at(upstream))
        .route(route("gpt-4o", "exact", "gpt-4o").at(upstream))
        .route(route("o-series", "exact", "o3").at(upstream))
        .clientKey(clientKey("team", TEAM))
        .clientKey(clientKey("limited", LIMITED).allowedModels("gpt-4o-mini"))
        .clientKey(clientKey("files", FILES).allowedModels("gpt-4o-mini").allowedEndpoints("chat", "files"))
        .clientKey(clientKey("disabled", DISABLED).disabled())
        .clientKey(clientKey("expired", EXPIRED).expiresAt(Instant.parse("2020-01-01T00:00:00Z")))
        .clientKey(clientKey("future", NOT_YET_EXPIRED).expiresAt(Instant.parse("2999-01-01T00:00:00Z")))).apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  RouterClient anonymous() { return RouterClient.at(base); }

  @Test void keyIsAcceptedAsBearerToken() {
    assertEquals(200, anonymous().bearer(TEAM).postJson("v1/chat/completions", CHAT).status());
    assertEquals(1, upstream.calls().size());
  }

  @Test void keyIsAcceptedInApiKeyHeader() {
    assertEquals(200, anonymous().apiKey(TEAM).postJson("v1/chat/completions", CHAT).status());
    assertEquals(1, upstream.calls().size());
  }

  @Test void keyIsAcceptedInXApiKeyHeader() {
    assertEquals(200, anonymous().xApiKey(TEAM).postJson("v1/chat/completions", CHAT).status());
    assertEquals(1, upstream.calls().size());
  }

  @Test void missingKeyIs401InvalidApiKey() {
    assertInvalidApiKey(anonymous().postJson("v1/chat/completions", CHAT));
    assertInvalidApiKey(anonymous().get("v1/models"));
  }

  @Test void wrongKeyIs401InvalidApiKey() {
    assertInvalidApiKey(anonymous().bearer("ar-test-key-nobody").postJson("v1/chat/completions", CHAT));
    assertInvalidApiKey(anonymous().xApiKey(TEAM + "x").postJson("v1/chat/completions", CHAT));
  }

  @Test void disabledKeyIs401() {
    OpenAiErrors.expect(anonymous().bearer(DISABLED).postJson("v1/chat/completions", CHAT), 401);
    assertTrue(upstream.calls().isEmpty());
  }

  @Test void expiredKeyIs401() {
    OpenAiErrors.expect(anonymous().bearer(EXPIRED).postJson("v1/chat/completions", CHAT), 401);
    assertTrue(upstream.calls().isEmpty());
  }

  @Test void keyBeforeItsExpiryWorks() {
    assertEquals(200, anonymous().bearer(NOT_YET_EXPIRED).postJson("v1/chat/completions", CHAT).status());
  }

  @Test void modelOutsideTheKeysAllowedModelsIs403ModelNotAllowed() {
    Response allowed = anonymous().bearer(LIMITED).postJson("v1/chat/completions", CHAT);
    Response refused = anonymous().bearer(LIMITED).postJson("v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}");

    assertEquals(200, allowed.status(), allowed::toString);
    JsonObject error = OpenAiErrors.expect(refused, 403);
    assertEquals("model_not_allowed", OpenAiErrors.field(error, "code"));
    assertEquals(1, upstream.calls().size(), "only the allowed call went upstream");
  }

  @Test void modelListShowsOnlyWhatTheKeyMayCall() {
    List<String> all = ids(anonymous().bearer(TEAM).get("v1/models"));
    List<String> limited = ids(anonymous().bearer(LIMITED).get("v1/models"));

    assertTrue(all.containsAll(List.of("gpt-4o-mini", "gpt-4o", "o3")), all::toString);
    assertEquals(List.of("gpt-4o-mini"), limited);
  }

  @Test void keyLimitedToAModelCannotReachTheAccountsFilesOrBatchesByNamingItsModel() {
    assertEndpointNotAllowed(send(LIMITED, "DELETE", "v1/files/file-abc", MODEL_ONLY), "DELETE /v1/files/file-abc");
    assertEndpointNotAllowed(send(LIMITED, "GET", "v1/files", null), "GET /v1/files");
    assertEndpointNotAllowed(send(LIMITED, "GET", "v1/batches", MODEL_ONLY), "GET /v1/batches");
    assertEndpointNotAllowed(send(LIMITED, "POST", "v1/batches/batch_1/cancel", MODEL_ONLY), "/v1/batches/batch_1/cancel");
    assertEndpointNotAllowed(send(LIMITED, "GET", "v1/responses/resp_1", MODEL_ONLY), "/v1/responses/resp_1");
    assertTrue(upstream.calls().isEmpty(), "a refused request never reaches the upstream");

    assertEquals(200, anonymous().bearer(LIMITED).postJson("v1/chat/completions", CHAT).status(), "inference works");
    assertEquals(200, anonymous().bearer(LIMITED).postJson("v1/embeddings", MODEL_ONLY).status());
    assertEquals(List.of("gpt-4o-mini"), ids(anonymous().bearer(LIMITED).get("v1/models")));
  }

  @Test void explicitAllowedEndpointsAreExactlyWhatTheKeyReaches() {
    Response deleted = send(FILES, "DELETE", "v1/files/file-abc", MODEL_ONLY);
    assertEquals(200, deleted.status(), deleted::toString);
    assertEquals("DELETE /v1/files/file-abc", upstream.onlyCall().method() + " " + upstream.onlyCall().path());
    assertEquals(200, anonymous().bearer(FILES).postJson("v1/chat/completions", CHAT).status());

    assertEndpointNotAllowed(send(FILES, "GET", "v1/batches", MODEL_ONLY), "GET /v1/batches");
    assertEndpointNotAllowed(send(FILES, "POST", "v1/embeddings", MODEL_ONLY), "POST /v1/embeddings");
    Response messages = anonymous().bearer(FILES).postJson("v1/messages", MODEL_ONLY);
    assertEquals(403, messages.status(), messages::toString);
    assertEquals("error", messages.json().getString("type"), "Anthropic's shape on Anthropic's endpoint");
    assertEquals("permission_error", messages.json().getJsonObject("error").getString("type"), messages::toString);
    assertEquals(2, upstream.calls().size(), "only the allowed calls went upstream");
  }

  @Test void keyWithoutAModelListKeepsEveryEndpoint() {
    assertEquals(200, send(TEAM, "DELETE", "v1/files/file-abc", MODEL_ONLY).status());
    assertEquals(200, send(TEAM, "GET", "v1/batches", MODEL_ONLY).status());
    assertEquals(200, send(TEAM, "POST", "v1/fine_tuning/jobs", MODEL_ONLY).status());
    assertEquals(3, upstream.calls().size());
  }

  @Test void theAdminApiSetsAllowedEndpointsAndRefusesUnknownNamesWith400() {
    AdminClient admin = AdminClient.withPassword(base, PASSWORD);
    Response created = admin.post("client-keys", "{\"name\":\"api-scoped\",\"allowedModels\":[\"gpt-4o-mini\"],"
        + "\"allowedEndpoints\":[\"chat\",\"files\"]}");
    assertEquals(201, created.status(), created::toString);
    String key = created.json().getString("key");
    JsonObject stored = created.json().getJsonObject("clientKey");
    assertEquals(List.of("chat", "files"), strings(stored, "allowedEndpoints"));
    assertEquals(List.of("chat", "files"), strings(stored, "endpoints"));
    eventually(() -> send(key, "DELETE", "v1/files/file-1", MODEL_ONLY).status() == 200, "files reached");
    assertEndpointNotAllowed(send(key, "GET", "v1/batches", MODEL_ONLY), "GET /v1/batches");

    // Leaving the field out is the default again: inference only, as the model list limits the key.
    Response updated = admin.put("client-keys/" + stored.getJsonNumber("id").longValue(), "{\"name\":\"api-scoped\","
        + "\"allowedModels\":[\"gpt-4o-mini\"],\"version\":" + stored.getJsonNumber("version").longValue() + "}");
    assertEquals(200, updated.status(), updated::toString);
    assertTrue(!updated.json().containsKey("allowedEndpoints") || updated.json().isNull("allowedEndpoints"),
        updated::toString);
    assertTrue(strings(updated.json(), "endpoints").contains("embeddings"), updated::toString);
    assertFalse(strings(updated.json(), "endpoints").contains("files"), updated::toString);
    eventually(() -> send(key, "DELETE", "v1/files/file-1", MODEL_ONLY).status() == 403, "files refused");

    JsonObject error = OpenAiErrors.expect(admin.post("client-keys",
        "{\"name\":\"api-typo\",\"allowedEndpoints\":[\"chat\",\"filez\"]}"), 400);
    assertEquals("allowedEndpoints", OpenAiErrors.field(error, "param"));
    assertEquals("invalid_value", OpenAiErrors.field(error, "code"));
    assertTrue(error.getString("message").contains("'filez' is not an endpoint name"), error::toString);
    assertEquals("allowedEndpoints[0]", OpenAiErrors.field(OpenAiErrors.expect(admin.post("client-keys",
        "{\"name\":\"api-blank\",\"allowedEndpoints\":[\" \"]}"), 400), "param"));
    assertFalse(admin.get("client-keys").text().contains("api-typo"), "nothing stored");
  }

  private static List<String> strings(JsonObject o, String field) {
    return o.getJsonArray(field).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
  }

  /** A change through the admin API reaches /v1 at once on this instance; allow a moment all the same. */
  private static void eventually(BooleanSupplier condition, String what) {
    if (!Poll.until(Duration.ofSeconds(2), Duration.ofMillis(50), condition::getAsBoolean, done -> done)) {
      throw new AssertionError(what + " not within 2 s");
    }
  }

  private Response send(String key, String method, String path, String json) {
    return anonymous().bearer(key).send(method, path, json == null ? null : "application/json",
        json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertEndpointNotAllowed(Response r, String endpoint) {
    JsonObject error = OpenAiErrors.expect(r, 403);
    assertEquals("endpoint_not_allowed", OpenAiErrors.field(error, "code"));
    assertEquals("invalid_request_error", OpenAiErrors.field(error, "type"));
    assertTrue(OpenAiErrors.field(error, "message").contains(endpoint), error::toString);
  }

  private void assertInvalidApiKey(Response r) {
    JsonObject error = OpenAiErrors.expect(r, 401);
    assertEquals("invalid_api_key", OpenAiErrors.field(error, "code"));
    assertTrue(upstream.calls().isEmpty(), "a refused request never reaches the upstream");
  }

  private static List<String> ids(Response r) {
    assertEquals(200, r.status(), r::toString);
    return r.json().getJsonArray("data").stream().map(v -> v.asJsonObject().getString("id")).toList();
  }
}
