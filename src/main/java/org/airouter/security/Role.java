package org.airouter.security;

import java.util.Locale;
import java.util.Optional;

/**
 * What a console user or admin token may do. {@code viewer} reads (never a secret), {@code operator} also changes
 * routes, targets, client keys, teams, limits and prices, {@code admin} does everything (users, admin tokens, export
 * with secrets, the audit log). {@code member} is outside that ladder: it is refused wherever a ladder role is asked,
 * and may use only its own self-service surface (its own keys in its team, its own usage), which admins may use too.
 */
public enum Role {
  MEMBER, VIEWER, OPERATOR, ADMIN;

  /** Whether this role may do what needs {@code required}. */
  public boolean allows(Role required) {
    if (this == MEMBER || required == MEMBER) return this == required || this == ADMIN;
    return ordinal() >= required.ordinal();
  }

  /** The name stored and sent: lower case. */
  public String id() { return name().toLowerCase(Locale.ROOT); }

  public static Optional<Role> of(String id) {
    if (id == null) return Optional.empty();
    for (Role role : values()) {
      if (role.id().equals(id.trim().toLowerCase(Locale.ROOT))) return Optional.of(role);
    }
    return Optional.empty();
  }
}
