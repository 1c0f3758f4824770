package org.airouter.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.airouter.security.Role;
import org.junit.jupiter.api.Test;

/** Which role each console page needs: a member reaches only their own pages; users and audit are an admin's. */
class ConsoleRolesTest {
  /** A request with only what ConsoleRoles reads. */
  static HttpServletRequest request(String method, String servletPath, Map<String, String> form) {
    return (HttpServletRequest) Proxy.newProxyInstance(ConsoleRolesTest.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
          case "getMethod" -> method;
          case "getServletPath" -> servletPath;
          case "getContentType" -> form == null ? null : "application/x-www-form-urlencoded";
          case "getParameter" -> form == null ? null : form.get((String) args[0]);
          default -> null;
        });
  }

  static Role required(String method, String path) {
    return ConsoleRoles.required(SiteMap.CONSOLE_PAGE, request(method, path, method.equals("POST") ? Map.of() : null));
  }

  @Test void aMemberReachesTheirOwnPageAndNoOther() {
    assertEquals(Role.MEMBER, required("GET", "/console/my-keys.xhtml"));
    assertEquals(Role.MEMBER, required("POST", "/console/my-keys.xhtml"));
    for (String page : List.of("routes", "route", "keys", "limits", "test", "usage", "transfer", "users", "audit")) {
      Role needed = required("GET", "/console/" + page + ".xhtml");
      assertFalse(Role.MEMBER.allows(needed), page + " needs " + needed);
      assertFalse(Role.MEMBER.allows(required("POST", "/console/" + page + ".xhtml")), page);
    }
    assertFalse(Role.MEMBER.allows(required("GET", AuditExportServlet.PATH)));
  }

  @Test void onlyMembersAndAdminsUseTheMembersPage() {
    Role needed = required("GET", "/console/my-keys.xhtml");
    assertTrue(Role.ADMIN.allows(needed));
    assertFalse(Role.OPERATOR.allows(needed));
    assertFalse(Role.VIEWER.allows(needed));
  }

  @Test void usersAndAuditAreAnAdminsEvenToRead() {
    for (String path : List.of("/console/users.xhtml", "/console/audit.xhtml", AuditExportServlet.PATH)) {
      assertEquals(Role.ADMIN, required("GET", path), path);
      assertEquals(Role.ADMIN, required("POST", path), path);
    }
    assertEquals(Role.VIEWER, required("GET", "/console/keys.xhtml"), "the other pages are as before");
    assertEquals(Role.OPERATOR, required("POST", "/console/keys.xhtml"));
  }

  @Test void theHomeAndSigningOutAreForAnyoneSignedIn() {
    assertNull(required("GET", ConsoleRoles.HOME), "ConsoleHome sends each role on to a page it may see");
    assertNull(ConsoleRoles.required(SiteMap.CONSOLE_PAGE, request("POST", "/console/my-keys.xhtml",
        Map.of(ConsoleRoles.SIGN_OUT_FORM, ConsoleRoles.SIGN_OUT_FORM))));
  }
}
