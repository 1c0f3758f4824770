package org.airouter.provider;

import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the router calls a route's upstream, in the one place both callers use: the proxy (for every client request)
 * and the online test (so that it tests what clients get). Pure: no HTTP client or servlet types; each caller copies
 * the result into its own request.
 *
 * <ul>
 *   <li>Headers, in this order: whatever the caller forwards (the proxy: the client's allowed headers), then the
 *       provider's credentials, then the provider's defaults where no header of that name is set (Anthropic's
 *       {@code anthropic-version}), then the route's extra headers, which may replace any of them.
 *   <li>Address: the provider's prefix from the route's base URL, the path, the client's query, then the route's
 *       query parameters and the provider's own ({@link Provider#target}).
 *   <li>A chat completion to a provider with its own API ({@link TranslatedChat}) goes to that API's chat path, its
 *       body translated; to any other provider it goes to {@code /chat/completions} as it is.
 * </ul>
 */
public final class UpstreamRequest {
  private UpstreamRequest() {}

  /** Where headers go: the proxy's HTTP request, or a map. */
  public interface Headers {
    /** Sets the header, replacing any of that name (in any case). */
    void set(String name, String value);

    /** Whether a header of that name (in any case) is set. */
    boolean has(String name);
  }

  /** The provider's credentials and defaults, then the route's extra headers (which may replace either). */
  public static void addRouterHeaders(Provider provider, Upstream upstream, Headers headers) {
    provider.authenticate(upstream, headers::set);
    provider.defaultHeaders().forEach((name, value) -> {
      if (!headers.has(name)) headers.set(name, value);
    });
    upstream.headers().forEach(headers::set);
  }

  /** {@link #addRouterHeaders} for a call that forwards no header of its own: names in any case, one value each. */
  public static Map<String, String> routerHeaders(Provider provider, Upstream upstream) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    addRouterHeaders(provider, upstream, new Headers() {
      @Override public void set(String name, String value) {
        map.remove(name);   // the new spelling of the name wins with the value
        map.put(name, value);
      }

      @Override public boolean has(String name) { return map.containsKey(name); }
    });
    return map;
  }

  /**
   * An OpenAI chat completion as it goes to the upstream.
   *
   * @param translation the provider's translation, whose answers must be translated back; null when the upstream
   *                    speaks OpenAI's chat API
   */
  public record Chat(URI uri, byte[] body, TranslatedChat translation) {}

  /**
   * The upstream call of an OpenAI chat completion whose model the route has already rewritten.
   *
   * @param query the client's raw query string, or null
   * @throws InvalidTarget                   when the address cannot be built (a 4xx)
   * @throws TranslatedChat.UnsupportedRequest when the request asks for something the upstream cannot do
   */
  public static Chat chat(Upstream upstream, JsonObject openAiRequest, String query, String upstreamModel) {
    Provider provider = Providers.of(upstream.kind());
    if (provider instanceof TranslatedChat chat) {
      byte[] body = chat.chatRequest(openAiRequest).toString().getBytes(StandardCharsets.UTF_8);
      return new Chat(provider.target(upstream, chat.chatPath(), query, upstreamModel), body, chat);
    }
    return new Chat(provider.target(upstream, "/chat/completions", query, upstreamModel),
        openAiRequest.toString().getBytes(StandardCharsets.UTF_8), null);
  }
}
