package org.airouter.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {
  private static List<String> names(List<Header> headers) {
    return headers.stream().map(h -> h.getName() + ": " + h.getValue()).toList();
  }

  @Test void onlyTheAllowlistGoesUpstreamInAnyCase() {
    for (String name : List.of("Accept", "user-agent", "OpenAI-Beta", "anthropic-version", "Anthropic-Beta",
        "Idempotency-Key", "X-Client-Request-Id")) {
      assertTrue(ForwardedHeaders.toUpstream(name), name);
    }
  }

  @Test void billingRoutingAndNetworkHeadersStayWithTheRouter() {
    for (String name : List.of("OpenAI-Organization", "openai-project", "X-HTTP-Method-Override", "X-Original-URL",
        "X-Rewrite-URL", "True-Client-IP", "X-Forwarded-For", "Forwarded", "X-Real-IP", "Authorization", "api-key",
        "x-api-key", "Cookie", "Host", "Connection", "TE", "Proxy-Authorization", "Content-Length", "Content-Type",
        "Origin", "x-stainless-os", "X-Stainless-Retry-Count", "x-request-id", "traceparent",
        "anthropic-dangerous-direct-browser-access", "X-Anything-New")) {
      assertFalse(ForwardedHeaders.toUpstream(name), name);
    }
  }

  @Test void anErrorKeepsRateLimitsAndIdsButNotContentHeaders() {
    Header[] upstream = {new BasicHeader("Content-Type", "text/html"), new BasicHeader("Retry-After", "7"),
        new BasicHeader("x-ratelimit-remaining-requests", "0"), new BasicHeader("x-request-id", "req-1"),
        new BasicHeader("openai-processing-ms", "12"), new BasicHeader("anthropic-ratelimit-tokens-reset", "t"),
        new BasicHeader("Set-Cookie", "a=b"), new BasicHeader("Content-Length", "99")};

    assertEquals(List.of("Retry-After: 7", "x-ratelimit-remaining-requests: 0", "x-request-id: req-1",
        "openai-processing-ms: 12", "anthropic-ratelimit-tokens-reset: t"),
        names(ForwardedHeaders.ofError(upstream, "30")), "the upstream's retry-after wins over the body's");
  }

  @Test void theBodysRetryAfterIsAddedOnlyWhenTheUpstreamSentNone() {
    assertEquals(List.of("retry-after: 30"), names(ForwardedHeaders.ofError(null, "30")));
    assertEquals(List.of(), names(ForwardedHeaders.ofError(new Header[] {new BasicHeader("Server", "x")}, null)));
  }
}
