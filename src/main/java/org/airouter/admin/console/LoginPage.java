package org.airouter.admin.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.logging.Logger;
import org.airouter.config.Settings;
import org.airouter.security.AdminPasswords;
import org.airouter.security.LoginThrottle;

/** Sign in with the admin password, and sign out. Failures are logged and slowed down per client address. */
@Named
@RequestScoped
public class LoginPage {
  private static final Logger LOG = Logger.getLogger(LoginPage.class.getName());

  @Inject AdminPasswords passwords;
  @Inject LoginThrottle throttle;

  private String password;

  public String login() {
    ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
    HttpServletRequest request = (HttpServletRequest) external.getRequest();
    String address = request.getRemoteAddr();
    Duration wait = throttle.wait(address);
    if (!wait.isZero()) {
      LOG.warning("Console sign-in refused while throttled, from " + address);
      Messages.error("Too many failed attempts. Try again in " + seconds(wait) + " s.");
      return null;
    }
    if (!passwords.matches(password)) {
      Duration lockout = throttle.failed(address);
      LOG.warning("Console sign-in failed from " + address + (lockout.isZero() ? "" : "; locked for " + seconds(lockout) + " s"));
      Messages.fieldError("login:password", "Wrong password.");
      if (!lockout.isZero()) Messages.error("Too many failed attempts. Try again in " + seconds(lockout) + " s.");
      return null;
    }
    throttle.succeeded(address);
    ConsoleSession.signIn(request, idleSeconds());
    LOG.info("Console sign-in from " + address);
    return "/console/routes?faces-redirect=true";
  }

  public String logout() {
    ConsoleSession.signOut((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest());
    return "/login?faces-redirect=true";
  }

  public String getPassword() { return null; }   // never rendered back

  public void setPassword(String password) { this.password = password; }

  private static long seconds(Duration d) { return Math.max(1, (d.toMillis() + 999) / 1000); }

  /** airouter.console-idle-minutes (default 30): a console left alone this long signs out. */
  private static int idleSeconds() {
    return Settings.fromEnvironment().getInt("airouter.console-idle-minutes", 30) * 60;
  }
}
