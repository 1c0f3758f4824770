package org.airouter.admin.api;

import static org.airouter.admin.api.AdminApiIT.CHAT;
import static org.airouter.admin.api.AdminApiIT.PASSWORD;
import static org.airouter.admin.api.AdminApiIT.UPSTREAM_KEY;
import static org.airouter.admin.api.AdminApiIT.ok;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URL;
import java.util.List;
import org.airouter.testing.AdminClient;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.OpenAiErrors;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole config through the admin API: export with and without secrets, import previewed then applied. */
@ExtendWith(ArquillianExtension.class)
class ConfigTransferApiIT {
  // The seed route and password of AdminApiIT's deployment, in a deployment of its own.

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(ConfigTransferApiIT.class)
        .set(RouterSettings.ADMIN_PASSWORD, PASSWORD)
        .config(ConfigFiles.config().route(route("seed", "exact", "seed-model").at(upstream).apiKey(UPSTREAM_KEY)))
        .apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  AdminClient admin() { return AdminClient.withPassword(base, PASSWORD); }

  @Test void exportLeavesSecretsOutUnlessAsked() {
    String plain = ok(admin().get("config"), 200).toString();
    assertTrue(plain.contains("\"seed\""), plain);
    assertFalse(plain.contains(UPSTREAM_KEY), plain);
    assertTrue(ok(admin().get("config?includeSecrets=true"), 200).toString().contains(UPSTREAM_KEY));
  }

  @Test void dryRunImportAnswersTheDiffAndWritesNothing() {
    long version = ok(admin().get("config/version"), 200).getJsonNumber("version").longValue();
    String doc = "{\"routes\":["
        + "{\"name\":\"seed\",\"match\":\"exact\",\"pattern\":\"seed-model\",\"baseUrl\":\"" + upstream.baseUrl() + "\"},"
        + "{\"name\":\"seed-copy\",\"match\":\"glob\",\"pattern\":\"copy-*\",\"baseUrl\":\"http://127.0.0.1:9\"},"
        + "{\"name\":\"broken\",\"match\":\"bogus\",\"pattern\":\"x\",\"baseUrl\":\"http://127.0.0.1:9\"}],"
        + "\"clientKeys\":[{\"name\":\"imported-key\",\"key\":\"ar-imported-key-0001\"}]}";

    JsonObject dry = ok(admin().post("config/import?dryRun=true", doc), 200);
    assertEquals(version, ok(admin().get("config/version"), 200).getJsonNumber("version").longValue(), "nothing written");
    assertEquals(2, dry.getJsonObject("summary").getInt("added"), dry::toString);
    assertEquals(1, dry.getJsonObject("summary").getInt("problems"), dry::toString);
    JsonObject seed = dry.getJsonArray("changes").getJsonObject(0);
    assertEquals("seed", seed.getString("name"));
    assertEquals("unchanged", seed.getString("change"), dry::toString);
    assertTrue(dry.getJsonArray("problems").getString(0).startsWith("routes[2]: match:"), dry::toString);
    OpenAiErrors.expect(admin().get("routes/" + 0), 404);

    JsonObject applied = ok(admin().post("config/import", doc), 200);
    assertEquals(2, applied.getJsonObject("imported").getInt("routes"), applied::toString);
    assertTrue(applied.getJsonNumber("version").longValue() > version);
    assertEquals(200, RouterClient.at(base).bearer("ar-imported-key-0001").postJson("v1/chat/completions", CHAT).status());

    JsonObject again = ok(admin().post("config/import?dryRun=true", doc.replace("copy-*", "copy-v2-*")), 200);
    JsonObject copy = again.getJsonArray("changes").getJsonObject(1);
    assertEquals("changed", copy.getString("change"), again::toString);
    assertEquals("pattern", copy.getJsonArray("fields").getString(0));
  }

