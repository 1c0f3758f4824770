package org.airouter.proxy;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;

/** Which headers cross the router, in each direction. */
final class ForwardedHeaders {
  /**
   * The only client headers sent upstream (an allowlist: a header not named here stays with the router). The route's
   * own headers and the provider's credentials are added after these, so {@code OpenAI-Organization} and
   * {@code OpenAI-Project}, which choose whom the shared provider account bills, come only from the route. The body's
   * {@code Content-Type} and {@code Content-Encoding} travel with the body, not through this list.
   *
   * <ul>
   *   <li>{@code accept}: JSON or an event stream;</li>
   *   <li>{@code user-agent}: the SDK and its version, which the providers' support asks for;</li>
   *   <li>{@code openai-beta} (Assistants, Realtime), {@code anthropic-version}, {@code anthropic-beta}: they select
   *       the API the body is written for;</li>
   *   <li>{@code idempotency-key}: lets the provider spot an SDK's retry of a call it already took;</li>
   *   <li>{@code x-client-request-id}: the client's own id, which OpenAI logs beside its request id.</li>
   * </ul>
   * Not forwarded, among others: the client's credentials, cookies, hop-by-hop and proxy headers, what tells about
   * the client's network ({@code X-Forwarded-*}, {@code True-Client-IP}, {@code Origin}), what makes a server read
   * another method or path ({@code X-HTTP-Method-Override}, {@code X-Original-URL}), and the SDKs' telemetry
   * ({@code x-stainless-*}: the client's OS, architecture, runtime and retry count, which no upstream needs).
   */
  private static final String[] TO_UPSTREAM = {"accept", "user-agent", "openai-beta", "anthropic-version",
      "anthropic-beta", "idempotency-key", "x-client-request-id"};

  private ForwardedHeaders() {}

  static boolean toUpstream(String name) {
    for (String allowed : TO_UPSTREAM) {
      if (allowed.equalsIgnoreCase(name)) return true;   // no lower-cased copy per header on the hot path
    }
    return false;
  }

  /** Headers the client declared hop-by-hop by naming them in {@code Connection} (RFC 9110, 7.6.1). */
  static Set<String> namedInConnection(Enumeration<String> connectionHeaders) {
    if (connectionHeaders == null || !connectionHeaders.hasMoreElements()) return Set.of();
    Set<String> names = new HashSet<>();
    while (connectionHeaders.hasMoreElements()) {
      for (String token : connectionHeaders.nextElement().split(",")) {
        if (!token.isBlank()) names.add(token.trim().toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  /** What the client gets back of the upstream's headers: content facts, request ids, rate-limit information. */
  static boolean toClient(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals("content-type") || n.equals("x-request-id") || n.equals("retry-after")
        || n.equals("retry-after-ms") || n.equals("content-disposition") || n.equals("cache-control")
        || n.startsWith("openai-") || n.startsWith("x-ratelimit-") || n.startsWith("anthropic-ratelimit-");
  }

  /**
   * What the client gets of an upstream error's headers: rate-limit facts and request ids, no content headers (the
   * body is rebuilt), and the {@code retry-after} the reshaped error names when the upstream sent none.
   *
   * @param upstream the error's headers, or null
   * @param retryAfter from the error's body, or null
   */
  static List<Header> ofError(Header[] upstream, String retryAfter) {
    List<Header> kept = new ArrayList<>();
    if (upstream != null) {
      for (Header header : upstream) {
        String n = header.getName().toLowerCase(Locale.ROOT);
        if (n.startsWith("retry-after") || n.startsWith("x-ratelimit-") || n.equals("x-request-id")
            || n.startsWith("openai-") || n.startsWith("anthropic-ratelimit-")) {
          kept.add(header);
        }
      }
    }
    if (retryAfter != null && kept.stream().noneMatch(h -> h.getName().equalsIgnoreCase("retry-after"))) {
      kept.add(new BasicHeader("retry-after", retryAfter));
    }
    return kept;
  }
}
