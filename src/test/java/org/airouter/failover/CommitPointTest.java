package org.airouter.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.airouter.failover.CommitPoint.State;
import org.airouter.provider.anthropic.AnthropicProvider;
import org.airouter.testing.Fixtures;
import org.airouter.wire.SseEvent;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, item 4: the commit point is the first content frame (non-empty text, a tool call, a refusal), never the
 * first byte; an error before it is a failure before commit. Recorded-style fixtures for each shape relayed.
 */
class CommitPointTest {

  /** Feeds the fixture's events one by one; returns the index of the event that decided, and the final state. */
  private static Decision decide(StreamShape shape, List<SseEvent> events) {
    CommitPoint point = new CommitPoint(shape);
    for (int i = 0; i < events.size(); i++) {
      if (point.accept(events.get(i)) != State.HOLDING) return new Decision(i, point.state(), point.error());
    }
    return new Decision(-1, point.finish(), point.error());
  }

  private static Decision decide(StreamShape shape, String fixture) { return decide(shape, Fixtures.events(fixture, 7)); }

  private record Decision(int at, State state, ErrorFrame error) {}

  @Test void openAiChatCommitsAtTheFirstTextNotAtTheRoleOnlyChunk() {
    assertEquals(new Decision(1, State.COMMITTED, null), decide(StreamShape.OPENAI_CHAT, "openai/chat-text.sse"));
  }

  @Test void openAiChatCommitsAtTheFirstToolCall() {
    assertEquals(new Decision(1, State.COMMITTED, null), decide(StreamShape.OPENAI_CHAT, "openai/chat-tools.sse"));
  }

  @Test void aRefusalIsContentButAnEmptyOneIsNot() {
    assertEquals(new Decision(1, State.COMMITTED, null), decide(StreamShape.OPENAI_CHAT, "openai/chat-refusal.sse"));
  }

  @Test void geminisOpenAiEndpointCommitsAtItsFirstChunkWhichCarriesText() {
    assertEquals(new Decision(0, State.COMMITTED, null), decide(StreamShape.OPENAI_CHAT, "gemini/chat-text.sse"));
  }

  @Test void anOpenAiErrorFrameBeforeContentIsAFailureBeforeCommit() {
    Decision d = decide(StreamShape.OPENAI_CHAT, "openai/chat-error-before-content.sse");
    assertEquals(State.FAILED, d.state());
    assertEquals(429, d.error().status());
    assertEquals("Rate limit reached for gpt-4o in organization org-x on tokens per min (TPM).", d.error().message());
  }

  @Test void anErrorAfterContentIsAfterCommit() {
    assertEquals(new Decision(1, State.COMMITTED, null),
        decide(StreamShape.OPENAI_CHAT, "openai/chat-error-after-content.sse"));
  }

  @Test void aStreamThatBreaksOffBeforeContentFailsWithA502() {
    Decision d = decide(StreamShape.OPENAI_CHAT, "openai/chat-broken-before-content.sse");
    assertEquals(State.FAILED, d.state());
    assertEquals(502, d.error().status());
  }

  @Test void anEmptyAnswerEndsWithoutCommittingAndIsNoFailure() {
    List<SseEvent> events = List.of(
        new SseEvent("message", "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}"),
        new SseEvent("message", "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}"));
    assertEquals(new Decision(1, State.ENDED, null), decide(StreamShape.OPENAI_CHAT, events));
  }

  @Test void anthropicMessagesCommitAtTheFirstTextDeltaNotAtMessageStartOrPing() {
    assertEquals(new Decision(3, State.COMMITTED, null),
        decide(StreamShape.ANTHROPIC_MESSAGES, "anthropic/text.sse"));
  }

  @Test void anthropicMessagesCommitAtAToolUseBlockAfterText() {
    assertEquals(new Decision(2, State.COMMITTED, null),
        decide(StreamShape.ANTHROPIC_MESSAGES, "anthropic/tools.sse"));
  }

  @Test void anthropicThinkingTextIsContent() {
    assertEquals(new Decision(2, State.COMMITTED, null),
        decide(StreamShape.ANTHROPIC_MESSAGES, "anthropic/thinking.sse"));
  }

