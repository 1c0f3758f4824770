package org.airouter.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.Map;
import org.airouter.config.Settings;
import org.airouter.usage.Cost;
import org.airouter.usage.Tokens;
import org.junit.jupiter.api.Test;

class ObservabilityTest {

  @Test void tracesAreOffUnlessTheOtelSettingsAskForThem() {
    assertFalse(Tracing.enabled(Settings.with(Map.of())), "nothing set: off");
    assertTrue(Tracing.enabled(Settings.with(Map.of("OTEL_TRACES_EXPORTER", "otlp"))));
    assertFalse(Tracing.enabled(Settings.with(Map.of("OTEL_TRACES_EXPORTER", "none"))));
    assertTrue(Tracing.enabled(Settings.with(Map.of("OTEL_SDK_DISABLED", "false"))), "the SDK's own switch");
    assertFalse(Tracing.enabled(Settings.with(Map.of("OTEL_SDK_DISABLED", "true", "OTEL_TRACES_EXPORTER", "otlp"))),
        "disabled wins");
  }

  @Test void withLogAndTracesOffEveryRequestGetsTheSameObjectAndNothingIsReadOfIt() {
    Observability off = Observability.off();
    Observed first = off.start(null, "req_1");   // a null request: nothing may be read of it
    assertSame(first, off.start(null, "req_2"));
    first.attempt(1, "r", "t", "openai", "m", "/chat/completions");
    first.propagate((name, value) -> { throw new AssertionError("no header when tracing is off"); });
    first.attemptEnded("answered", 200);
    first.rejected(401, "invalid_api_key", "/chat/completions", null);
    assertFalse(off.tracing());
  }

  @Test void anAccessLineIsOneJsonObjectWithEveryFieldEvenUnknownOnes() {
    AccessEntry entry = new AccessEntry(Instant.parse("2026-01-02T03:04:05.678Z"), "req_1", "10.0.0.7", "POST",
        "ci \"bot\"\n", null, "gpt", "primary", "openai", "gpt-4o", "gpt-4o-2024", "/chat/completions", true, 200,
        null, new Tokens(5, 3, 0, 0), false, new Cost(1_500_000, true), 12, 40, 1, false);

    String line = AccessLog.line(entry);

    assertFalse(line.contains("\n"), "one line: " + line);
    JsonObject json = Json.createReader(new StringReader(line)).readObject();
    assertEquals("2026-01-02T03:04:05.678Z", json.getString("time"));
    assertEquals("ci \"bot\"\n", json.getString("key"));
    assertEquals(JsonValue.NULL, json.get("team"));
    assertEquals(0.0015, json.getJsonNumber("cost_usd").doubleValue(), 1e-12);
    assertEquals(5, json.getInt("prompt_tokens"));
    assertEquals(3, json.getInt("completion_tokens"));
    assertEquals(12, json.getInt("ttfb_ms"));
    assertEquals(40, json.getInt("total_ms"));
    assertEquals(23, json.size(), "the documented fields: " + json.keySet());
  }

  @Test void operationAndProviderNamesFollowTheGenAiConventions() {
    assertEquals("chat", GenAi.operation("/chat/completions"));
    assertEquals("chat", GenAi.operation("/messages"));
    assertEquals("text_completion", GenAi.operation("/completions"));
    assertEquals("embeddings", GenAi.operation("/embeddings"));
    assertEquals("images/generations", GenAi.operation("/images/generations"));
    assertEquals("azure.ai.openai", GenAi.provider("azure"));
    assertEquals("gcp.gemini", GenAi.provider("gemini"));
    assertEquals("anthropic", GenAi.provider("anthropic"));
  }
}
