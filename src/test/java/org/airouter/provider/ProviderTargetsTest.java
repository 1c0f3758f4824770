package org.airouter.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where each provider kind sends a call, and how it authenticates there. */
class ProviderTargetsTest {

  private static Upstream upstream(ProviderKind kind, String base) {
    return new Upstream("r", kind, base, "sk-secret");
  }

  private static String target(Upstream upstream, String path, String query, String model) {
    return Providers.of(upstream.kind()).target(upstream, path, query, model).toString();
  }

  private static Map<String, String> auth(Upstream upstream) {
    Map<String, String> headers = new LinkedHashMap<>();
    Providers.of(upstream.kind()).authenticate(upstream, headers::put);
    return headers;
  }

  @Test void azureDeploymentFormUsesTheModelAsDeploymentAndTheDefaultApiVersion() {
    Upstream azure = upstream(ProviderKind.AZURE, "https://res.openai.azure.com/");
    assertEquals("https://res.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
        target(azure, "/chat/completions", null, "gpt-4o"));
    assertEquals(Map.of("api-key", "sk-secret"), auth(azure));
  }

  @Test void azureDeploymentMapAndApiVersionAndRouteQuery() {
    Upstream azure = new Upstream("r", ProviderKind.AZURE, "https://res.openai.azure.com/openai", "k", "2025-01-01-preview",
        Map.of("gpt-4o", "my-deployment"), Map.of(), Map.of("team", "a"));
    assertEquals("https://res.openai.azure.com/openai/deployments/my-deployment/embeddings"
            + "?team=a&api-version=2025-01-01-preview",
        target(azure, "/embeddings", "api-version=old", "gpt-4o"));
    assertEquals("https://res.openai.azure.com/openai/deployments/other/audio/transcriptions?team=a&api-version=2025-01-01-preview",
        target(azure, "/audio/transcriptions", null, "other"));
    assertEquals("https://res.openai.azure.com/openai/models?team=a&api-version=2025-01-01-preview",
        target(azure, "/models", null, null));
  }

  @Test void azureV1FormKeepsThePathAndAddsNoApiVersionUnlessSet() {
    Upstream v1 = upstream(ProviderKind.AZURE, "https://res.openai.azure.com/openai/v1/");
    assertEquals("https://res.openai.azure.com/openai/v1/chat/completions", target(v1, "/chat/completions", null, "gpt-4o"));
    Upstream preview = new Upstream("r", ProviderKind.AZURE, "https://res.openai.azure.com/openai/v1", "k", "preview",
        Map.of(), Map.of(), Map.of());
    assertEquals("https://res.openai.azure.com/openai/v1/responses?api-version=preview",
        target(preview, "/responses", null, "gpt-4o"));
  }

  @Test void geminiAppendsThePathToGooglesOpenAiBaseWithBearer() {
    Upstream gemini = upstream(ProviderKind.GEMINI, "https://generativelanguage.googleapis.com/v1beta/openai/");
    assertEquals("https://generativelanguage.googleapis.com/v1beta/openai/chat/completions",
        target(gemini, "/chat/completions", null, "gemini-2.0-flash"));
    assertEquals("https://generativelanguage.googleapis.com/v1beta/openai/embeddings",
        target(upstream(ProviderKind.GEMINI, "https://generativelanguage.googleapis.com"), "/embeddings", null, "m"));
    assertEquals(Map.of("Authorization", "Bearer sk-secret"), auth(gemini));
  }

  @Test void cloudflareTakesTheAccountBaseWithOrWithoutV1() {
    for (String base : new String[] {"https://api.cloudflare.com/client/v4/accounts/acc1/ai/v1/",
        "https://api.cloudflare.com/client/v4/accounts/acc1/ai"}) {
      Upstream cf = upstream(ProviderKind.CLOUDFLARE, base);
      assertEquals("https://api.cloudflare.com/client/v4/accounts/acc1/ai/v1/chat/completions",
          target(cf, "/chat/completions", null, "@cf/meta/llama-3.1-8b-instruct"));
      assertEquals(Map.of("Authorization", "Bearer sk-secret"), auth(cf));
    }
  }

