package org.airouter.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Each family of refusal keeps OpenAI's status and type, so a client SDK raises the matching exception. */
class OpenAiErrorTest {

  @Test void eachFamilyHasItsStatusAndType() {
    assertShape(OpenAiError.invalidRequest("bad", "model", "invalid_value"), 400, "invalid_request_error", "model");
    assertShape(OpenAiError.unauthorized("who?", "not_signed_in"), 401, "invalid_request_error", null);
    assertShape(OpenAiError.permissionDenied("no", "includeSecrets"), 403, "invalid_request_error", "includeSecrets");
    assertShape(OpenAiError.notFound("none"), 404, "invalid_request_error", null);
    assertShape(OpenAiError.refused(415, "json only", "unsupported_media_type"), 415, "invalid_request_error", null);
    assertShape(OpenAiError.conflict("taken", "duplicate_name"), 409, "invalid_request_error", null);
    assertShape(OpenAiError.rateLimited("slow down", "tokens", "rate_limit_exceeded"), 429, "tokens", null);
    assertShape(OpenAiError.serverError(502, "upstream", "upstream_bad_answer"), 502, "server_error", null);
  }

  @Test void aPermissionRefusalSaysSoInItsCode() {
    assertEquals("permission_denied", OpenAiError.permissionDenied("no", null).code());
    assertEquals("not_found", OpenAiError.notFound("none").code());
  }

  private static void assertShape(OpenAiError error, int status, String type, String param) {
    assertEquals(status, error.status());
    JsonObject body = error.toJson().getJsonObject("error");
    assertEquals(type, body.getString("type"));
    assertEquals(param, body.isNull("param") ? null : body.getString("param"));
  }
}
