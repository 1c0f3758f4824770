package org.airouter.proxy;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.RecordedRequest;
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

/** The official OpenAI Java SDK, pointed at the router with {@code baseUrl(base + "v1")}, works as against OpenAI. */
@ExtendWith(ArquillianExtension.class)
class OpenAiSdkIT {
  static final String KEY = "ar-test-key-sdk-0001";
  static final String PROVIDER_KEY = "sk-sdk-upstream-secret";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    upstream.models("gpt-4o", "gpt-4o-mini", "text-embedding-3-small");
    RouterSettings.fresh(OpenAiSdkIT.class).config(ConfigFiles.config()
        .route(route("gpt-4o-mini", "exact", "gpt-4o-mini").at(upstream).apiKey(PROVIDER_KEY))
        .route(route("openai", "glob", "gpt-*").at(upstream).apiKey(PROVIDER_KEY))
        .route(route("embeddings", "keyword", "embedding").at(upstream).apiKey(PROVIDER_KEY))
        .clientKey(clientKey("sdk", KEY))).apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;
  OpenAIClient openai;

  @BeforeEach void connect() {
    openai = OpenAIOkHttpClient.builder().baseUrl(base + "v1").apiKey(KEY)
        .maxRetries(0)                        // a retry would hide a first failure
        .timeout(Duration.ofSeconds(20)).build();
  }

  @AfterEach void disconnect() {
    openai.close();
  }

  @Test void chatCompletion() {
    ChatCompletion completion = openai.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini").addUserMessage("Say hello").build());

    assertEquals("Hello from mock", completion.choices().get(0).message().content().orElseThrow());
    assertEquals("gpt-4o-mini", completion.model());
    RecordedRequest got = upstream.onlyCall();
    assertEquals(PROVIDER_KEY, got.bearer());
    assertEquals("Say hello", got.json().getJsonArray("messages").getJsonObject(0).getString("content"));
  }

  @Test void streamingChatCompletion() {
    upstream.replies(Reply.stream("Hel", "lo", " SDK").every(Duration.ofMillis(50)));
    String text;
    try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Say hello").build())) {
      text = stream.stream()
          .flatMap(chunk -> chunk.choices().stream())
          .map(choice -> choice.delta().content().orElse(""))
          .collect(Collectors.joining());
    }

    assertEquals("Hello SDK", text);
    assertTrue(upstream.onlyCall().wantsStream());
  }

  @Test void embeddings() {
    CreateEmbeddingResponse response = openai.embeddings().create(EmbeddingCreateParams.builder()
        .model("text-embedding-3-small").input("hello").build());

    List<Float> vector = response.data().get(0).embedding();
    float[] got = new float[vector.size()];
    for (int i = 0; i < got.length; i++) got[i] = vector.get(i);
    assertArrayEquals(Reply.EMBEDDING, got, 0f);
    assertEquals("/v1/embeddings", upstream.onlyCall().path());
  }

  @Test void modelList() {
    List<String> ids = openai.models().list().data().stream().map(Model::id).toList();

    assertTrue(ids.containsAll(List.of("gpt-4o-mini", "gpt-4o", "text-embedding-3-small")), ids::toString);
  }
}
