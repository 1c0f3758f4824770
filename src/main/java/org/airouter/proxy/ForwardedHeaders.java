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
   * Never sent upstream: the client's credentials (ours to check, not the provider's to see), cookies, hop-by-hop
   * headers, what the HTTP client sets itself, and what would tell the provider about the client's network.
   */
  private static final Set<String> NOT_UPSTREAM = Set.of(
      "authorization", "api-key", "x-api-key", "cookie", "cookie2", "host", "content-length", "content-type",
      "content-encoding", "transfer-encoding", "connection", "keep-alive", "proxy-authorization",
      "proxy-authenticate", "proxy-connection", "te", "trailer", "upgrade", "expect", "accept-encoding", "origin",
      "referer", "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip", "via");

  private ForwardedHeaders() {}

  static boolean toUpstream(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return !NOT_UPSTREAM.contains(n) && !n.startsWith("sec-") && !n.startsWith("access-control-");
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
