package org.airouter.usage;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Reply;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.airouter.testing.UsageRows;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A normal shutdown writes every usage record still in memory. */
@ExtendWith(ArquillianExtension.class)
class UsageShutdownIT {
  static final String ROUTER = "router";
  static final String KEY = "ar-test-key-usage-shutdown-1";
  static final int REQUESTS = 25;

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(name = ROUTER, managed = false, testable = false)
  static WebArchive deployment() { return Deployments.router(); }

  @ArquillianResource Deployer deployer;

  @Test void recordsStillInMemoryAreWrittenOnShutdown() {
    RouterSettings settings = RouterSettings.fresh(UsageShutdownIT.class).config(ConfigFiles.config()
        .route(route("gpt", "glob", "gpt-*").at(upstream))
        .clientKey(clientKey("team-a", KEY)));
    String url = UsageRows.sharedH2Url(settings.dataDir());
    // A flush interval far beyond the test: whatever is written was written by the shutdown.
    settings.set(RouterSettings.JDBC_URL, url).set(RouterSettings.JDBC_USER, "sa")
        .set(RouterSettings.USAGE_FLUSH_MS, 600_000).apply();
    upstream.always(Reply.chat("ok"));

    deployer.deploy(ROUTER);
    try {
      RouterClient client = RouterClient.at(Deployments.baseUrl()).bearer(KEY);
      for (int i = 0; i < REQUESTS; i++) {
        assertEquals(200, client.postJson("v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}").status());
      }
      assertEquals(0, new UsageRows(url).records().size(), "nothing written before the shutdown");
    } finally {
      deployer.undeploy(ROUTER);
    }

    UsageRows usage = new UsageRows(url);
    assertEquals(REQUESTS, usage.records().size());
    assertEquals(REQUESTS, ((Number) usage.query("select sum(requests) n from usage_hourly").get(0).get("n")).intValue());
  }
}
