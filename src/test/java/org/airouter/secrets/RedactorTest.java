package org.airouter.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.airouter.wire.OpenAiError;
import org.junit.jupiter.api.Test;

/** The one redaction rule: the route's own secrets by value, key-shaped strings by pattern, after decoding. */
class RedactorTest {
  static final String KEY = "prov-7Hq2LmX9vB4nT8wZ";   // not key-shaped: only the value rule can find it
  static final String HEADER = "tenant-0f9e8d7c6b5a";
  static final String QUERY = "Zk3r9Qw8Lp2Mn7Bv5Xc1";
  static final Redactor ROUTE = Redactor.of(KEY, Map.of("X-Tenant-Auth", HEADER, "Authorization", "Bearer tok_abcdefgh12"),
      Map.of("sig", QUERY, "api-version", "2024-06-01"));

  @Test void theRoutesOwnSecretsGoByValue() {
    assertEquals("key [redacted], header [redacted], query [redacted]",
        ROUTE.redact("key " + KEY + ", header " + HEADER + ", query " + QUERY));
    assertEquals("token [redacted]", ROUTE.redact("token tok_abcdefgh12"), "the credential of a scheme-prefixed value");
    assertEquals("api-version 2024-06-01", ROUTE.redact("api-version 2024-06-01"), "a query value that is no secret");
  }

  @Test void halfAKeyIsStillRedacted() {
    String out = ROUTE.redact("first half prov-7Hq2Lm then X9vB4nT8wZ");
    assertFalse(out.contains("7Hq2Lm") || out.contains("X9vB4nT8wZ"), out);
  }

  @Test void escapedFormsAreDecodedFirst() {
    String escaped = "\\u0070rov-7Hq2LmX9vB4nT8wZ";   // "prov-…" with its p escaped, as JSON may carry it
    assertEquals("[redacted]", ROUTE.redact(escaped));
    assertEquals("sk-[redacted]", Redactor.PATTERNS.redact("\\u0073k-abcdef123456"));
    String json = ROUTE.redactJson("{\"error\":{\"message\":\"" + escaped + "\",\"code\":\"\\u0073k-ant-api03-xyzxyzxyz\"}}");
    assertFalse(json.contains("7Hq2LmX9") || json.contains("xyzxyzxyz"), json);
  }

  @Test void everyFieldOfAnErrorIsRedacted() {
    OpenAiError out = ROUTE.redact(new OpenAiError(401, "m " + KEY, KEY, "p " + HEADER, QUERY));
    assertEquals(new OpenAiError(401, "m [redacted]", "[redacted]", "p [redacted]", "[redacted]"), out);
  }

  @Test void aSecretSplitAcrossFieldsIsRedactedInEach() {
    OpenAiError out = ROUTE.redact(new OpenAiError(401, "prov-7Hq2LmX9", "vB4nT8wZ", "x", "prov-7Hq2"));
    String all = out.message() + out.type() + out.param() + out.code();
    assertFalse(all.contains("7Hq2LmX9"), all);
    assertTrue(out.message().contains("[redacted]"), out.message());
    assertEquals("[redacted]", out.type(), "the key's second half, 8 characters of it");
  }

  @Test void keyShapedStringsGoByPattern() {
    assertEquals("sk-[redacted] sk-ant-[redacted] sk-proj-[redacted] ar-[redacted] [redacted] Bearer [redacted]",
        Redactor.PATTERNS.redact("sk-abcdef123 sk-ant-api03-abcdef sk-proj-abc123def ar-0123456789 "
            + "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUv Bearer eyJhbGciOi.x"));
  }

  @Test void shortValuesAreNotUsed() {
    // A key shorter than 4 characters would redact half the message; only look-alikes go.
    assertEquals("abc", Redactor.of("ab", Map.of("X-Flag", "on"), Map.of()).redact("abc"));
    assertEquals("on", Redactor.of("ab", Map.of("X-Flag", "on"), Map.of()).redact("on"));
  }

  @Test void anSseFrameKeepsItsShape() {
    String frame = "event: error\ndata: {\"type\":\"error\",\"error\":{\"message\":\"bad \\u0070rov-7Hq2LmX9vB4nT8wZ\"}}\n\n";
    assertEquals("event: error\ndata: {\"type\":\"error\",\"error\":{\"message\":\"bad [redacted]\"}}\n\n",
        ROUTE.redactSseFrame(frame));
  }
}
