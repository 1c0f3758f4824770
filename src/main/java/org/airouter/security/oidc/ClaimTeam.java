package org.airouter.security.oidc;

import java.util.Map;
import java.util.Optional;

/**
 * A signed-in user's team from one claim of their ID token ({@code airouter.oidc.team-claim}; a dotted name reads
 * inside an object, as for the roles claim). A string is the team; of a list, the first string is, since a user's
 * keys go to one team and providers send a single-valued attribute as a list often enough. Blank values name no team.
 */
public final class ClaimTeam {
  private ClaimTeam() {}

  /** The team the claim {@code claim} names in {@code claims}, or empty (absent, blank, not a string). */
  public static Optional<String> of(String claim, Map<String, Object> claims) {
    return ClaimRoles.values(claim, claims).stream().findFirst().map(String::trim).filter(team -> !team.isEmpty());
  }
}
