package org.airouter.security.oidc;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.airouter.security.Role;

/**
 * Which console role a signed-in user gets from one claim of their ID token (by default {@code groups}): each claim
 * value the mapping names gives a role, and a user with several gets the highest ({@code member} is the lowest: a
 * member who is also mapped to viewer is a viewer). A user whose claim names no mapped value gets none and is not
 * signed in. The claim may be a string or a list of strings, and may sit in a nested object ({@code
 * realm_access.roles}, Keycloak's realm roles).
 */
public final class ClaimRoles {
  private final String claim;
  private final Map<String, Role> roles;

  private ClaimRoles(String claim, Map<String, Role> roles) {
    this.claim = claim;
    this.roles = Map.copyOf(roles);
  }

  /**
   * Parses {@code value=role,value=role}: commas (or new lines) between pairs, the last {@code =} splits (a group
   * name may contain one), roles {@code member}, {@code viewer}, {@code operator} or {@code admin}.
   */
  static ClaimRoles parse(String claim, String mapping) {
    Map<String, Role> roles = new LinkedHashMap<>();
    for (String pair : mapping.split("[,\\n]")) {
      if (pair.isBlank()) continue;
      int eq = pair.lastIndexOf('=');
      if (eq <= 0 || pair.substring(0, eq).isBlank() || eq == pair.length() - 1) {
        throw new IllegalArgumentException("Setting airouter.oidc.role-map: '" + pair.trim()
            + "' is not claim-value=role");
      }
      String value = pair.substring(0, eq).trim();
      String roleName = pair.substring(eq + 1).trim();
      Role role = Role.of(roleName).orElseThrow(() -> new IllegalArgumentException(
          "Setting airouter.oidc.role-map: '" + roleName + "' is not a role (member, viewer, operator or admin)"));
      if (roles.put(value, role) != null) {
        throw new IllegalArgumentException("Setting airouter.oidc.role-map: '" + value + "' is mapped twice");
      }
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("Setting airouter.oidc.role-map is empty: without it nobody could sign in");
    }
    return new ClaimRoles(claim, roles);
  }

  /** The claim's name as configured (a dotted path for a nested claim). */
  public String claim() { return claim; }

  /** The highest role the claim's values map to, or empty. */
  public Optional<Role> roleOf(Map<String, Object> claims) {
    Role best = null;
    for (String value : valuesOf(claims)) {
      Role role = roles.get(value);
      if (role != null && (best == null || role.ordinal() > best.ordinal())) best = role;
    }
    return Optional.ofNullable(best);
  }

  /** The claim's values as strings: none when it is absent, one for a string, each string of a list. */
  public List<String> valuesOf(Map<String, Object> claims) { return values(claim, claims); }

  /** The values of the claim {@code claim} (a dotted path for a nested one) as strings, as {@link #valuesOf}. */
  static List<String> values(String claim, Map<String, Object> claims) {
    Object node = claims;
    for (String part : claim.split("\\.")) {
      if (!(node instanceof Map<?, ?> map)) return List.of();
      node = map.get(part);
    }
    if (node instanceof String s) return List.of(s);
    if (node instanceof Collection<?> list) {
      return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
    return List.of();
  }
}
