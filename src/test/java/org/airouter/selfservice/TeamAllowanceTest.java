package org.airouter.selfservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.airouter.keys.Budget;
import org.airouter.keys.LimitPolicy;
import org.airouter.keys.Limits;
import org.airouter.security.Caller;
import org.airouter.security.Role;
import org.junit.jupiter.api.Test;

class TeamAllowanceTest {
  static final LimitPolicy TEAM = new LimitPolicy(new Limits(100L, 50_000L, 4L),
      Map.of("gpt-4*", new Limits(10L, null, null)), new Budget(50, Budget.Period.MONTH));

  static LimitPolicy key(Limits limits) { return new LimitPolicy(limits, Map.of(), null); }

  @Test void aKeyAtOrUnderTheTeamsLimitsFits() {
    assertEquals(List.of(), TeamAllowance.overTeam(TEAM, key(new Limits(100L, 50_000L, 4L))));
    assertEquals(List.of(), TeamAllowance.overTeam(TEAM, key(new Limits(5L, null, null))));
    assertEquals(List.of(), TeamAllowance.overTeam(TEAM, LimitPolicy.NONE), "no limits of its own: the team's apply");
  }

  @Test void eachLimitAboveTheTeamsIsNamed() {
    List<String> over = TeamAllowance.overTeam(TEAM, key(new Limits(101L, 50_001L, 4L)));
    assertEquals(List.of("limits.rpm: 101 is above the team's 100", "limits.tpm: 50001 is above the team's 50000"), over);
  }

  @Test void aModelLimitMayExceedNeitherTheTeamsLimitNorItsLimitForThatModel() {
    LimitPolicy key = new LimitPolicy(Limits.NONE, Map.of("gpt-4*", new Limits(20L, null, null)), null);
    assertEquals(List.of("modelLimits.gpt-4*.rpm: 20 is above the team's for gpt-4* 10"),
        TeamAllowance.overTeam(TEAM, key));
    LimitPolicy other = new LimitPolicy(Limits.NONE, Map.of("claude-*", new Limits(200L, null, null)), null);
    assertEquals(List.of("modelLimits.claude-*.rpm: 200 is above the team's 100"), TeamAllowance.overTeam(TEAM, other));
  }

  @Test void aBudgetAboveTheTeamsIsRefusedOneWithinItIsNot() {
    LimitPolicy rich = new LimitPolicy(Limits.NONE, Map.of(), new Budget(50.5, Budget.Period.DAY));
    assertEquals(List.of("budget.usd: 50.5 is above the team's budget of 50 USD a month"),
        TeamAllowance.overTeam(TEAM, rich));
    assertEquals(List.of(), TeamAllowance.overTeam(TEAM,
        new LimitPolicy(Limits.NONE, Map.of(), new Budget(50, Budget.Period.TOTAL))));
  }

  @Test void aTeamWithoutLimitsLimitsNoKey() {
    assertEquals(List.of(), TeamAllowance.overTeam(LimitPolicy.NONE,
        new LimitPolicy(new Limits(1_000_000L, null, 99L), Map.of(), new Budget(1e6, Budget.Period.MONTH))));
  }

  @Test void theBudgetIsSpentWhenTheSpendReachesIt() {
    long ceiling = TEAM.budget().nanos();
    assertFalse(TeamAllowance.budgetSpent(TEAM, ceiling - 1));
    assertTrue(TeamAllowance.budgetSpent(TEAM, ceiling));
    assertFalse(TeamAllowance.budgetSpent(key(new Limits(1L, null, null)), Long.MAX_VALUE), "no budget: never spent");
    assertTrue(TeamAllowance.budgetSpent(new LimitPolicy(Limits.NONE, Map.of(), new Budget(0, Budget.Period.DAY)), 0),
        "a zero budget allows nothing");
  }

  @Test void theOwnerIsTheUsersNameTheAdminsOrNoneForAToken() {
    assertEquals("alice", Self.ownerOf(new Caller("user:alice", Role.MEMBER)));
    assertEquals("admin", Self.ownerOf(new Caller("admin", Role.ADMIN)));
    assertEquals(null, Self.ownerOf(new Caller("token:deploy", Role.ADMIN)));
    assertEquals(null, Self.ownerOf(null));
  }
}