  @Test void anthropicOpenThenOverloadedErrorBeforeContentIsA529BeforeCommit() {
    Decision d = decide(StreamShape.ANTHROPIC_MESSAGES, "anthropic/overloaded-before-content.sse");
    assertEquals(3, d.at());
    assertEquals(State.FAILED, d.state());
    assertEquals(new ErrorFrame(529, "overloaded_error", "Overloaded"), d.error());
  }

  @Test void anthropicErrorAfterTextIsAfterCommit() {
    assertEquals(new Decision(2, State.COMMITTED, null),
        decide(StreamShape.ANTHROPIC_MESSAGES, "anthropic/error-mid-stream.sse"));
  }

  @Test void translatedAnthropicChatCommitsAtTheFirstTextChunkNotTheRoleChunk() {
    List<String> payloads = Fixtures.translate(new AnthropicProvider().chatStream(false), "anthropic/text.sse");
    Decision d = decide(StreamShape.OPENAI_CHAT, payloads.stream().map(p -> new SseEvent("message", p)).toList());
    assertEquals(State.COMMITTED, d.state());
    assertEquals("Hello", Fixtures.joinedContent(payloads.subList(0, d.at() + 1)));
  }

  @Test void translatedAnthropicOverloadedBeforeContentFailsBeforeCommit() {
    List<String> payloads = Fixtures.translate(new AnthropicProvider().chatStream(false),
        "anthropic/overloaded-before-content.sse");
    Decision d = decide(StreamShape.OPENAI_CHAT, payloads.stream().map(p -> new SseEvent("message", p)).toList());
    assertEquals(State.FAILED, d.state());
    assertEquals(503, d.error().status(), "the translator's OpenAI error says overloaded: 503, retried all the same");
    assertEquals(true, RetryRules.defaults().retryable(new AttemptOutcome.Rejected(d.error().status(), d.error().message())));
  }

  @Test void responsesCommitAtTheFirstTextDelta() {
    assertEquals(new Decision(4, State.COMMITTED, null),
        decide(StreamShape.OPENAI_RESPONSES, "responses/text.sse"));
  }

  @Test void responsesCommitAtAFunctionCallItemNotAtAReasoningItem() {
    assertEquals(new Decision(3, State.COMMITTED, null),
        decide(StreamShape.OPENAI_RESPONSES, "responses/function-call.sse"));
  }

  @Test void responsesFailedBeforeContentIsAFailureBeforeCommit() {
    Decision d = decide(StreamShape.OPENAI_RESPONSES, "responses/failed-before-content.sse");
    assertEquals(new ErrorFrame(500, "server_error", "The model failed to generate a response."), d.error());
    Decision e = decide(StreamShape.OPENAI_RESPONSES, "responses/error-before-content.sse");
    assertEquals(new ErrorFrame(429, "rate_limit_exceeded", "Rate limit reached."), e.error());
  }

  @Test void bytesCutAnywhereGiveTheSameDecision() {
    byte[] body = Fixtures.text("anthropic/overloaded-before-content.sse").getBytes(StandardCharsets.UTF_8);
    for (int size : new int[] {1, 3, 64, body.length}) {
      CommitPoint point = new CommitPoint(StreamShape.ANTHROPIC_MESSAGES);
      for (int i = 0; i < body.length; i += size) {
        point.accept(Arrays.copyOfRange(body, i, Math.min(body.length, i + size)));
      }
      assertEquals(State.FAILED, point.finish(), "chunks of " + size);
      assertEquals(529, point.outcome().status());
    }
    CommitPoint text = new CommitPoint(StreamShape.OPENAI_CHAT);
    assertEquals(State.COMMITTED, text.accept(Fixtures.text("openai/chat-text.sse").getBytes(StandardCharsets.UTF_8)));
    assertNull(text.outcome());
  }

  @Test void theShapeFollowsThePathRelayed() {
    assertEquals(StreamShape.OPENAI_CHAT, StreamShape.of("/chat/completions"));
    assertEquals(StreamShape.OPENAI_CHAT, StreamShape.of("/completions"));
    assertEquals(StreamShape.OPENAI_RESPONSES, StreamShape.of("/responses"));
    assertEquals(StreamShape.ANTHROPIC_MESSAGES, StreamShape.of("/messages"));
  }
}
