package org.airouter.admin.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.airouter.keys.ClientKey;
import org.airouter.keys.ClientKeyService;
import org.airouter.keys.IssuedKey;
import org.airouter.selfservice.Self;
import org.airouter.selfservice.SelfService;
import org.airouter.selfservice.SelfServiceRefused;

/**
 * A member's own keys: issue one in their team (the full key shown once, on the page the redirect lands on), revoke
 * one, and what each used and cost over the last 30 days, with the team's budget. Nothing of anyone else's.
 */
@Named
@ViewScoped
public class MyKeysPage implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String ISSUED_KEY = "my-issued-key";
  private static final String ISSUED_NAME = "my-issued-name";
  private static final String PAGE = "/console/my-keys";
  /** The limits' fields are nested in the spec (limits.rpm) but flat on this small form. */
  private static final Map<String, String> FIELDS = Map.of("name", "create:name", "allowedModels",
      "create:allowedModels", "limits.rpm", "create:rpm", "limits.tpm", "create:tpm", "budget.usd", "create:budgetUsd",
      "budget.period", "create:budgetPeriod");

  private static final ConsoleFormat FORMAT = new ConsoleFormat();

  @Inject SelfService selfService;

  private final MyKeyForm form = new MyKeyForm();
  private Self self;
  private SelfService.Usage usage;
  private String issuedKey;
  private String issuedName;

  @PostConstruct
  void load() {
    HttpServletRequest request = request();
    self = selfService.self(ConsoleSession.caller(request));
    Instant now = Instant.now();
    usage = selfService.usage(self, now.minus(Duration.ofDays(30)), now);
    issuedKey = (String) ConsoleSession.takeOnce(request, ISSUED_KEY);   // gone now: a reload does not show it again
    issuedName = (String) ConsoleSession.takeOnce(request, ISSUED_NAME);
  }

  public String create() {
    try {
      IssuedKey issued = selfService.issue(self, form.toSpec());
      ConsoleSession.putOnce(request(), ISSUED_KEY, issued.key());
      ConsoleSession.putOnce(request(), ISSUED_NAME, issued.stored().name());
      return Messages.redirect(PAGE);
    } catch (SelfServiceRefused e) {
      Messages.error(e.getMessage());
    } catch (ClientKeyService.InvalidClientKey e) {
      Messages.problems(e.problems(), FIELDS::get);
    } catch (ClientKeyService.DuplicateKeyName e) {
      Messages.fieldError("create:name", e.getMessage());
    } catch (DateTimeException e) {
      Messages.fieldError("create:expires", "Not a date.");
    }
    return null;
  }

  public String revoke(long id) {
    try {
      ClientKey key = selfService.revoke(self, id);
      Messages.info("Key " + key.name() + " revoked.");
    } catch (ClientKeyService.ClientKeyNotFound e) {
      Messages.error(e.getMessage());
    }
    return Messages.redirect(PAGE);
  }

  private static HttpServletRequest request() {
    return (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest();
  }

  /** A key's own limits and budget, in words, or "team's" when it has none of its own. */
  public String limits(ClientKey key) {
    var p = key.policy();
    StringBuilder s = new StringBuilder();
    if (p.limits().rpm() != null) s.append(p.limits().rpm()).append(" rpm ");
    if (p.limits().tpm() != null) s.append(p.limits().tpm()).append(" tpm ");
    if (p.budget() != null) s.append(FORMAT.usd(p.budget().nanos())).append(" a ").append(p.budget().period().id());
    return s.length() == 0 ? "team's" : s.toString().trim();
  }

  public Self getSelf() { return self; }
  public MyKeyForm getForm() { return form; }
  public SelfService.Usage getUsage() { return usage; }
  public String getIssuedKey() { return issuedKey; }
  public String getIssuedName() { return issuedName; }
}
