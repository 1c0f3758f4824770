package org.airouter.proxy;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.OpenAiErrors;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests the router refuses itself, in OpenAI's error shape, without calling the upstream. No default route here,
 * so a missing or unmatched model has nowhere to go; the body limit is small so 413 is cheap to provoke.
 */
@ExtendWith(ArquillianExtension.class)
class BadRequestsIT {
  static final String KEY = "ar-test-key-bad-requests-0001";
  static final int MAX_BODY_BYTES = 16 * 1024;

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(BadRequestsIT.class)
        .config(ConfigFiles.config()
            .route(route("gpt-4o", "exact", "gpt-4o").at(upstream))
            .clientKey(clientKey("team-a", KEY)))
        .set(RouterSettings.MAX_BODY_BYTES, MAX_BODY_BYTES)
        .apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  RouterClient client() { return RouterClient.at(base).bearer(KEY); }

  @AfterEach void nothingReachedTheUpstream() {
    assertTrue(upstream.calls().isEmpty(), () -> "a refused request reached the upstream: " + upstream.calls());
  }

  @Test void unmatchedModelWithoutDefaultRouteIs404ModelNotFound() {
    Response r = client().postJson("v1/chat/completions", "{\"model\":\"no-such-model\",\"messages\":[]}");

    JsonObject error = OpenAiErrors.expect(r, 404);
    assertEquals("invalid_request_error", error.getString("type"));
    assertEquals("model", OpenAiErrors.field(error, "param"));
    assertEquals("model_not_found", OpenAiErrors.field(error, "code"));
  }

  @Test void nonJsonBodyIs400() {
    Response r = client().postJson("v1/chat/completions", "model=gpt-4o&messages=hi");

    JsonObject error = OpenAiErrors.expect(r, 400);
    assertEquals("invalid_request_error", error.getString("type"));
  }

  @Test void missingModelIs400OnParamModel() {
    Response r = client().postJson("v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    JsonObject error = OpenAiErrors.expect(r, 400);
    assertEquals("invalid_request_error", error.getString("type"));
    assertEquals("model", OpenAiErrors.field(error, "param"));
  }

  @Test void nonStringModelIs400OnParamModel() {
    Response r = client().postJson("v1/chat/completions", "{\"model\":42,\"messages\":[]}");

    JsonObject error = OpenAiErrors.expect(r, 400);
    assertEquals("model", OpenAiErrors.field(error, "param"));
  }

  /** Issue 14: "Model" beside "model" could be checked as one model and run as another upstream. */
  @Test void modelInAnotherCaseIs400Ambiguous() {
    Response r = client().postJson("v1/chat/completions", "{\"model\":\"gpt-4o\",\"Model\":\"gpt-4o-mini\"}");

    JsonObject error = OpenAiErrors.expect(r, 400);
    assertEquals("invalid_request_error", error.getString("type"));
    assertEquals("ambiguous_field", OpenAiErrors.field(error, "code"));
    assertEquals("model", OpenAiErrors.field(error, "param"));
  }

  /** Issue 14: the first of two model fields was checked; an upstream that takes the last ran another model. */
  @Test void multipartWithTwoModelFieldsIs400Ambiguous() {
    byte[] body = ("--b0\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ngpt-4o\r\n"
        + "--b0\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ngpt-4o-mini\r\n--b0--\r\n")
        .getBytes(StandardCharsets.US_ASCII);

    Response r = client().send("POST", "v1/audio/transcriptions", "multipart/form-data; boundary=b0", body);

    JsonObject error = OpenAiErrors.expect(r, 400);
    assertEquals("ambiguous_field", OpenAiErrors.field(error, "code"));
  }

  /** Issue 14: "xboundary=" was read as the boundary, so the router and the upstream split different parts. */
  @Test void multipartWithAnAmbiguousBoundaryIs400() {
    byte[] body = ("--b0\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ngpt-4o\r\n--b0--\r\n")
        .getBytes(StandardCharsets.US_ASCII);

    Response r = client().send("POST", "v1/audio/transcriptions", "multipart/form-data; xboundary=b0; boundary=b1",
        body);

    JsonObject error = OpenAiErrors.expect(r, 400);
    assertEquals("invalid_multipart", OpenAiErrors.field(error, "code"));
  }

  @Test void bodyOverTheLimitIs413() {
    String padding = "x".repeat(MAX_BODY_BYTES * 2);
    byte[] body = ("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + padding + "\"}]}")
        .getBytes(StandardCharsets.UTF_8);

    Response r = client().send("POST", "v1/chat/completions", "application/json", body);

    OpenAiErrors.expect(r, 413);
  }

  @Test void wrongMethodOnAKnownEndpointIs405() {
    Response r = client().send("DELETE", "v1/chat/completions", null, null);

    OpenAiErrors.expect(r, 405);
  }

  @Test void unknownPathOutsideV1Is404() {
    Response r = client().get("v2/chat/completions");

    OpenAiErrors.expect(r, 404);
  }
}
