package org.airouter.selfservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.airouter.testing.AdminClient;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Poll;
import org.airouter.testing.Reply;
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
 * Member self-service through the admin API: a member issues keys in their team within its limits and budget, sees
 * and revokes only their own, sees their own usage and spend; an operator revokes every key of a user at once.
 */
@ExtendWith(ArquillianExtension.class)
class SelfServiceIT {
  static final String ADMIN_PASSWORD = "self-service-admin-password";
  static final String PASSWORD = "member-password-long";
  static final String CHAT = "{\"model\":\"gpt-4o\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    // "broke" may spend a tenth of a cent a month: admitted on its estimate, one long answer spends it
    String config = """
        {"routes": [{"name": "gpt", "match": "glob", "pattern": "gpt-*", "baseUrl": "%s", "apiKey": "sk-up"}],
         "teams": [{"name": "alpha", "limits": {"rpm": 100, "tpm": 100000}, "budget": {"usd": 5, "period": "month"}},
                   {"name": "broke", "budget": {"usd": 0.001, "period": "month"}},
                   {"name": "spent", "budget": {"usd": 0, "period": "day"}}],
         "prices": [{"model": "gpt-4o", "provider": "openai", "inputPerMTok": 10, "outputPerMTok": 10}]}
        """.formatted(upstream.baseUrl());
    RouterSettings.fresh(SelfServiceIT.class).configJson(config).set(RouterSettings.ADMIN_PASSWORD, ADMIN_PASSWORD)
        .set(RouterSettings.USAGE_FLUSH_MS, 200).apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  AdminClient admin() { return AdminClient.withPassword(base, ADMIN_PASSWORD); }

  AdminClient as(String user) { return AdminClient.withHeader(base, AdminClient.basic(user, PASSWORD)); }

  /** Creates the member once per deployment; returns the user as the API shows it. */
  JsonObject member(String name, String team) {
    Response r = admin().post("users", "{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD
        + "\",\"role\":\"member\",\"team\":\"" + team + "\"}");
    if (r.status() == 409) {
      return array(admin().get("users")).getValuesAs(JsonObject.class).stream()
          .filter(u -> u.getString("name").equals(name)).findFirst().orElseThrow();
    }
    assertEquals(201, r.status(), r::toString);
    return r.json();
  }

  static JsonArray array(Response r) {
    assertEquals(200, r.status(), r::toString);
    return Json.createReader(new StringReader(r.text())).readArray();
  }

  static String code(Response r) { return r.json().getJsonObject("error").getString("code"); }

  static List<String> names(JsonArray keys) {
    return keys.getValuesAs(JsonObject.class).stream().map(k -> k.getString("name")).toList();
  }

  Response chat(String key) { return RouterClient.at(base).bearer(key).postJson("v1/chat/completions", CHAT); }

  @Test void aMemberIssuesAKeyWithinTheTeamsLimitsAndItWorksAtOnce() {
    member("alice", "alpha");
    Response me = as("alice").get("me");
    assertEquals(200, me.status(), me::toString);
    assertEquals("alice", me.json().getString("name"));
    assertEquals("member", me.json().getString("role"));
    assertEquals("alpha", me.json().getString("team"));

    Response issued = as("alice").post("me/keys", "{\"name\":\"alice-laptop\",\"limits\":{\"rpm\":50},"
        + "\"budget\":{\"usd\":2,\"period\":\"month\"},\"team\":\"elsewhere\"}");
    assertEquals(201, issued.status(), issued::toString);
    String key = issued.json().getString("key");
    JsonObject stored = issued.json().getJsonObject("clientKey");
    assertEquals("alice", stored.getString("owner"));
    assertEquals("alpha", stored.getString("team"), "a member's key is in their team, whatever they send");
    assertFalse(as("alice").get("me/keys").text().contains(key), "the full key is shown once, in the answer");

    upstream.replies(Reply.chat("hello"));
    assertEquals(200, chat(key).status());
    JsonObject listed = admin().get("client-keys/" + stored.getJsonNumber("id").longValue()).json();
    assertEquals("alice", listed.getString("owner"), "the admin views show the owner");
    Response audit = admin().get("audit?action=me.keys.create&actor=user:alice");
    assertEquals(1, audit.json().getJsonArray("events").size(), audit::toString);
    assertFalse(audit.text().contains(key), "never the key in the audit log");
  }

