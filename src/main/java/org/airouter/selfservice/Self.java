package org.airouter.selfservice;

import java.util.Locale;
import org.airouter.security.AdminAuthFilter;
import org.airouter.security.Caller;
import org.airouter.security.Role;

/**
 * Who is asking, as self-service sees them: the owner name their keys carry (a named user's name, "admin" for the
 * bootstrap administrator, null for an admin token, which has no keys of its own) and their team (null: none).
 */
public record Self(String caller, String owner, Role role, String team) {
  static final String USER_PREFIX = "user:";
  static final String SSO_PREFIX = "sso:";

  /**
   * The owner name for a caller: "user:alice" → "alice", and "sso:alice" → "alice" too, so the same person owns the
   * same keys whether they signed in with a password or through single sign-on (the provider is trusted to name
   * people, as it is trusted with their role); a token → null. "sso:admin" stays itself: the bootstrap
   * administrator's name is no user's, so a provider's user of that name does not own the administrator's keys.
   */
  public static String ownerOf(Caller caller) {
    if (caller == null || caller.name().startsWith("token:")) return null;
    String name = caller.name();
    if (name.startsWith(USER_PREFIX)) return name.substring(USER_PREFIX.length());
    if (name.startsWith(SSO_PREFIX)) {
      String user = name.substring(SSO_PREFIX.length());
      return user.toLowerCase(Locale.ROOT).equals(AdminAuthFilter.USER) ? name : user;
    }
    return name;
  }

  /**
   * A caller's team: the user record's ({@code recordTeam}, null without a record or a team in it) when there is one,
   * since an admin set it on purpose; else what the sign-in named (a single sign-on's team claim); none for the
   * bootstrap administrator and tokens, which are no user.
   */
  public static String teamOf(Caller caller, String recordTeam) {
    if (!isUser(caller)) return null;
    return recordTeam != null ? recordTeam : caller.team();
  }

  /** Whether the caller is a named user (signed in with a password or through single sign-on). */
  static boolean isUser(Caller caller) {
    return caller != null && (caller.name().startsWith(USER_PREFIX) || caller.name().startsWith(SSO_PREFIX));
  }
}
