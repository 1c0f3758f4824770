package org.airouter.keys;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.airouter.testing.Entities;
import org.junit.jupiter.api.Test;

class ActiveKeyTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private static ActiveKey key(List<String> allowed, Instant expiresAt, boolean enabled) {
    ClientKey stored = Entities.withId(new ClientKey("team-a", "ar-abcde", "0".repeat(64)), 1);
    stored.apply(new ClientKeySpec("team-a", allowed, expiresAt, enabled));
    return ActiveKey.of(stored);
  }

  @Test
  void keyWithoutAListMayUseEveryModel() {
    ActiveKey key = key(List.of(), null, true);
    assertFalse(key.restricted());
    assertTrue(key.mayUse("gpt-4o"));
    assertTrue(key.mayUse("anything/at-all"));
  }

  @Test
  void exactAllowedModelsMatchOnlyThatName() {
    ActiveKey key = key(List.of("gpt-4o-mini", "text-embedding-3-small"), null, true);
    assertTrue(key.restricted());
    assertTrue(key.mayUse("gpt-4o-mini"));
    assertTrue(key.mayUse("text-embedding-3-small"));
    assertFalse(key.mayUse("gpt-4o"));
    assertFalse(key.mayUse("gpt-4o-mini-2024"));
    assertFalse(key.mayUse("GPT-4O-MINI"));
    assertFalse(key.mayUse(null));
  }

  @Test
  void globAllowedModelsMatchTheirFamily() {
    ActiveKey key = key(List.of("claude-*", "gpt-4o-?", "o1.*"), null, true);
    assertTrue(key.mayUse("claude-3-5-sonnet"));
    assertTrue(key.mayUse("claude-"));
    assertTrue(key.mayUse("gpt-4o-x"));
    assertFalse(key.mayUse("gpt-4o-xy"));
    assertTrue(key.mayUse("o1.preview"));
    assertFalse(key.mayUse("o1-preview"), "a dot in a glob is a dot, not any character");
    assertFalse(key.mayUse("my-claude-3"), "globs are anchored");
  }

  private static ActiveKey scoped(List<String> allowedModels, List<String> allowedEndpoints) {
    ClientKey stored = Entities.withId(new ClientKey("team-a", "ar-abcde", "0".repeat(64)), 1);
    stored.apply(new ClientKeySpec("team-a", allowedModels, allowedEndpoints, null, true));
    return ActiveKey.of(stored);
  }

  @Test
  void keyLimitedToModelsReachesOnlyInferenceByDefault() {
    ActiveKey key = scoped(List.of("gpt-4o-mini"), null);
    for (EndpointGroup g : List.of(EndpointGroup.CHAT, EndpointGroup.EMBEDDINGS, EndpointGroup.RESPONSES,
        EndpointGroup.MESSAGES, EndpointGroup.AUDIO, EndpointGroup.IMAGES, EndpointGroup.MODELS)) {
      assertTrue(key.mayReach(g), g.id());
    }
    for (EndpointGroup g : List.of(EndpointGroup.FILES, EndpointGroup.BATCHES, EndpointGroup.UPLOADS,
        EndpointGroup.FINE_TUNING, EndpointGroup.OTHER)) {
      assertFalse(key.mayReach(g), g.id());
    }
  }

  @Test
  void keyWithoutModelListReachesEverythingByDefault() {
    ActiveKey key = scoped(List.of(), null);
    for (EndpointGroup g : EndpointGroup.values()) assertTrue(key.mayReach(g), g.id());
  }

  @Test
  void explicitEndpointsAreExactlyWhatTheKeyReaches() {
    ActiveKey files = scoped(List.of("gpt-4o-mini"), List.of("chat", "files"));
    assertTrue(files.mayReach(EndpointGroup.FILES));
    assertTrue(files.mayReach(EndpointGroup.CHAT));
    assertFalse(files.mayReach(EndpointGroup.EMBEDDINGS));
    assertFalse(files.mayReach(EndpointGroup.BATCHES));
    ActiveKey unlimitedButScoped = scoped(List.of(), List.of("embeddings"));
    assertTrue(unlimitedButScoped.mayReach(EndpointGroup.EMBEDDINGS));
    assertFalse(unlimitedButScoped.mayReach(EndpointGroup.CHAT));
    assertFalse(unlimitedButScoped.mayReach(EndpointGroup.OTHER));
  }

  @Test
  void enabledKeyWithoutExpiryIsActive() {
    assertTrue(key(List.of(), null, true).activeAt(NOW));
  }

  @Test
  void expiredKeyIsInactiveFromItsExpiryOn() {
    ActiveKey key = key(List.of(), NOW, true);
    assertTrue(key.activeAt(NOW.minusMillis(1)));
    assertFalse(key.activeAt(NOW));
    assertFalse(key.activeAt(NOW.plusSeconds(1)));
  }

  @Test
  void disabledKeyIsInactive() {
    assertFalse(key(List.of(), null, false).activeAt(NOW));
    assertFalse(key(List.of(), NOW.plusSeconds(3600), false).activeAt(NOW));
  }
}
