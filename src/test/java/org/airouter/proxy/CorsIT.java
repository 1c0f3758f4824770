package org.airouter.proxy;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.Locale;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CORS with a configured origin list (airouter.cors-origins, comma-separated). The default, any origin, is checked in
 * ProxyIT.
 */
@ExtendWith(ArquillianExtension.class)
class CorsIT {
  static final String KEY = "ar-test-key-cors-0001";
  static final String ALLOWED = "https://app.example.com";
  static final String OTHER_ALLOWED = "https://admin.example.com";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(CorsIT.class)
        .config(ConfigFiles.config()
            .route(route("gpt-4o-mini", "exact", "gpt-4o-mini").at(upstream))
            .clientKey(clientKey("browser", KEY)))
        .set(RouterSettings.CORS_ORIGINS, ALLOWED + "," + OTHER_ALLOWED)
        .apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  Response preflight(String origin) {
    return RouterClient.at(base)
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization, content-type")
        .send("OPTIONS", "v1/chat/completions", null, null);
  }

  @Test void preflightFromAConfiguredOriginIsAllowedWithoutAKey() {
    for (String origin : new String[] {ALLOWED, OTHER_ALLOWED}) {
      Response r = preflight(origin);

      assertTrue(r.status() == 200 || r.status() == 204, r::toString);
      assertEquals(origin, r.header("access-control-allow-origin"), r::toString);
      String methods = r.header("access-control-allow-methods");
      assertTrue(methods != null && methods.toUpperCase(Locale.ROOT).contains("POST"), r::toString);
      String headers = r.header("access-control-allow-headers");
      assertTrue(headers != null && (headers.equals("*") || headers.toLowerCase(Locale.ROOT).contains("authorization")), r::toString);
    }
    assertTrue(upstream.calls().isEmpty());
  }

  @Test void preflightFromAnotherOriginIsNotAllowed() {
    Response r = preflight("https://evil.example.net");

    assertNull(r.header("access-control-allow-origin"), r::toString);
  }

  @Test void actualRequestFromAConfiguredOriginCarriesTheAllowOriginHeader() {
    Response r = RouterClient.at(base).bearer(KEY).header("Origin", ALLOWED)
        .postJson("v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[]}");

    assertEquals(200, r.status(), r::toString);
    assertEquals(ALLOWED, r.header("access-control-allow-origin"));
  }
}
