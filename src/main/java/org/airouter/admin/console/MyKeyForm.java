package org.airouter.admin.console;

import java.util.Map;
import org.airouter.keys.Budget;
import org.airouter.keys.ClientKeySpec;
import org.airouter.keys.LimitPolicy;
import org.airouter.keys.Limits;

/**
 * A member's new-key form: the new-key form's fields plus the key's own limits and budget, which may not exceed the
 * team's (a refusal names the field and the team's value). Blank limits: the team's alone apply.
 */
public class MyKeyForm extends KeyForm {
  private static final long serialVersionUID = 1L;

  private Long rpm;
  private Long tpm;
  private Double budgetUsd;
  private String budgetPeriod = "month";

  @Override ClientKeySpec toSpec() {
    ClientKeySpec base = super.toSpec();
    Budget budget = budgetUsd == null ? null : new Budget(budgetUsd, Budget.Period.byId(budgetPeriod).orElse(null));
    return new ClientKeySpec(base.name(), base.allowedModels(), base.allowedEndpoints(), base.expiresAt(), true, null,
        new LimitPolicy(new Limits(rpm, tpm, null), Map.of(), budget));
  }

  public Long getRpm() { return rpm; }
  public void setRpm(Long rpm) { this.rpm = rpm; }
  public Long getTpm() { return tpm; }
  public void setTpm(Long tpm) { this.tpm = tpm; }
  public Double getBudgetUsd() { return budgetUsd; }
  public void setBudgetUsd(Double budgetUsd) { this.budgetUsd = budgetUsd; }
  public String getBudgetPeriod() { return budgetPeriod; }
  public void setBudgetPeriod(String budgetPeriod) { this.budgetPeriod = budgetPeriod; }
}