  @Test void aKeyAboveTheTeamsLimitOrBudgetIsRefusedAndNothingIsStored() {
    member("amir", "alpha");
    Response rpm = as("amir").post("me/keys", "{\"name\":\"amir-greedy\",\"limits\":{\"rpm\":101}}");
    assertEquals(400, rpm.status(), rpm::toString);
    assertEquals("over_team_limit", code(rpm));
    assertTrue(rpm.json().getJsonObject("error").getString("message").contains("limits.rpm: 101 is above the team's 100"),
        rpm::toString);
    Response budget = as("amir").post("me/keys", "{\"name\":\"amir-rich\",\"budget\":{\"usd\":6}}");
    assertEquals(400, budget.status(), budget::toString);
    assertEquals("over_team_limit", code(budget));
    assertEquals(List.of(), names(array(as("amir").get("me/keys"))));
    assertFalse(admin().get("client-keys").text().contains("amir-"));
  }

  @Test void oneRequestSpendsTheTeamsBudgetAndThenNoKeyIsIssued() {
    member("carl", "broke");
    Response first = as("carl").post("me/keys", "{\"name\":\"carl-1\"}");
    assertEquals(201, first.status(), first::toString);
    upstream.replies(Reply.json("{\"id\":\"chatcmpl-long\",\"object\":\"chat.completion\",\"created\":1700000000,"
        + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"long\"},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":100000,"
        + "\"total_tokens\":100005}}"));
    Response spending = chat(first.json().getString("key"));
    assertEquals(200, spending.status(), spending::text);
    // The spend is counted as the exchange ends, a moment after the client has its answer: wait for it where the
    // refusal reads it (asking for keys until one is refused created "carl-2" when the first ask came too soon).
    Poll.until(Duration.ofSeconds(20), Duration.ofMillis(200), () -> as("carl").get("me/usage").json(),
        u -> u.getJsonObject("teamBudget").getJsonNumber("spentUsd").doubleValue() >= 0.001);
    Response refused = as("carl").post("me/keys", "{\"name\":\"carl-2\"}");
    assertEquals(400, refused.status(), refused::toString);
    assertEquals("team_budget_spent", code(refused));
    assertEquals(List.of("carl-1"), names(array(as("carl").get("me/keys"))));

    JsonObject usage = Poll.until(Duration.ofSeconds(20), Duration.ofMillis(200), () -> as("carl").get("me/usage").json(),
        u -> u.getJsonObject("totals").getInt("requests") >= 1);
    assertTrue(usage.getJsonObject("totals").getJsonNumber("costUsd").doubleValue() > 0, usage::toString);
    assertEquals("carl-1", usage.getJsonArray("keys").getJsonObject(0).getString("name"));
    JsonObject team = usage.getJsonObject("teamBudget");
    assertEquals("broke", team.getString("team"));
    assertTrue(team.getJsonNumber("spentUsd").doubleValue() >= 0.001, usage::toString);
  }

  @Test void aTeamWhoseBudgetIsZeroGetsNoKeys() {
    member("zoe", "spent");
    Response refused = as("zoe").post("me/keys", "{\"name\":\"zoe-1\"}");
    assertEquals(400, refused.status(), refused::toString);
    assertEquals("team_budget_spent", code(refused));
    assertTrue(refused.json().getJsonObject("error").getString("message").contains("spent its budget"), refused::toString);
  }

