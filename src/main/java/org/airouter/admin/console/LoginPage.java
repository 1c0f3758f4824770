package org.airouter.admin.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import org.airouter.audit.AuditLog;
import org.airouter.config.Settings;
import org.airouter.wire.JsonIo;
import org.airouter.security.AdminAuthFilter;
import org.airouter.security.AdminPasswords;
import org.airouter.security.Caller;
import org.airouter.security.ConsoleUsers;
import org.airouter.security.Role;
import org.airouter.security.LoginThrottle;
import org.airouter.security.oidc.OidcProvider;
import org.airouter.security.oidc.OidcSettings;

/**
 * Sign in as the bootstrap admin or a named user, and sign out. Failures are logged and slowed down per client address.
 * With single sign-on configured the page also offers it ({@link SingleSignOnServlet}), and password sign-in may be
 * turned off; signing out of an SSO session also signs out at the identity provider when it offers that.
 */
@Named
@RequestScoped
public class LoginPage {
  private static final Logger LOG = Logger.getLogger(LoginPage.class.getName());

  @Inject AdminPasswords passwords;
  @Inject LoginThrottle throttle;
  @Inject ConsoleUsers users;
  @Inject AuditLog audit;
  @Inject OidcProvider oidc;

  private String user;
  private String password;

  public String login() {
    ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
    HttpServletRequest request = (HttpServletRequest) external.getRequest();
    String address = request.getRemoteAddr();
    // The page does not render the password form then, so Faces runs no action of it; this stays in case it ever
    // does (a changed template must not quietly bring passwords back).
    if (!oidc.passwordSignIn()) {
      String claimed = user == null || user.isBlank() ? AdminAuthFilter.USER : user.trim();
      audit.record(claimed.length() > 100 ? claimed.substring(0, 100) : claimed, address, "signin.failed", "console",
          null, JsonIo.PROVIDER.createObjectBuilder().add("reason", "password sign-in is turned off").build());
      Messages.error("Password sign-in is turned off here. Sign in with " + getSsoName() + ".");
      return null;
    }
    Duration wait = throttle.wait(address);
    if (!wait.isZero()) {
      LOG.warning("Console sign-in refused while throttled, from " + address);
      Messages.error("Too many failed attempts. Try again in " + seconds(wait) + " s.");
      return null;
    }
    Caller caller = caller();
    if (caller == null) {
      Duration lockout = throttle.failed(address);
      String claimed = user == null || user.isBlank() ? AdminAuthFilter.USER : user.trim();
      audit.record(claimed.length() > 100 ? claimed.substring(0, 100) : claimed, address, "signin.failed", "console",
          null, JsonIo.PROVIDER.createObjectBuilder().add("reason", "wrong user or password").build());
      LOG.warning("Console sign-in failed from " + address + (lockout.isZero() ? "" : "; locked for " + seconds(lockout) + " s"));
      Messages.fieldError("login:password", "Wrong user name or password.");
      if (!lockout.isZero()) Messages.error("Too many failed attempts. Try again in " + seconds(lockout) + " s.");
      return null;
    }
    throttle.succeeded(address);
    ConsoleSession.signIn(request, idleSeconds(), caller);
    audit.record(caller.name(), address, "signin", "console", null,
        JsonIo.PROVIDER.createObjectBuilder().add("role", caller.role().id()).add("method", "password").build());
    LOG.info("Console sign-in of " + caller.name() + " (" + caller.role().id() + ") from " + address);
    return ConsoleHome.home(caller) + "?faces-redirect=true";
  }

  public String logout() throws IOException {
    FacesContext faces = FacesContext.getCurrentInstance();
    HttpServletRequest request = (HttpServletRequest) faces.getExternalContext().getRequest();
    Caller caller = ConsoleSession.caller(request);
    HttpSession session = request.getSession(false);
    String idToken = session == null ? null : (String) session.getAttribute(SingleSignOnServlet.ID_TOKEN);
    Optional<URI> atProvider = oidc.endSession(idToken,
        oidc.redirectUri(SingleSignOnServlet.base(request)).resolve("../login.xhtml"));
    if (caller != null) {
      audit.record(caller.name(), request.getRemoteAddr(), "signout", "console", null, atProvider.isEmpty() ? null
          : JsonIo.PROVIDER.createObjectBuilder().add("provider", true).build());
    }
    ConsoleSession.signOut(request);
    if (atProvider.isPresent()) {   // the provider's session ends too, then it sends the browser back to sign in
      MetaRefresh.send((HttpServletResponse) faces.getExternalContext().getResponse(), atProvider.get().toString(),
          "Signing out at " + getSsoName() + "…");
      faces.responseComplete();
      return null;
    }
    return "/login?faces-redirect=true";
  }

  /** Whether the page offers single sign-on. */
  public boolean isSso() { return oidc.enabled(); }

  /** The identity provider's name on the sign-in button. */
  public String getSsoName() { return oidc.settings().map(OidcSettings::providerName).orElse(""); }

  public boolean isPasswordSignIn() { return oidc.passwordSignIn(); }

  /** Why single sign-on just failed (set by {@link SingleSignOnServlet}), or null. */
  public String getSsoProblem() {
    Object problem = ((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest())
        .getAttribute(SingleSignOnServlet.PROBLEM);
    return problem == null ? null : problem.toString();
  }

  /** The bootstrap admin when no name (or "admin") is given, else the named user; null when the password is wrong. */
  private Caller caller() {
    String name = user == null || user.isBlank() ? AdminAuthFilter.USER : user.trim();
    if (name.equals(AdminAuthFilter.USER)) return passwords.matches(password) ? new Caller(name, Role.ADMIN) : null;
    return users.authenticate(name, password).map(u -> new Caller("user:" + u.name(), u.role())).orElse(null);
  }

  public String getUser() { return user; }

  public void setUser(String user) { this.user = user; }

  public String getPassword() { return null; }   // never rendered back

  public void setPassword(String password) { this.password = password; }

  private static long seconds(Duration d) { return Math.max(1, (d.toMillis() + 999) / 1000); }

  /** airouter.console-idle-minutes (default 30): a console left alone this long signs out. */
  static int idleSeconds() {
    return Settings.fromEnvironment().getInt("airouter.console-idle-minutes", 30) * 60;
  }
}
