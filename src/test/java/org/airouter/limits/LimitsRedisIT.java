package org.airouter.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.util.UUID;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Reply;
import org.airouter.testing.Requirements;
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
 * The deployed WAR with its counters in the Redis on 127.0.0.1:6379 (Lettuce and its Netty inside the container):
 * the limit holds and the readiness probe reports the store. Skipped with the reason when Redis is absent.
 */
@ExtendWith(ArquillianExtension.class)
class LimitsRedisIT {
  static final String KEY = "ar-test-limits-redis-0001";
  // key ids start again in every deployment's fresh database: a namespace of its own keeps runs apart in Redis
  static final String NAMESPACE = "airouter-it-" + UUID.randomUUID();
  static final String CHAT = "{\"model\":\"gpt-4o\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    String config = """
        {"routes": [{"name": "gpt", "match": "glob", "pattern": "gpt-*", "baseUrl": "%s", "apiKey": "sk-up"}],
         "clientKeys": [{"name": "redis", "key": "%s", "limits": {"rpm": 2}}]}
        """.formatted(upstream.baseUrl(), KEY);
    RouterSettings.fresh(LimitsRedisIT.class).configJson(config)
        .set(RouterSettings.REDIS_URL, "redis://127.0.0.1:6379").set(RouterSettings.REDIS_NAMESPACE, NAMESPACE).apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  @Test void theLimitHoldsWithCountersInRedis() {
    Requirements.require(redisUp(), "no Redis on 127.0.0.1:6379");
    upstream.replies(Reply.chat("a"), Reply.chat("b"));
    RouterClient client = RouterClient.at(base).bearer(KEY);
    assertEquals(200, client.postJson("v1/chat/completions", CHAT).status());
    Response second = client.postJson("v1/chat/completions", CHAT);
    assertEquals(200, second.status());
    Response third = client.postJson("v1/chat/completions", CHAT);
    if (third.status() == 200) {   // a minute boundary fell between them: the window restarted; one more
      upstream.replies(Reply.chat("c"));
      third = client.postJson("v1/chat/completions", CHAT);
    }
    assertEquals(429, third.status(), third::text);
    assertEquals("rate_limit_exceeded", third.json().getJsonObject("error").getString("code"));
    String ready = RouterClient.at(base).get("health/ready").text();
    assertTrue(ready.contains("\"limits-store\":\"UP\""), ready);
  }

  /** Here, not RedisCountersTest's: an IT's class path has the test classes only, not the application's. */
  static boolean redisUp() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
