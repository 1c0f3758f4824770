package org.airouter.provider.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.airouter.testing.Fixtures;
import org.airouter.wire.OpenAiError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each Anthropic error type → the OpenAI status and type an OpenAI SDK raises on. */
class AnthropicErrorsTest {

  @ParameterizedTest
  @CsvSource({
      "400, invalid_request_error, 400, invalid_request_error",
      "401, authentication_error, 401, authentication_error",
      "403, permission_error, 403, permission_error",
      "404, not_found_error, 404, invalid_request_error",
      "413, request_too_large, 413, invalid_request_error",
      "429, rate_limit_error, 429, rate_limit_error",
      "500, api_error, 500, server_error",
      "529, overloaded_error, 503, server_error"})
  void errorTypesMap(int status, String anthropicType, int openAiStatus, String openAiType) {
    OpenAiError e = AnthropicErrors.toOpenAi(status,
        "{\"type\":\"error\",\"error\":{\"type\":\"" + anthropicType + "\",\"message\":\"why\"}}");
    assertEquals(openAiStatus, e.status());
    assertEquals(openAiType, e.type());
    assertEquals("why", e.message());
  }

  @Test void overloadedIs503() {
    OpenAiError e = AnthropicErrors.toOpenAi(529, Fixtures.text("anthropic/error-overloaded.json"));
    assertEquals(new OpenAiError(503, "Overloaded", "server_error", null, "overloaded"), e);
  }

  @Test void aBodyThatIsNotAnthropicsShapeIsJudgedByStatus() {
    assertEquals(429, AnthropicErrors.toOpenAi(429, "<html>slow down</html>").status());
    assertEquals(503, AnthropicErrors.toOpenAi(529, "").status());
    assertEquals("server_error", AnthropicErrors.toOpenAi(502, "bad gateway").type());
  }
}
