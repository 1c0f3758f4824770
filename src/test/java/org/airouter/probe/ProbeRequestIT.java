package org.airouter.probe;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.airouter.testing.AdminClient;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.RecordedRequest;
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
 * The online test (admin API {@code POST test}) calls a route's upstream exactly as the proxy does: the route's extra
 * headers and query parameters, the provider's credentials and defaults (Anthropic's {@code anthropic-version}), and
 * for Anthropic the translated Messages call, whose answer is translated back.
 */
@ExtendWith(ArquillianExtension.class)
class ProbeRequestIT {
  static final String PASSWORD = "admin-password-for-probe-tests";
  static final String KEY = "ar-test-key-probe-request-01";
  static final String OPENAI_KEY = "sk-probe-openai-secret";
  static final String ANTHROPIC_KEY = "sk-ant-probe-secret";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(ProbeRequestIT.class).set(RouterSettings.ADMIN_PASSWORD, PASSWORD)
        .config(ConfigFiles.config()
            .route(route("openai-probe", "exact", "probe-model").at(upstream).apiKey(OPENAI_KEY)
                .headers(Map.of("OpenAI-Organization", "org-route", "X-Route-Extra", "openai-extra"))
                .query(Map.of("trace", "on")))
            .route(route("claude-probe", "exact", "claude-probe").provider("anthropic").baseUrl(upstream.origin())
                .apiKey(ANTHROPIC_KEY).upstreamModel("claude-haiku-4-5")
                .headers(Map.of("X-Route-Extra", "claude-extra")).query(Map.of("beta", "true")))
            .route(route("claude-pinned", "exact", "claude-pinned").provider("anthropic").baseUrl(upstream.origin())
                .apiKey(ANTHROPIC_KEY).headers(Map.of("anthropic-version", "2023-01-01")))
            .clientKey(clientKey("team", KEY)))
        .apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  /** The online test of the model a route serves (each route here serves one model). */
  JsonObject probe(String model) {
    Response r = AdminClient.withPassword(base, PASSWORD).post("test", "{\"model\":\"" + model + "\",\"prompt\":\"hi\"}");
    assertEquals(200, r.status(), r::toString);
    return r.json();
  }

  @Test void anOpenAiRouteIsProbedWithItsExtraHeadersAndQuery() {
    upstream.replies(Reply.chat("Hello from upstream"));

    JsonObject result = probe("probe-model");

    assertTrue(result.getBoolean("ok"), result::toString);
    RecordedRequest call = upstream.onlyCall();
    assertEquals("/v1/chat/completions", call.path());
    assertEquals("trace=on", call.query());
    assertEquals("Bearer " + OPENAI_KEY, call.header("authorization"));
    assertEquals("org-route", call.header("OpenAI-Organization"));
    assertEquals("openai-extra", call.header("X-Route-Extra"));
  }

  @Test void anAnthropicRouteIsProbedThroughTheMessagesApiWithItsVersionAndTranslatedBack() {
    upstream.replies(Reply.anthropicMessage("message-text.json"));

    JsonObject result = probe("claude-probe");

    assertTrue(result.getBoolean("ok"), result::toString);
    assertEquals("Hello there", result.getString("text"), "the Anthropic answer, translated as a client gets it");
    assertEquals(24, result.getJsonObject("usage").getInt("total_tokens"), result::toString);
    RecordedRequest call = upstream.onlyCall();
    assertEquals("/v1/messages", call.path());
    assertEquals("beta=true", call.query());
    assertEquals(List.of("2023-06-01"), call.headers().all("anthropic-version"));
    assertEquals(ANTHROPIC_KEY, call.header("x-api-key"));
    assertNull(call.header("authorization"));
    assertEquals("claude-extra", call.header("X-Route-Extra"));
    assertEquals("claude-haiku-4-5", call.model());
    assertEquals(16, call.json().getInt("max_tokens"));
    assertFalse(call.json().containsKey("stream_options"), "an Anthropic body, not OpenAI's: " + call.text());
  }

  @Test void aRouteHeaderReplacesTheProviderDefault() {
    upstream.replies(Reply.anthropicMessage("message-text.json"));

    assertTrue(probe("claude-pinned").getBoolean("ok"));

    assertEquals(List.of("2023-01-01"), upstream.onlyCall().headers().all("anthropic-version"));
  }

  @Test void theProbeSendsWhatTheProxySends() {
    upstream.replies(Reply.anthropicMessage("message-text.json"), Reply.anthropicMessage("message-text.json"));
    Response proxied = RouterClient.at(base).bearer(KEY).postJson("v1/chat/completions",
        "{\"model\":\"claude-probe\",\"max_tokens\":16,\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(200, proxied.status(), proxied::toString);

    assertTrue(probe("claude-probe").getBoolean("ok"));

    List<RecordedRequest> calls = upstream.calls();
    assertEquals(2, calls.size());
    RecordedRequest byProxy = calls.get(0);
    RecordedRequest byProbe = calls.get(1);
    assertEquals(byProxy.target(), byProbe.target());
    for (String name : List.of("anthropic-version", "x-api-key", "X-Route-Extra", "authorization")) {
      assertEquals(byProxy.headers().all(name), byProbe.headers().all(name), name);
    }
    assertEquals(byProxy.json(), byProbe.json(), "the same prompt makes the same translated body");
  }
}