  @Test void aMemberSeesAndRevokesOnlyTheirOwnKeysAndNothingElse() {
    member("bea", "alpha");
    member("ben", "alpha");
    Response beas = as("bea").post("me/keys", "{\"name\":\"bea-ci\"}");
    assertEquals(201, beas.status(), beas::toString);
    long id = beas.json().getJsonObject("clientKey").getJsonNumber("id").longValue();
    String key = beas.json().getString("key");

    assertFalse(names(array(as("ben").get("me/keys"))).contains("bea-ci"));
    Response stolen = as("ben").delete("me/keys/" + id);
    assertEquals(404, stolen.status(), "another's key is as if it did not exist: " + stolen);
    upstream.replies(Reply.chat("still"));
    assertEquals(200, chat(key).status(), "ben's attempt changed nothing");
    assertEquals(403, as("ben").get("client-keys").status(), "a member has no admin view");
    assertEquals(403, as("ben").get("usage").status());
    assertEquals(403, as("ben").post("client-keys/revoke-all", "{\"owner\":\"bea\"}").status());

    Response revoked = as("bea").delete("me/keys/" + id);
    assertEquals(200, revoked.status(), revoked::toString);
    assertFalse(revoked.json().getBoolean("enabled"));
    assertEquals(401, chat(key).status(), "a revoked key is refused at once");
    assertEquals(1, admin().get("audit?action=me.keys.revoke&actor=user:bea").json().getJsonArray("events").size());
  }

  @Test void withoutATeamThatIsDefinedNoKeyIsIssued() {
    member("gus", "ghost-team");
    Response undefined = as("gus").post("me/keys", "{\"name\":\"gus-1\"}");
    assertEquals(400, undefined.status(), undefined::toString);
    assertEquals("team_not_defined", code(undefined));
    Response noTeam = admin().post("me/keys", "{\"name\":\"admin-own\"}");
    assertEquals(400, noTeam.status(), noTeam::toString);
    assertEquals("no_team", code(noTeam));
  }

  @Test void allKeysOfADepartingUserAreRevokedInOneActionAndTheyCannotSignIn() {
    JsonObject dave = member("dave", "alpha");
    String k1 = as("dave").post("me/keys", "{\"name\":\"dave-1\"}").json().getString("key");
    String k2 = as("dave").post("me/keys", "{\"name\":\"dave-2\"}").json().getString("key");
    member("bea", "alpha");
    String stays = as("bea").post("me/keys", "{\"name\":\"bea-stays\"}").json().getString("key");

    Response disabled = admin().put("users/" + dave.getJsonNumber("id").longValue(), "{\"role\":\"member\",\"team\":\"alpha\","
        + "\"disabled\":true,\"version\":" + dave.getInt("version") + "}");
    assertEquals(200, disabled.status(), disabled::toString);
    assertTrue(disabled.json().getBoolean("disabled"));
    assertEquals(401, as("dave").get("me").status(), "a disabled user cannot sign in");

    Response all = admin().post("client-keys/revoke-all", "{\"owner\":\"dave\"}");
    assertEquals(200, all.status(), all::toString);
    assertEquals(2, all.json().getJsonArray("revoked").size(), all::toString);
    upstream.replies(Reply.chat("bea"));
    assertEquals(401, chat(k1).status());
    assertEquals(401, chat(k2).status());
    assertEquals(200, chat(stays).status(), "other users' keys are untouched");
    JsonArray events = admin().get("audit?action=client-keys.revoke-all").json().getJsonArray("events");
    assertEquals(1, events.size());
    JsonObject after = events.getJsonObject(0).getJsonObject("detail").getJsonObject("after");
    assertEquals("dave", after.getString("owner"));
    assertEquals(JsonValue.ValueType.ARRAY, after.get("revoked").getValueType());
    assertEquals(400, admin().post("client-keys/revoke-all", "{}").status(), "whose keys: required");
  }
}
