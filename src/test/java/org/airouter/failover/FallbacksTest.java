package org.airouter.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 16, item 3: fallbacks, in order, after a route's targets are exhausted. */
class FallbacksTest {
  private final Map<String, Set<String>> models = Map.of(
      "gpt", Set.of("gpt-4o"), "claude", Set.of("claude-sonnet-4-5"), "gpt-eu", Set.of("gpt-4o"),
      "emb", Set.of("text-embedding-3-small"), "emb-azure", Set.of("text-embedding-3-small"),
      "emb-large", Set.of("text-embedding-3-large"), "emb-mixed", Set.of("text-embedding-3-small", "text-embedding-3-large"));

  @Test void fallbacksAreTriedInTheOrderNamedWithoutRepeatsSelfOrUnknownRoutes() {
    assertEquals(List.of("claude", "gpt-eu"),
        Fallbacks.order("gpt", List.of("claude", "gpt", "gone", "gpt-eu", "claude"), false, models));
  }

  @Test void embeddingsFallBackOnlyToTheSameUpstreamModel() {
    assertEquals(List.of("emb-azure"),
        Fallbacks.order("emb", List.of("emb-large", "emb-azure", "emb-mixed"), true, models));
    assertEquals(List.of("emb-large", "emb-azure"),
        Fallbacks.order("emb", List.of("emb-large", "emb-azure"), false, models), "other endpoints may differ");
  }
}
