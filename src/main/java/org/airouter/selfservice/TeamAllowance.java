package org.airouter.selfservice;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.airouter.keys.Budget;
import org.airouter.keys.LimitPolicy;
import org.airouter.keys.Limits;

/**
 * What a member may give a key they issue: no limit above their team's (a key's own limits only ever narrow what the
 * team allows, so a higher one would be a promise the team's limiter breaks), no budget above the team's, and nothing
 * at all once the team's budget for the period is spent.
 */
public final class TeamAllowance {
  private TeamAllowance() {}

  /** Every way the key's policy exceeds the team's, as "field: reason"; empty when it fits. */
  public static List<String> overTeam(LimitPolicy team, LimitPolicy key) {
    List<String> problems = new ArrayList<>();
    above(problems, "limits", key.limits(), team.limits(), "the team's");
    for (Map.Entry<String, Limits> model : key.modelLimits().entrySet()) {
      String where = "modelLimits." + model.getKey();
      above(problems, where, model.getValue(), team.limits(), "the team's");
      Limits teamModel = team.modelLimits().get(model.getKey());
      if (teamModel != null) above(problems, where, model.getValue(), teamModel, "the team's for " + model.getKey());
    }
    Budget teamBudget = team.budget();
    if (teamBudget != null && key.budget() != null && key.budget().usd() > teamBudget.usd()) {
      problems.add("budget.usd: " + plain(key.budget().usd()) + " is above the team's budget of "
          + plain(teamBudget.usd()) + " USD a " + teamBudget.period().id());
    }
    return problems;
  }

  /** Whether the team's budget for its current period is used up ({@code spentNanos} in that period). */
  public static boolean budgetSpent(LimitPolicy team, long spentNanos) {
    return team.budget() != null && spentNanos >= team.budget().nanos();
  }

  private static void above(List<String> problems, String where, Limits key, Limits team, String whose) {
    check(problems, where + ".rpm", key.rpm(), team.rpm(), whose);
    check(problems, where + ".tpm", key.tpm(), team.tpm(), whose);
    check(problems, where + ".maxConcurrent", key.maxConcurrent(), team.maxConcurrent(), whose);
  }

  private static void check(List<String> problems, String field, Long key, Long team, String whose) {
    if (key != null && team != null && key > team) {
      problems.add(field + ": " + key + " is above " + whose + " " + team);
    }
  }

  private static String plain(double usd) { return BigDecimal.valueOf(usd).stripTrailingZeros().toPlainString(); }
}
