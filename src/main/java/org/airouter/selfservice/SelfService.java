package org.airouter.selfservice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.airouter.keys.Budget;
import org.airouter.keys.ClientKey;
import org.airouter.keys.ClientKeyService;
import org.airouter.keys.ClientKeySpec;
import org.airouter.keys.IssuedKey;
import org.airouter.keys.LimitPolicy;
import org.airouter.keys.TeamService;
import org.airouter.limits.Limiter;
import org.airouter.security.Caller;
import org.airouter.security.ConsoleUser;
import org.airouter.security.ConsoleUsers;
import org.airouter.usage.UsageReport;
import org.airouter.usage.UsageTotals;

/**
 * A member's own client keys: list, issue (always in their team, never above its limits or budget), revoke; and what
 * those keys used and cost. The admin API's /me and the console's "My keys" page both call this.
 */
@ApplicationScoped
public class SelfService {
  @Inject ClientKeyService keys;
  @Inject TeamService teams;
  @Inject Limiter limiter;
  @Inject UsageReport usage;
  @Inject ConsoleUsers users;

  /** Usage of one own key over a range, and its spend in its own budget's current period (0 without a budget). */
  public record KeyUsage(ClientKey key, UsageTotals totals, long budgetSpentNanos) {}

  /** The team's budget and what the team (every key in it, not only the member's) spent in its current period. */
  public record TeamBudget(String team, Budget budget, long spentNanos) {}

  public record Usage(Instant from, Instant to, List<KeyUsage> keys, UsageTotals total, TeamBudget teamBudget) {}

  /**
   * Who the caller is for self-service. A named user's team is read afresh from the user of their owner name, so a
   * change applies at once; a single sign-on user without such a user (or whose user has no team) keeps the team their
   * sign-in's team claim named.
   */
  public Self self(Caller caller) {
    String owner = Self.ownerOf(caller);
    String recordTeam = owner == null || !Self.isUser(caller) ? null
        : users.byName(owner).map(ConsoleUser::team).orElse(null);
    return new Self(caller.name(), owner, caller.role(), Self.teamOf(caller, recordTeam));
  }

  public List<ClientKey> keys(Self self) { return self.owner() == null ? List.of() : keys.ownedBy(self.owner()); }

  /**
   * Issues a key owned by the caller in their team. The spec's team is ignored: a member cannot place a key
   * elsewhere. Refused without an owner or a team, for a team that is not defined (it would limit nothing), when the
   * key's limits or budget exceed the team's, and when the team's budget for this period is spent.
   */
  public IssuedKey issue(Self self, ClientKeySpec asked) {
    if (self.owner() == null) {
      throw new SelfServiceRefused("no_owner", "An admin token has no keys of its own; sign in as a user.");
    }
    if (self.team() == null) {
      throw new SelfServiceRefused("no_team", "You are in no team, so you cannot issue keys; ask an admin to put you in one.");
    }
    LimitPolicy team = teams.policy(self.team());
    if (team == null) {
      throw new SelfServiceRefused("team_not_defined", "Your team '" + self.team()
          + "' has no limits or budget defined yet, so keys cannot be issued in it; ask an admin to define it.");
    }
    ClientKeySpec spec = new ClientKeySpec(asked.name(), asked.allowedModels(), asked.allowedEndpoints(),
        asked.expiresAt(), true, self.team(), asked.policy());
    List<String> over = TeamAllowance.overTeam(team, spec.policy());
    if (!over.isEmpty()) {
      throw new SelfServiceRefused("over_team_limit", "A key may not have more than its team '" + self.team()
          + "' allows: " + String.join("; ", over) + ".");
    }
    if (TeamAllowance.budgetSpent(team, limiter.spentNanos(true, self.team(), team.budget()))) {
      throw new SelfServiceRefused("team_budget_spent", "Your team '" + self.team() + "' has spent its budget of "
          + team.budget().usd() + " USD for this " + team.budget().period().id() + "; no new keys until it renews.");
    }
    return keys.issue(spec, self.owner());
  }

  /** Another's key, or none: "not found" (404) either way. */
  public ClientKey revoke(Self self, long id) {
    if (self.owner() == null) throw new ClientKeyService.ClientKeyNotFound(id);
    return keys.revokeOwned(id, self.owner());
  }

  /** Own keys' totals over {@code [from, to)}, with each key's and the team's spend in their budget periods. */
  public Usage usage(Self self, Instant from, Instant to) {
    List<ClientKey> own = keys(self);
    Set<String> ids = own.stream().map(k -> String.valueOf(k.id())).collect(Collectors.toSet());
    Map<String, UsageTotals> byKey = own.isEmpty() ? Map.of() : usage.totals(from, to, UsageReport.Dimension.KEY).stream()
        .filter(r -> ids.contains(r.id())).collect(Collectors.toMap(UsageReport.Row::id, UsageReport.Row::totals));
    List<KeyUsage> rows = new ArrayList<>();
    UsageTotals total = UsageTotals.ZERO;
    for (ClientKey k : own) {
      UsageTotals t = byKey.getOrDefault(String.valueOf(k.id()), UsageTotals.ZERO);
      rows.add(new KeyUsage(k, t, limiter.spentNanos(false, String.valueOf(k.id()), k.policy().budget())));
      total = total.plus(t);
    }
    LimitPolicy team = self.team() == null ? null : teams.policy(self.team());
    TeamBudget budget = team == null || team.budget() == null ? null
        : new TeamBudget(self.team(), team.budget(), limiter.spentNanos(true, self.team(), team.budget()));
    return new Usage(from, to, rows, total, budget);
  }

  /** Revokes every key of a user (one who left, say); for operators, from the admin API and the Users page. */
  public List<ClientKey> revokeAllOf(String owner) { return keys.revokeAllOwnedBy(owner); }

}
