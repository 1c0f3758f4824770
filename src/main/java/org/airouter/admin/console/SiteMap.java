package org.airouter.admin.console;

/**
 * Which part of the application a request is for, decided on the path the container dispatches (servlet path plus
 * path info: decoded, dot segments resolved, path parameters removed), never on the raw request URI, whose spellings
 * ({@code //console}, {@code /%63onsole}, {@code /console;a}, {@code /x/../console}) the container maps to the same
 * servlet. Anything not listed here is nowhere: a new servlet stays unreachable until it is given an area.
 */
enum SiteMap {
  /** The sign-in page, single sign-on's start and return, the console's CSS and scripts, and "/": for anyone. */
  CONSOLE_PUBLIC,
  /** A console page: needs a signed-in session, else the browser is sent to sign in. */
  CONSOLE_PAGE,
  /** The console's own fetch calls (/console/test/…): need the session, else 401. */
  CONSOLE_FETCH,
  /** /v1, /metrics and the health probes: each checks its own credential (or needs none). */
  OWN_CHECK,
  /** The admin API: its own filter asks for an admin token or the admin password (AdminAuthFilter). */
  ADMIN_API,
  /** Nothing is served here: 404. */
  NOWHERE;

  static final String LOGIN = "/login.xhtml";
  static final String ADMIN_API_PATH = "/api/admin/v1";
  /** Single sign-on (OpenID Connect): where the sign-in button leads, and where the identity provider sends back. */
  static final String SSO_START = "/sso/start";
  static final String SSO_CALLBACK = "/sso/callback";

  static SiteMap of(String servletPath, String pathInfo) {
    if ("/v1".equals(servletPath)) return OWN_CHECK;   // the hot path: one comparison
    String path = pathInfo == null ? servletPath : servletPath + pathInfo;
    if (path.isEmpty() || path.equals("/") || path.equals(LOGIN) || path.equals(SSO_START) || path.equals(SSO_CALLBACK)
        || path.startsWith("/jakarta.faces.resource/")) {
      return CONSOLE_PUBLIC;
    }
    if (path.equals("/console") || path.startsWith("/console/")) {
      return path.startsWith("/console/test/") ? CONSOLE_FETCH : CONSOLE_PAGE;
    }
    if (under(path, ADMIN_API_PATH)) return SiteMap.ADMIN_API;
    if (under(path, "/v1") || path.equals("/metrics") || path.equals("/health/live")
        || path.equals("/health/ready")) {
      return OWN_CHECK;
    }
    return NOWHERE;
  }

  private static boolean under(String path, String prefix) {
    return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
  }
}
