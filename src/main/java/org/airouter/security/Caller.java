package org.airouter.security;

import java.io.Serializable;
import java.security.Principal;

/**
 * Who makes an admin API call or uses the console: {@code name} is what the audit log shows ("admin",
 * "user:alice", "sso:alice", "token:deploy-bot" and so on), {@code role} what they may do, {@code team} the team the
 * sign-in itself named (a single sign-on's team claim), else null: a named user's own team is read from their record
 * when needed, so an admin's change applies at once. Kept in a console session, hence serializable.
 */
public record Caller(String name, Role role, String team) implements Principal, Serializable {
  /** A caller whose sign-in named no team. */
  public Caller(String name, Role role) { this(name, role, null); }

  @Override public String getName() { return name; }
}
