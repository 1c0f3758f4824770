package org.airouter.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The headers, address and body of an upstream call, as both the proxy and the online test build them. */
class UpstreamRequestTest {
  static final JsonObject CHAT = Json.createReader(new StringReader(
      "{\"model\":\"m\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).readObject();

  private static Upstream upstream(ProviderKind kind, Map<String, String> headers, Map<String, String> query) {
    return new Upstream("r", kind, "http://up.example", "sk-secret", null, Map.of(), headers, query);
  }

  @Test void credentialsThenProviderDefaultsThenTheRoutesHeaders() {
    Map<String, String> headers = UpstreamRequest.routerHeaders(Providers.of(ProviderKind.ANTHROPIC),
        upstream(ProviderKind.ANTHROPIC, Map.of("X-Team", "blue"), Map.of()));

    assertEquals(Map.of("x-api-key", "sk-secret", "anthropic-version", "2023-06-01", "X-Team", "blue"), headers);
  }

  @Test void aRouteHeaderReplacesADefaultOrTheCredentialsWhateverItsCase() {
    Map<String, String> headers = UpstreamRequest.routerHeaders(Providers.of(ProviderKind.ANTHROPIC),
        upstream(ProviderKind.ANTHROPIC, Map.of("Anthropic-Version", "2023-01-01", "X-API-KEY", "sk-other"), Map.of()));

    assertEquals(2, headers.size(), headers::toString);
    assertEquals("2023-01-01", headers.get("anthropic-version"));
    assertEquals("sk-other", headers.get("x-api-key"));
  }

  @Test void aDefaultNeverReplacesAHeaderTheCallerForwarded() {
    Map<String, String> sent = new LinkedHashMap<>();
    sent.put("anthropic-version", "2024-client");
    UpstreamRequest.addRouterHeaders(Providers.of(ProviderKind.ANTHROPIC), upstream(ProviderKind.ANTHROPIC, Map.of(),
        Map.of()), new UpstreamRequest.Headers() {
          @Override public void set(String name, String value) { sent.put(name, value); }

          @Override public boolean has(String name) { return sent.containsKey(name); }
        });

    assertEquals("2024-client", sent.get("anthropic-version"));
    assertEquals("sk-secret", sent.get("x-api-key"));
  }

  @Test void anOpenAiChatGoesAsItIsWithTheRoutesQuery() {
    UpstreamRequest.Chat chat = UpstreamRequest.chat(upstream(ProviderKind.OPENAI, Map.of(), Map.of("trace", "on")),
        CHAT, null, "m");

    assertEquals("http://up.example/v1/chat/completions?trace=on", chat.uri().toString());
    assertEquals(CHAT.toString(), new String(chat.body(), StandardCharsets.UTF_8));
    assertNull(chat.translation());
  }

  @Test void anAnthropicChatIsTranslatedForTheMessagesApi() {
    UpstreamRequest.Chat chat = UpstreamRequest.chat(upstream(ProviderKind.ANTHROPIC, Map.of(), Map.of("beta", "true")),
        CHAT, "x=1", "m");

    assertEquals("http://up.example/v1/messages?x=1&beta=true", chat.uri().toString());
    JsonObject body = Json.createReader(new StringReader(new String(chat.body(), StandardCharsets.UTF_8))).readObject();
    assertEquals("m", body.getString("model"));
    assertEquals(8, body.getInt("max_tokens"));
    assertEquals("user", body.getJsonArray("messages").getJsonObject(0).getString("role"));
    assertEquals(false, body.containsKey("stream_options"), "Anthropic's shape, not OpenAI's: " + body);
    assertSame(Providers.of(ProviderKind.ANTHROPIC), chat.translation());
  }
}
