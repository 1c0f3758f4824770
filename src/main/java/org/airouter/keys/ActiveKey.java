package org.airouter.keys;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.airouter.routing.MatchKind;

/** A client key as the hot path sees it. */
public record ActiveKey(long id, String name, String prefix, Instant expiresAt, boolean enabled,
                        List<String> allowedModels, Predicate<String> allows, Set<EndpointGroup> endpoints,
                        String team, LimitPolicy policy) {

  static ActiveKey of(ClientKey key) {
    List<Pattern> patterns = key.allowedModels().stream().map(MatchKind::globToRegex).toList();
    Predicate<String> allows = patterns.isEmpty()
        ? model -> true
        : model -> model != null && patterns.stream().anyMatch(p -> p.matcher(model).matches());
    return new ActiveKey(key.id(), key.name(), key.prefix(), key.expiresAt(), key.enabled(), key.allowedModels(),
        allows, key.reach(), key.team(), key.policy());
  }

  public boolean activeAt(Instant now) { return enabled && (expiresAt == null || now.isBefore(expiresAt)); }

  /** Allowed models are exact names or globs; a key without a list may call any model. */
  public boolean mayUse(String model) { return allows.test(model); }

  public boolean restricted() { return !allowedModels.isEmpty(); }

  /** Whether this key may call endpoints of the group (checked before the body is read). */
  public boolean mayReach(EndpointGroup group) { return endpoints.contains(group); }
}