  @Test void anthropicUsesXApiKeyAndAVersionDefault() {
    Upstream anthropic = upstream(ProviderKind.ANTHROPIC, "https://api.anthropic.com/v1");
    assertEquals("https://api.anthropic.com/v1/messages", target(anthropic, "/messages", null, "claude-x"));
    assertEquals(Map.of("x-api-key", "sk-secret"), auth(anthropic));
    assertEquals(Map.of("anthropic-version", "2023-06-01"), Providers.of(ProviderKind.ANTHROPIC).defaultHeaders());
  }

  @Test void routeQueryReplacesAClientParameterOfTheSameNameAndIsEncoded() {
    Upstream relay = new Upstream("r", ProviderKind.OPENAI, "https://relay.example.com", "k", null, Map.of(), Map.of(),
        Map.of("x", "a b&c"));
    assertEquals("https://relay.example.com/v1/files?limit=2&x=a%20b%26c", target(relay, "/files", "x=1&limit=2", null));
  }

  @Test void aClientParameterNamedLikeARouteOrProviderOneIsDroppedInAnyCaseOrEncoding() {
    Upstream azure = new Upstream("r", ProviderKind.AZURE, "https://res.openai.azure.com", "k", "2025-01-01",
        Map.of(), Map.of(), Map.of("trace", "on"));
    assertEquals("https://res.openai.azure.com/openai/deployments/m/chat/completions?x=1&trace=on&api-version=2025-01-01",
        target(azure, "/chat/completions", "TRACE=off&tr%61ce=off&x=1&API-Version=2020-01-01&api%2Dversion=1&+trace=1",
            "m"));
  }

  @Test void aClientQueryWithSemicolonsHashesOrBrokenEscapesIsRefused() {
    Upstream relay = new Upstream("r", ProviderKind.OPENAI, "https://relay.example.com", "k", null, Map.of(), Map.of(),
        Map.of("trace", "on"));
    for (String query : new String[] {"x=1;trace=off", "x=1#frag", "x=%zz", "x=a b"}) {
      InvalidTarget e = assertThrows(InvalidTarget.class, () -> target(relay, "/files", query, null), query);
      assertEquals("invalid_path", e.error().code());
    }
  }

  @Test void aDeploymentNamedByTheClientMustBeASafeName() {
    Upstream azure = upstream(ProviderKind.AZURE, "https://res.openai.azure.com");
    for (String model : new String[] {"..", ".", "a/b", "../../admin", "x?api-version=1", "a#b", "a b", "a%2e"}) {
      InvalidTarget e = assertThrows(InvalidTarget.class, () -> target(azure, "/chat/completions", null, model), model);
      assertEquals("invalid_deployment", e.error().code());
    }
    assertEquals("https://res.openai.azure.com/openai/models?api-version=2024-10-21",
        target(azure, "/models", null, ".."), "no deployment in a path that takes none");
  }

  @Test void aPathThatIsNotCanonicalIsRefusedByEveryProvider() {
    for (ProviderKind kind : ProviderKind.values()) {
      Upstream any = upstream(kind, "https://host.example.com/base");
      for (String path : new String[] {"/../admin", "/chat/completions%3Fx=1", "/a//b", "/a;b", "/%2e%2e"}) {
        assertThrows(InvalidTarget.class, () -> target(any, path, null, "m"), kind + " " + path);
      }
    }
  }

  @Test void headerValuesStayOutOfToString() {
    Upstream relay = new Upstream("r", ProviderKind.OPENAI, "https://relay.example.com", "sk-key", null, Map.of(),
        Map.of("X-Relay-Auth", "secret-value"), Map.of());
    assertFalse(relay.toString().contains("secret-value"), relay.toString());
    assertFalse(relay.toString().contains("sk-key"), relay.toString());
  }
}
