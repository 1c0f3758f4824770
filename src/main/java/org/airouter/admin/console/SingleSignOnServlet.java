package org.airouter.admin.console;

import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.airouter.audit.AuditLog;
import org.airouter.security.Caller;
import org.airouter.security.ConsoleUser;
import org.airouter.security.ConsoleUsers;
import org.airouter.security.oidc.OidcProvider;
import org.airouter.security.oidc.OidcSignIn;
import org.airouter.security.oidc.PendingSignIn;
import org.airouter.security.oidc.SignInRefused;
import org.airouter.selfservice.Self;
import org.airouter.selfservice.SelfService;
import org.airouter.wire.JsonIo;

/**
 * Console single sign-on's two steps: {@code /sso/start} sends the browser to the identity provider (the session
 * keeps state, nonce and PKCE verifier), {@code /sso/callback} takes its answer, signs the session in under a new id,
 * records it in the audit log (with the team self-service will use, and the team claim's when one was sent) and goes
 * to the caller's home page (My keys for a member). A refusal shows the sign-in page with the reason and is audited
 * as a failed sign-in; so is one whose console user of the same name is disabled. Both paths are 404 while single
 * sign-on is not configured.
 */
@WebServlet(urlPatterns = {SiteMap.SSO_START, SiteMap.SSO_CALLBACK})
public class SingleSignOnServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(SingleSignOnServlet.class.getName());
  static final String PENDING = "org.airouter.console.sso-pending";
  /** The ID token of an SSO session: the hint the provider's logout asks for. Never rendered. */
  static final String ID_TOKEN = "org.airouter.console.sso-id-token";
  /** Request attribute: why a sign-in was refused, for the sign-in page. */
  static final String PROBLEM = "org.airouter.console.sso-problem";
  /** Marks the second visit of the callback, asked by our own page (see {@link MetaRefresh}). */
  static final String SAME_SITE = "same-site";

  @Inject transient OidcProvider oidc;
  @Inject transient AuditLog audit;
  @Inject transient SelfService selfService;
  @Inject transient ConsoleUsers users;

  @Override protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    if (!oidc.enabled()) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    if (request.getServletPath().equals(SiteMap.SSO_START)) start(request, response);
    else callback(request, response);
  }

  private void start(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
    try {
      OidcProvider.Start start = oidc.start(oidc.redirectUri(base(request)));
      request.getSession(true).setAttribute(PENDING, start.pending());
      response.sendRedirect(start.authorization().toString());
    } catch (SignInRefused refused) {
      refuse(request, response, refused);
    }
  }

  private void callback(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
    HttpSession session = request.getSession(false);
    PendingSignIn pending = session == null ? null : (PendingSignIn) session.getAttribute(PENDING);
    if (pending == null && request.getParameter(SAME_SITE) == null) {
      String query = request.getQueryString();
      MetaRefresh.send(response, "?" + (query == null ? "" : query + "&") + SAME_SITE + "=1", "Signing in…");
      return;
    }
    if (session != null) session.removeAttribute(PENDING);   // one answer per started sign-in
    Map<String, String> answer = new HashMap<>();
    request.getParameterMap().forEach((name, values) -> answer.put(name, values[0]));
    try {
      OidcSignIn in = oidc.finish(answer, pending);
      refuseDisabled(in.caller());
      ConsoleSession.signIn(request, LoginPage.idleSeconds(), in.caller());
      request.getSession(false).setAttribute(ID_TOKEN, in.idToken());
      String team = selfService.self(in.caller()).team();   // the team self-service will use, user record first
      JsonObjectBuilder detail = JsonIo.PROVIDER.createObjectBuilder().add("role", in.caller().role().id())
          .add("method", "oidc").add("issuer", in.issuer()).add("subject", in.subject());
      if (team != null) detail.add("team", team);
      if (in.caller().team() != null) detail.add("teamClaim", in.caller().team());
      audit.record(in.caller().name(), request.getRemoteAddr(), "signin", "console", null, detail.build());
      LOG.info("Console sign-in of " + in.caller().name() + " (" + in.caller().role().id()
          + (team == null ? "" : ", team " + team) + ") through " + in.issuer() + " from " + request.getRemoteAddr());
      response.setStatus(HttpServletResponse.SC_SEE_OTHER);
      response.setHeader("Location", request.getContextPath() + ConsoleHome.home(in.caller()) + ".xhtml");
    } catch (SignInRefused refused) {
      refuse(request, response, refused);
    }
  }

  /**
   * A single sign-on user is matched to the console user of their name (whose team and keys are theirs), so one an
   * admin disabled here stays out, as with a password.
   */
  private void refuseDisabled(Caller caller) throws SignInRefused {
    String name = Self.ownerOf(caller);
    if (name != null && users.byName(name).filter(ConsoleUser::disabled).isPresent()) {
      throw new SignInRefused(403, "Your user on this router is disabled; ask an admin.", "user disabled",
          caller.name());
    }
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response, SignInRefused refused)
      throws IOException, ServletException {
    JsonObjectBuilder detail = JsonIo.PROVIDER.createObjectBuilder().add("method", "oidc")
        .add("reason", refused.reason());
    audit.record(refused.who() == null ? "sso" : refused.who(), request.getRemoteAddr(), "signin.failed", "console",
        null, detail.build());
    LOG.warning("Console single sign-on refused from " + request.getRemoteAddr()
        + (refused.who() == null ? "" : " for " + refused.who()) + ": " + refused.reason());
    request.setAttribute(PROBLEM, refused.getMessage());
    response.setStatus(refused.status());
    request.getRequestDispatcher(SiteMap.LOGIN).forward(request, response);
  }

  /** The application's base URL as the browser sees it: the redirect URI and the logout return are made from it. */
  static URI base(HttpServletRequest request) {
    return URI.create(request.getRequestURL().toString()).resolve(request.getContextPath() + "/");
  }
}
