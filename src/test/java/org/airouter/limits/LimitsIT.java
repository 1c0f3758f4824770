package org.airouter.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.airouter.testing.AdminClient;
import org.airouter.testing.Deployments;
import org.airouter.testing.Headers;
import org.airouter.testing.HttpWire;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Poll;
import org.airouter.testing.RawHttp;
import org.airouter.testing.Reply;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.airouter.testing.UsageRows;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Limits and budgets through /v1, on one instance (counters in memory): the answers, their headers, settlement. */
@ExtendWith(ArquillianExtension.class)
class LimitsIT {
  static final String RPM_KEY = "ar-test-limits-rpm-0001";
  static final String CONC_KEY = "ar-test-limits-conc-001";
  static final String BUDGET_KEY = "ar-test-limits-budget-01";
  static final String ANTHROPIC_KEY = "ar-test-limits-anth-001";
  static final String FREE_KEY = "ar-test-limits-free-001";
  static final String ADMIN_PASSWORD = "limits-admin-password";
  static final String CHAT = "{\"model\":\"gpt-4o\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();
  static String usageUrl;

  @Deployment(testable = false)
  static WebArchive deployment() {
    String config = """
        {"routes": [
           {"name": "gpt", "match": "glob", "pattern": "gpt-*", "baseUrl": "%s", "apiKey": "sk-up"},
           {"name": "claude", "match": "glob", "pattern": "claude-*", "provider": "anthropic", "baseUrl": "%s",
            "apiKey": "sk-ant-up"}],
         "clientKeys": [
           {"name": "rpm", "key": "%s", "limits": {"rpm": 2, "tpm": 100000}},
           {"name": "conc", "key": "%s", "team": "research", "limits": {"maxConcurrent": 1}},
           {"name": "budget", "key": "%s", "budget": {"usd": 0.0004, "period": "month"}},
           {"name": "anth", "key": "%s", "limits": {"rpm": 1}},
           {"name": "free", "key": "%s"}],
         "teams": [{"name": "research", "limits": {"rpm": 1000}}],
         "prices": [{"model": "gpt-4o", "provider": "openai", "inputPerMTok": 10, "outputPerMTok": 10}]}
        """.formatted(upstream.baseUrl(), upstream.origin(), RPM_KEY, CONC_KEY, BUDGET_KEY, ANTHROPIC_KEY, FREE_KEY);
    RouterSettings settings = RouterSettings.fresh(LimitsIT.class).configJson(config);
    usageUrl = UsageRows.sharedH2Url(settings.dataDir());
    settings.set(RouterSettings.JDBC_URL, usageUrl).set(RouterSettings.JDBC_USER, "sa")
        .set(RouterSettings.USAGE_FLUSH_MS, 200).set(RouterSettings.ADMIN_PASSWORD, ADMIN_PASSWORD).apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  RouterClient as(String key) { return RouterClient.at(base).bearer(key); }

  @Test void overTheRequestLimitIs429WithRetryAfterAndOurHeadersOnEveryAnswer() {
    // the upstream's own headers describe its account, not this key: ours replace them
    upstream.replies(Reply.chat("one").header("x-ratelimit-limit-requests", "9999"), Reply.chat("two"));
    Response first = as(RPM_KEY).postJson("v1/chat/completions", CHAT);
    assertEquals(200, first.status(), first::text);
    assertEquals("2", first.header("x-ratelimit-limit-requests"));
    assertEquals("1", first.header("x-ratelimit-remaining-requests"));
    assertTrue(first.header("x-ratelimit-reset-requests").matches("\\d+s"), first.header("x-ratelimit-reset-requests"));
    assertEquals("100000", first.header("x-ratelimit-limit-tokens"));
    assertNotNull(first.header("x-ratelimit-remaining-tokens"));
    assertNotNull(first.header("x-ratelimit-reset-tokens"));
    assertEquals(200, as(RPM_KEY).postJson("v1/chat/completions", CHAT).status());

    Response refused = as(RPM_KEY).postJson("v1/chat/completions", CHAT);
    assertEquals(429, refused.status(), refused::text);
    JsonObject error = refused.json().getJsonObject("error");
    assertEquals("rate_limit_exceeded", error.getString("code"));
    assertTrue(error.getString("message").contains("requests per minute"), error.toString());
    long retryAfter = Long.parseLong(refused.header("retry-after"));
    assertTrue(retryAfter >= 1 && retryAfter <= 60, "whole seconds: " + retryAfter);
    assertEquals("0", refused.header("x-ratelimit-remaining-requests"));
    assertEquals(2, upstream.calls().size(), "the refused request never went upstream");
  }

  @Test void aKeyWithoutLimitsGetsTheUpstreamsHeadersAndNoneOfOurs() {
    upstream.replies(Reply.chat("free").header("x-ratelimit-limit-requests", "9999"));
    Response r = as(FREE_KEY).postJson("v1/chat/completions", CHAT);
    assertEquals(200, r.status());
    assertEquals("9999", r.header("x-ratelimit-limit-requests"));
    assertNull(r.header("x-ratelimit-limit-tokens"));
  }

  @Test void onMessagesTheRefusalIsAnthropicShaped() {
    upstream.replies(Reply.anthropicMessage("message-text.json"));
    String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    RouterClient client = RouterClient.at(base).xApiKey(ANTHROPIC_KEY).header("anthropic-version", "2023-06-01");
    Response ok = client.postJson("v1/messages", body);
    assertEquals(200, ok.status(), ok::text);
    assertEquals("1", ok.header("anthropic-ratelimit-requests-limit"));
    assertEquals("0", ok.header("anthropic-ratelimit-requests-remaining"));
    assertNull(ok.header("x-ratelimit-limit-requests"));

    Response refused = client.postJson("v1/messages", body);
    assertEquals(429, refused.status(), refused::text);
    JsonObject json = refused.json();
    assertEquals("error", json.getString("type"));
    assertEquals("rate_limit_error", json.getJsonObject("error").getString("type"));
    assertNotNull(refused.header("retry-after"));
    assertNotNull(refused.header("anthropic-ratelimit-requests-reset"));
  }

  @Test void aClientThatLeavesGivesItsConcurrencySlotBack() throws Exception {
    upstream.replies(Reply.stream("late").firstAfter(Duration.ofSeconds(30)));
    String stream = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    try (RawHttp raw = RawHttp.connect(base)) {
      HttpWire.Head head = raw.postJson("/v1/chat/completions", Headers.of("Authorization", "Bearer " + CONC_KEY),
          stream).readHead();
      assertEquals(200, head.status(), head::toString);
      Response busy = as(CONC_KEY).postJson("v1/chat/completions", CHAT);
      assertEquals(429, busy.status(), busy::text);
      assertTrue(busy.json().getJsonObject("error").getString("message").contains("concurrent"), busy::text);
      assertEquals("1", busy.header("retry-after"));
    }   // the client hangs up mid-stream

    upstream.replies(Reply.chat("after"));
    Response again = Poll.until(Duration.ofSeconds(10), Duration.ofMillis(200),
        () -> as(CONC_KEY).postJson("v1/chat/completions", CHAT), r -> r.status() != 429);
    assertEquals(200, again.status(), "the slot came back when the abandoned answer was settled: " + again.text());
  }

  @Test void aSpentBudgetIs429InsufficientQuotaNotToBeRetriedAndEachAnswerIsCharged() throws Exception {
    int admitted = 0;
    Response last = null;
    for (int i = 0; i < 10; i++) {
      upstream.replies(Reply.chat("paid"));   // usage 5 + 3 tokens at 10 USD per million: 0.00008 USD each
      last = as(BUDGET_KEY).postJson("v1/chat/completions", CHAT);
      if (last.status() != 200) break;
      admitted++;
    }
    assertEquals(429, last.status(), last::text);
    assertEquals("insufficient_quota", last.json().getJsonObject("error").getString("code"));
    assertEquals("insufficient_quota", last.json().getJsonObject("error").getString("type"));
    assertEquals("false", last.header("x-should-retry"));
    assertTrue(admitted >= 1, "the budget admitted " + admitted);
    // each admission reserved the estimate's highest cost, so what was admitted fits the budget
    assertTrue(admitted * 80_000L <= 400_000L, admitted + " answers of 0.00008 USD");

    int charged = admitted;
    List<Map<String, Object>> rows = Poll.until(Duration.ofSeconds(10), () -> new UsageRows(usageUrl).query(
        "select cost_nanos from usage_record r join client_key k on k.id = r.key_id"
            + " where k.name = 'budget' and r.status = 200"), found -> found.size() >= charged);
    assertEquals(admitted, rows.size());
    for (Map<String, Object> row : rows) assertEquals(80_000L, ((Number) row.get("cost_nanos")).longValue());
  }

  @Test void teamsPricesAndKeyLimitsGoThroughTheAdminApiInTheConfigFilesNames() {
    AdminClient admin = AdminClient.withPassword(base, ADMIN_PASSWORD);
    Response team = admin.post("teams", "{\"name\": \"ops\", \"limits\": {\"rpm\": 5}, "
        + "\"budget\": {\"usd\": 20, \"period\": \"day\"}}");
    assertEquals(201, team.status(), team::text);
    assertEquals(5, team.json().getJsonObject("limits").getInt("rpm"));
    assertEquals("day", team.json().getJsonObject("budget").getString("period"));

    Response key = admin.post("client-keys", "{\"name\": \"ops-bot\", \"team\": \"ops\", "
        + "\"limits\": {\"rpm\": 1, \"maxConcurrent\": 2}, \"modelLimits\": {\"gpt-4o*\": {\"tpm\": 1000}}}");
    assertEquals(201, key.status(), key::text);
    JsonObject stored = key.json().getJsonObject("clientKey");
    assertEquals("ops", stored.getString("team"));
    assertEquals(1000, stored.getJsonObject("modelLimits").getJsonObject("gpt-4o*").getInt("tpm"));
    String issued = key.json().getString("key");
    upstream.replies(Reply.chat("ops"));
    Response used = as(issued).postJson("v1/chat/completions", CHAT);
    assertEquals(200, used.status(), used::text);
    assertEquals("1", used.header("x-ratelimit-limit-requests"), "the key's own rpm is the tightest");
    assertEquals("1000", used.header("x-ratelimit-limit-tokens"));

    Response bad = admin.post("client-keys", "{\"name\": \"bad\", \"limits\": {\"rpm\": 0}, "
        + "\"budget\": {\"usd\": 5, \"period\": \"week\"}}");
    assertEquals(400, bad.status(), bad::text);
    assertTrue(bad.text().contains("budget.period") || bad.text().contains("period"), bad::text);
    Response badRpm = admin.post("client-keys", "{\"name\": \"bad\", \"limits\": {\"rpm\": 0}}");
    assertEquals(400, badRpm.status(), badRpm::text);
    assertTrue(badRpm.text().contains("limits.rpm"), badRpm::text);

    Response price = admin.post("prices", "{\"model\": \"o3*\", \"provider\": \"openai\", \"inputPerMTok\": 2, "
        + "\"outputPerMTok\": 8, \"effectiveFrom\": \"2026-06-01\"}");
    assertEquals(201, price.status(), price::text);
    assertEquals("2026-06-01", price.json().getString("effectiveFrom"));
    Response badPrice = admin.post("prices", "{\"model\": \"x\", \"provider\": \"nope\", \"inputPerMTok\": 1, "
        + "\"outputPerMTok\": 1}");
    assertEquals(400, badPrice.status());
    assertTrue(badPrice.text().contains("provider"), badPrice::text);
    assertTrue(admin.get("prices").text().contains("\"o3*\""));

    String exported = admin.get("config").text();
    assertTrue(exported.contains("\"teams\"") && exported.contains("\"prices\"") && exported.contains("\"ops-bot\""),
        exported);
    String openApi = admin.get("openapi.json").text();
    assertTrue(openApi.contains("/teams") && openApi.contains("/prices"), "the OpenAPI document lists them");
  }
}
