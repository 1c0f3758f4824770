package org.airouter.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.airouter.secrets.Redactor;
import org.airouter.wire.OpenAiError;
import org.junit.jupiter.api.Test;

class UpstreamErrorsTest {
  private static final String PROVIDER_KEY = "sk-proj-Zq81mWx0uVbT3BlbkFJ4rP2";

  private static OpenAiError convert(int status, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return UpstreamErrors.toOpenAi(status, bytes, bytes.length, Redactor.of(PROVIDER_KEY, Map.of(), Map.of()));
  }

  @Test
  void openAiShapedErrorKeepsTypeParamCodeAndStatus() {
    OpenAiError error = convert(400, """
        {"error":{"message":"Invalid value for 'temperature'.","type":"invalid_request_error",
                  "param":"temperature","code":"invalid_value"}}""");
    assertEquals(new OpenAiError(400, "Invalid value for 'temperature'.", "invalid_request_error", "temperature",
        "invalid_value"), error);
  }

  @Test
  void statusIsKeptAndMissingFieldsGetDefaults() {
    OpenAiError error = convert(429, "{\"error\":{\"message\":\"Slow down\",\"param\":null,\"code\":null}}");
    assertEquals(429, error.status());
    assertEquals("rate_limit_error", error.type());
    assertNull(error.param());
    assertNull(error.code());
    assertEquals("server_error", convert(503, "{\"error\":{}}").type());
    assertEquals("Upstream error", convert(503, "{\"error\":{}}").message());
  }

  @Test
  void numericCodeBecomesText() {
    assertEquals("1234", convert(400, "{\"error\":{\"message\":\"m\",\"code\":1234}}").code());
  }

  @Test
  void errorAsAPlainStringIsKept() {
    OpenAiError error = convert(401, "{\"error\":\"bad credentials\"}");
    assertEquals(new OpenAiError(401, "bad credentials", "authentication_error", null, null), error);
  }

  @Test
  void nonJsonBodyIsWrapped() {
    OpenAiError error = convert(502, "<html><body>Bad Gateway</body></html>\n");
    assertEquals(502, error.status());
    assertEquals("server_error", error.type());
    assertEquals("upstream_error", error.code());
    assertEquals("Upstream returned HTTP 502: <html><body>Bad Gateway</body></html>", error.message());
    assertEquals("Upstream returned HTTP 500.", convert(500, "").message());
  }

  @Test
  void jsonWithoutAnErrorObjectIsWrapped() {
    OpenAiError error = convert(404, "{\"detail\":\"Not Found\"}");
    assertEquals("invalid_request_error", error.type());
    assertEquals("upstream_error", error.code());
    assertTrue(error.message().contains("Not Found"), error.message());
  }

  @Test
  void theProviderKeyIsRedactedEverywhere() {
    OpenAiError json = convert(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + PROVIDER_KEY
        + ". Find your key at …\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
    OpenAiError text = convert(401, "auth failed for key " + PROVIDER_KEY);
    OpenAiError plain = convert(401, "{\"error\":\"key " + PROVIDER_KEY + " revoked\"}");
    for (OpenAiError error : new OpenAiError[] {json, text, plain}) {
      assertFalse(error.message().contains(PROVIDER_KEY), error.message());
      assertFalse(error.message().contains("Zq81mWx0uVbT3Blbk"), error.message());
      assertTrue(error.message().contains("redacted"), error.message());
    }
  }

  @Test
  void keyLookAlikesAreRedacted() {
    OpenAiError error = convert(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-abc1***********wxyz;"
        + " relay key ar-9f8e7d6c5b4a, rk-live_ABCDEF123, pk-test.1234567\"}}");
    assertEquals("Incorrect API key provided: sk-[redacted]; relay key ar-[redacted], rk-[redacted], pk-[redacted]",
        error.message());
  }

  @Test
  void theProviderKeyIsRedactedFromTypeParamAndCodeTooEvenEscaped() {
    String escaped = "\\u0073k-proj-Zq81mWx0uVbT3BlbkFJ4rP2";   // the key with its first letter JSON-escaped
    OpenAiError error = convert(401, "{\"error\":{\"message\":\"" + escaped + "\",\"type\":\"" + PROVIDER_KEY
        + "\",\"param\":\"x " + escaped + "\",\"code\":\"" + escaped + "\"}}");
    for (String field : new String[] {error.message(), error.type(), error.param(), error.code()}) {
      assertFalse(field.contains("Zq81mWx0"), field);
      assertTrue(field.contains("[redacted]"), field);
    }
    assertFalse(new String(error.toBytes(), StandardCharsets.UTF_8).contains("Zq81mWx0"));
  }

  @Test
  void longBodiesAreCut() {
    OpenAiError error = convert(500, "x".repeat(10_000));
    assertTrue(error.message().length() < 2100, "length " + error.message().length());
  }
}
