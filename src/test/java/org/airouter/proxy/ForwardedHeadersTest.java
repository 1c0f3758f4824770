package org.airouter.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {
  private static List<String> names(List<Header> headers) {
    return headers.stream().map(h -> h.getName() + ": " + h.getValue()).toList();
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
