package org.airouter.admin.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.security.SecureRandom;
import java.util.Base64;
import org.airouter.security.Caller;

/**
 * What a signed-in console session holds: a flag, who signed in (name and role) and a random token for the console's
 * own fetch calls. Never the password, never anything derived from it.
 */
public final class ConsoleSession {
  static final String SIGNED_IN = "org.airouter.console.signed-in";
  static final String TOKEN = "org.airouter.console.token";
  static final String CALLER = "org.airouter.console.caller";
  private static final String ONCE = "org.airouter.console.once.";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ConsoleSession() {}

  public static boolean signedIn(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session != null && Boolean.TRUE.equals(session.getAttribute(SIGNED_IN));
  }

  /** Who signed in to this session, or null. */
  public static Caller caller(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session == null || !signedIn(request) ? null : (Caller) session.getAttribute(CALLER);
  }

  /**
   * Marks the session signed in for {@code caller} under a new id (no session fixation), idle for at most
   * {@code idleSeconds}.
   */
  static void signIn(HttpServletRequest request, int idleSeconds, Caller caller) {
    HttpSession session = request.getSession(true);
    request.changeSessionId();
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    session.setAttribute(TOKEN, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    session.setAttribute(CALLER, caller);
    session.setAttribute(SIGNED_IN, Boolean.TRUE);
    session.setMaxInactiveInterval(idleSeconds);
  }

  static void signOut(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) session.invalidate();
  }

  /**
   * Keeps a value for the next page of this session only (post-redirect-get): {@link #takeOnce} returns it once and
   * forgets it, so a reload does not show it again.
   */
  static void putOnce(HttpServletRequest request, String name, Object value) {
    request.getSession(true).setAttribute(ONCE + name, value);
  }

  static Object takeOnce(HttpServletRequest request, String name) {
    HttpSession session = request.getSession(false);
    if (session == null) return null;
    Object value = session.getAttribute(ONCE + name);
    session.removeAttribute(ONCE + name);
    return value;
  }

  /** The session's token for same-origin fetch calls, or null outside a signed-in session. */
  static String token(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session == null ? null : (String) session.getAttribute(TOKEN);
  }
}
