package org.airouter.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The areas, by the servlet path and path info a container reports for each kind of mapping. */
class SiteMapTest {
  @Test void consolePagesNeedTheSessionWhateverServletServesThem() {
    assertEquals(SiteMap.CONSOLE_PAGE, SiteMap.of("/console/routes.xhtml", null));   // *.xhtml (Faces)
    assertEquals(SiteMap.CONSOLE_PAGE, SiteMap.of("/console/", null));                // exact (ConsoleHome)
    assertEquals(SiteMap.CONSOLE_PAGE, SiteMap.of("/console", null));
    assertEquals(SiteMap.CONSOLE_PAGE, SiteMap.of("/console/expired", null));
    assertEquals(SiteMap.CONSOLE_PAGE, SiteMap.of("/console/whatever", null));        // default servlet
    assertEquals(SiteMap.CONSOLE_PAGE, SiteMap.of("/console", "/keys.xhtml"));        // a path mapping
    assertEquals(SiteMap.CONSOLE_FETCH, SiteMap.of("/console/test/stream", null));
  }

  @Test void onlyTheSignInPageItsResourcesAndTheRootArePublicConsole() {
    assertEquals(SiteMap.CONSOLE_PUBLIC, SiteMap.of("/login.xhtml", null));
    assertEquals(SiteMap.CONSOLE_PUBLIC, SiteMap.of("/jakarta.faces.resource/styles/console.css.xhtml", null));
    assertEquals(SiteMap.CONSOLE_PUBLIC, SiteMap.of("", "/"));
    assertEquals(SiteMap.NOWHERE, SiteMap.of("/login.xhtml/console/routes.xhtml", null), "no prefix tricks");
    assertEquals(SiteMap.NOWHERE, SiteMap.of("/Console/routes.xhtml", null));
    assertEquals(SiteMap.NOWHERE, SiteMap.of("/consoles/routes.xhtml", null));
  }

  @Test void singleSignOnsStartAndReturnArePublicAndNothingElseUnderSso() {
    assertEquals(SiteMap.CONSOLE_PUBLIC, SiteMap.of("/sso/start", null));
    assertEquals(SiteMap.CONSOLE_PUBLIC, SiteMap.of("/sso/callback", null));
    assertEquals(SiteMap.NOWHERE, SiteMap.of("/sso", null));
    assertEquals(SiteMap.NOWHERE, SiteMap.of("/sso/callback/console/routes.xhtml", null));
    assertEquals(SiteMap.NOWHERE, SiteMap.of("/sso/logout", null));
  }

  @Test void endpointsWithTheirOwnCredentialCheckPassAndEverythingElseIsNowhere() {
    assertEquals(SiteMap.OWN_CHECK, SiteMap.of("/v1", "/chat/completions"));
    assertEquals(SiteMap.ADMIN_API, SiteMap.of("/api/admin/v1", "/routes"));
    assertEquals(SiteMap.ADMIN_API, SiteMap.of("/api/admin/v1", null));
    assertEquals(SiteMap.OWN_CHECK, SiteMap.of("/metrics", null));
    assertEquals(SiteMap.OWN_CHECK, SiteMap.of("/health/ready", null));
    assertEquals(SiteMap.NOWHERE, SiteMap.of("/api/admin/v1x", null));
    assertEquals(SiteMap.NOWHERE, SiteMap.of("/errors/internal", null), "error pages only as the container's dispatch");
    assertEquals(SiteMap.NOWHERE, SiteMap.of("/health", null));
    assertEquals(SiteMap.NOWHERE, SiteMap.of("/no-such-path", null));
    assertEquals(SiteMap.NOWHERE, SiteMap.of("/WEB-INF/web.xml", null));
  }
}
