package org.airouter.admin.console;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Set;
import org.airouter.security.Role;

/**
 * The role a console request needs. Reading a page needs {@code viewer} (the admin-only pages, {@code admin}:
 * users, the audit log, and captured bodies, which are what users wrote); an action on it (every Faces action is a
 * POST back to its page) needs {@code operator} on the pages that change routes, keys, limits and prices or spend on
 * a test call, and {@code admin} anywhere else (import and export): a new page is admin-only until listed here.
 * A member's own pages need {@code member} (which only members
 * and admins hold), and every other page needs a ladder role a member does not have: a member sees only theirs.
 * Signing out is for everyone.
 */
final class ConsoleRoles {
  /** Pages whose actions an operator may use, by servlet path without ".xhtml". */
  static final Set<String> OPERATOR_ACTIONS = Set.of("/console/routes", "/console/route", "/console/keys",
      "/console/limits", "/console/test");
  /** Pages only an admin may even read (users; the audit log and its export; captures), by servlet path. */
  static final Set<String> ADMIN_PAGES = Set.of("/console/users", "/console/audit", AuditExportServlet.PATH,
      "/console/captures");
  /** A member's self-service pages: read and used by members (and admins). */
  static final Set<String> MEMBER_PAGES = Set.of("/console/my-keys");
  static final String HOME = "/console/";
  /** The sign-out form's id: the template puts it on every page. */
  static final String SIGN_OUT_FORM = "logout";

  private ConsoleRoles() {}

  /** Null when anyone signed in may do it. */
  static Role required(SiteMap area, HttpServletRequest request) {
    if (area == SiteMap.CONSOLE_FETCH) return Role.OPERATOR;   // the test page's stream: an upstream call
    String page = page(request);
    String method = request.getMethod();
    boolean read = method.equals("GET") || method.equals("HEAD");
    if (read && page.equals(HOME)) return null;   // ConsoleHome sends each role on to a page it may see
    if (read && MEMBER_PAGES.contains(page)) return Role.MEMBER;
    if (read) return ADMIN_PAGES.contains(page) ? Role.ADMIN : Role.VIEWER;
    String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
    // Only a urlencoded body is read here: a multipart one (the import upload) stays for Faces to parse.
    if (type.startsWith("application/x-www-form-urlencoded") && request.getParameter(SIGN_OUT_FORM) != null) {
      return null;
    }
    if (MEMBER_PAGES.contains(page)) return Role.MEMBER;
    return OPERATOR_ACTIONS.contains(page) ? Role.OPERATOR : Role.ADMIN;
  }

  private static String page(HttpServletRequest request) {
    String page = request.getServletPath();
    return page.endsWith(".xhtml") ? page.substring(0, page.length() - ".xhtml".length()) : page;
  }
}
