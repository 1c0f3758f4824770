package org.airouter.proxy;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Reply;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official OpenAI Java SDK against an Anthropic route: every translated answer and stream parses, tool calls
 * (parallel ones, streamed as argument deltas) included, and failures raise as they would against OpenAI.
 */
@ExtendWith(ArquillianExtension.class)
class AnthropicViaOpenAiSdkIT {
  static final String KEY = "ar-test-key-sdk-anthropic";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(AnthropicViaOpenAiSdkIT.class).config(ConfigFiles.config()
        .route(route("claude", "glob", "claude-*").provider("anthropic").baseUrl(upstream.origin()).apiKey("sk-ant"))
        .clientKey(clientKey("sdk", KEY))).apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;
  OpenAIClient openai;

  @BeforeEach void connect() {
    openai = OpenAIOkHttpClient.builder().baseUrl(base + "v1").apiKey(KEY).maxRetries(0)
        .timeout(Duration.ofSeconds(20)).build();
  }

  @AfterEach void disconnect() { openai.close(); }

  static ChatCompletionCreateParams.Builder ask() {
    return ChatCompletionCreateParams.builder().model("claude-sonnet-4-5").addSystemMessage("Be brief.")
        .addUserMessage("Weather in Paris and Rome?")
        .addFunctionTool(FunctionDefinition.builder().name("get_weather").build());
  }

  List<ChatCompletionChunk> stream(ChatCompletionCreateParams params) {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunks::add);
    }
    return chunks;
  }

  @Test void wholeAnswerWithParallelToolCalls() {
    upstream.replies(Reply.anthropicMessage("message-tools.json"));

    ChatCompletion completion = openai.chat().completions().create(ask().build());

    ChatCompletion.Choice choice = completion.choices().get(0);
    assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
    assertEquals("Checking both.", choice.message().content().orElseThrow());
    List<ChatCompletionMessageFunctionToolCall> calls = choice.message().toolCalls().orElseThrow().stream()
        .map(c -> c.asFunction()).toList();
    assertEquals(List.of("toolu_01Paris", "toolu_02Rome"), calls.stream().map(ChatCompletionMessageFunctionToolCall::id).toList());
    assertEquals("{\"city\":\"Rome\"}", calls.get(1).function().arguments());
    assertEquals(420, completion.usage().orElseThrow().promptTokens());
  }

  @Test void streamedTextWithUsageWhenAsked() {
    upstream.replies(Reply.anthropicStream("text.sse"));

    List<ChatCompletionChunk> chunks = stream(ask().streamOptions(ChatCompletionStreamOptions.builder()
        .includeUsage(true).build()).build());

    ChatCompletionAccumulator all = ChatCompletionAccumulator.create();
    chunks.forEach(all::accumulate);
    ChatCompletion completion = all.chatCompletion();
    assertEquals("Hello there", completion.choices().get(0).message().content().orElseThrow());
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertTrue(last.choices().isEmpty());
    assertEquals(47, last.usage().orElseThrow().totalTokens());
  }

  @Test void streamedParallelToolCallsAccumulateIntoTwoCalls() {
    upstream.replies(Reply.anthropicStream("tools.sse").every(Duration.ofMillis(5)));

    List<ChatCompletionChunk> chunks = stream(ask().build());

    ChatCompletionAccumulator all = ChatCompletionAccumulator.create();
    chunks.forEach(all::accumulate);
    ChatCompletion.Choice choice = all.chatCompletion().choices().get(0);
    assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
    assertEquals("Checking both.", choice.message().content().orElseThrow());
    List<ChatCompletionMessageFunctionToolCall> calls = choice.message().toolCalls().orElseThrow().stream()
        .map(c -> c.asFunction()).toList();
    assertEquals(2, calls.size());
    assertEquals("get_weather", calls.get(0).function().name());
    assertEquals("{\"city\": \"Paris\"}", calls.get(0).function().arguments());
    assertEquals("toolu_02Rome", calls.get(1).id());
    assertEquals("{\"city\": \"Rome\"}", calls.get(1).function().arguments());
    assertTrue(chunks.stream().allMatch(c -> c.usage().isEmpty()), "no usage chunk unless asked for");
  }

  @Test void anErrorEventMidStreamRaisesInTheSdk() {
    upstream.replies(Reply.anthropicStream("error-mid-stream.sse"));
    List<String> seen = new ArrayList<>();

    OpenAIException e = assertThrows(OpenAIException.class, () -> {
      try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(ask().build())) {
        stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(seen::add)));
      }
    });
    assertEquals("Hel", String.join("", seen), "what came before the error still arrived");
    assertTrue(e.getMessage().contains("Overloaded"), e::getMessage);
  }

  @Test void overloadedIsA503TheSdkKnows() {
    // Retried on the same (only) target up to maxAttempts (3); the last 529 reaches the SDK as a 503.
    upstream.always(Reply.anthropicError(529, "overloaded_error", "Overloaded"));
    InternalServerException e = assertThrows(InternalServerException.class,
        () -> openai.chat().completions().create(ask().build()));
    assertEquals(503, e.statusCode());
    assertEquals(3, upstream.calls().size());
    assertEquals("false", e.headers().values("x-should-retry").get(0));
  }
}
