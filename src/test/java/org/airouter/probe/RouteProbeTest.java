package org.airouter.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.airouter.provider.ProviderKind;
import org.airouter.routing.MatchKind;
import org.airouter.routing.RouteSpec;
import org.airouter.testing.DatabaseTarget;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.PerDatabase;
import org.airouter.testing.RecordedRequest;
import org.airouter.testing.Reply;
import org.airouter.testing.RouterParts;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The streamed online test of an Anthropic route, which the console runs (ProbeRequestIT covers the whole answer
 * through the admin API): the Messages API called as the proxy calls it, its events translated back to the text an
 * OpenAI client reads, piece by piece.
 */
@Tag("db")
class RouteProbeTest {
  @RegisterExtension static final PerDatabase DATABASES = new PerDatabase();
  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Test void anAnthropicRouteStreamsThroughTheMessagesApiAndIsTranslatedBack() {
    RouterParts parts = DATABASES.clean(DatabaseTarget.H2);
    parts.routes().save(new RouteSpec("claude", MatchKind.EXACT, "claude-x", ProviderKind.ANTHROPIC,
        upstream.origin(), "sk-ant-stream", null, false, true, null, null, Map.of("X-Route-Extra", "yes"),
        Map.of("beta", "true")));
    upstream.replies(Reply.anthropicStream("text.sse"));
    List<String> pieces = new ArrayList<>();

    RouteProbe.Result result;
    try (RouteProbe probe = new RouteProbe(parts.router(), (routeId, last) -> { }, 5_000, 10_000)) {
      result = probe.stream("claude-x", null, "hi", 16, pieces::add);
    }

    assertTrue(result.ok(), result::toString);
    assertEquals("Hello there", result.text());
    assertEquals(List.of("Hello", " there"), pieces, "each text delta as it arrives");
    assertEquals(12, result.usage().getInt("completion_tokens"), result::toString);
    assertTrue(result.firstByteMs() >= 0, result::toString);
    RecordedRequest call = upstream.onlyCall();
    assertEquals("/v1/messages", call.path());
    assertEquals("beta=true", call.query());
    assertEquals("2023-06-01", call.header("anthropic-version"));
    assertEquals("sk-ant-stream", call.header("x-api-key"));
    assertEquals("yes", call.header("X-Route-Extra"));
    assertTrue(call.wantsStream(), call::text);
  }
}