  @Test void allowedEndpointsRoundTripThroughExportAndImport() {
    String doc = "{\"routes\":[],\"clientKeys\":["
        + "{\"name\":\"rt-files\",\"key\":\"ar-roundtrip-files-0001\",\"allowedModels\":[\"seed-model\"],"
        + "\"allowedEndpoints\":[\"chat\",\"files\"]},"
        + "{\"name\":\"rt-default\",\"key\":\"ar-roundtrip-default-0001\",\"allowedModels\":[\"seed-model\"]},"
        + "{\"name\":\"rt-typo\",\"key\":\"ar-roundtrip-typo-0001\",\"allowedEndpoints\":[\"filez\"]}]}";
    JsonObject applied = ok(admin().post("config/import", doc), 200);
    assertEquals(2, applied.getJsonObject("imported").getInt("clientKeys"), applied::toString);
    assertTrue(applied.getJsonArray("problems").getString(0).startsWith(
        "clientKeys[2] (client key 'rt-typo'): allowedEndpoints: 'filez' is not an endpoint name"), applied::toString);

    JsonObject exported = ok(admin().get("config"), 200);
    JsonObject files = key(exported, "rt-files");
    assertEquals("[\"chat\",\"files\"]", files.getJsonArray("allowedEndpoints").toString());
    assertTrue(key(exported, "rt-default").isNull("allowedEndpoints"), exported::toString);

    // The export, keys added back (they are never exported), changes nothing; a changed list is a changed field.
    String again = "{\"clientKeys\":[" + withKey(files, "ar-roundtrip-files-0001") + ","
        + withKey(key(exported, "rt-default"), "ar-roundtrip-default-0001") + "]}";
    JsonObject dry = ok(admin().post("config/import?dryRun=true", again), 200);
    assertEquals("unchanged", dry.getJsonArray("changes").getJsonObject(0).getString("change"), dry::toString);
    assertEquals("unchanged", dry.getJsonArray("changes").getJsonObject(1).getString("change"), dry::toString);
    JsonObject changed = ok(admin().post("config/import?dryRun=true", again.replace("\"files\"", "\"batches\"")), 200)
        .getJsonArray("changes").getJsonObject(0);
    assertEquals("[\"allowedEndpoints\"]", changed.getJsonArray("fields").toString(), changed::toString);
  }

  private static JsonObject key(JsonObject config, String name) {
    return config.getJsonArray("clientKeys").stream().map(v -> v.asJsonObject())
        .filter(k -> k.getString("name").equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
  }

  private static String withKey(JsonObject exportedKey, String key) {
    return Json.createObjectBuilder(exportedKey).add("key", key).build().toString();
  }

  @Test void workerFormatImports() {
    JsonObject dry = ok(admin().post("config/import?dryRun=true",
        "{\"modelConfigs\":{\"worker-kw\":{\"endpoint\":\"http://127.0.0.1:9/v1/chat/completions\",\"apiKey\":\"sk-w\"}},"
            + "\"authKeys\":[\"worker-key-abcdefgh\"]}"), 200);
    assertEquals(2, dry.getJsonObject("summary").getInt("added"), dry::toString);
  }

  /** Issue 16: the old form in, the new form out; the export imports as unchanged; a Worker entry is one target. */
  @Test void oldFormInNewFormOutAndTheExportReimportsUnchanged() {
    String doc = "{\"routes\":[{\"name\":\"transfer-old\",\"match\":\"exact\",\"pattern\":\"transfer-old-model\","
        + "\"provider\":\"openai\",\"baseUrl\":\"http://127.0.0.1:9/v1\",\"apiKey\":\"sk-transfer-old\","
        + "\"upstreamModel\":\"up-model\",\"query\":{\"a\":\"1\"}}]}";
    ok(admin().post("config/import", doc), 200);
    ok(admin().post("config/import", "{\"modelConfigs\":{\"transfer-worker\":{\"endpoint\":"
        + "\"http://127.0.0.1:9/v1/chat/completions\",\"apiKey\":\"sk-transfer-worker\"}}}"), 200);

    JsonObject export = ok(admin().get("config?includeSecrets=true"), 200);
    JsonObject old = exported(export, "transfer-old");
    assertFalse(old.containsKey("baseUrl"), old::toString);
    JsonObject target = old.getJsonArray("targets").getJsonObject(0);
    assertEquals("primary", target.getString("name"));
    assertEquals("http://127.0.0.1:9/v1", target.getString("baseUrl"));
    assertEquals("sk-transfer-old", target.getString("apiKey"));
    assertEquals("up-model", target.getString("upstreamModel"));
    assertEquals("1", target.getJsonObject("query").getString("a"));
    assertEquals(List.of(3, false), List.of(old.getInt("maxAttempts"), old.getBoolean("retryOnTimeout")));
    JsonObject worker = exported(export, "transfer-worker").getJsonArray("targets").getJsonObject(0);
    assertEquals("http://127.0.0.1:9/v1", worker.getString("baseUrl"), "the Worker's endpoint, as a base URL");
    assertEquals("sk-transfer-worker", worker.getString("apiKey"));
    assertFalse(ok(admin().get("config"), 200).toString().contains("sk-transfer"), "keys only when asked for");

    JsonObject again = ok(admin().post("config/import?dryRun=true", export.toString()), 200);
    for (JsonValue change : again.getJsonArray("changes")) {
      JsonObject c = change.asJsonObject();
      if (c.getString("type").equals("route")) assertEquals("unchanged", c.getString("change"), c::toString);
    }
  }

  private static JsonObject exported(JsonObject export, String name) {
    return export.getJsonArray("routes").stream().map(JsonValue::asJsonObject)
        .filter(r -> r.getString("name").equals(name)).findFirst().orElseThrow();
  }
}
