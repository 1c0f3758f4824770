package org.airouter.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.airouter.testing.AdminClient;
import org.airouter.testing.ConsoleForms;
import org.airouter.testing.Deployments;
import org.airouter.testing.Response;
import org.airouter.testing.RoleMatrix;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Roles end to end: every admin API endpoint (read from the OpenAPI document the running API builds from its resource
 * classes) × every role, as a named user (HTTP Basic) and as an admin token; users managed through the API; and the
 * console's pages and actions for a viewer, an operator and a member.
 */
@ExtendWith(ArquillianExtension.class)
class AdminRolesIT {
  static final String PASSWORD = "roles-admin-password";
  static final String USER_PASSWORD = "user-password-for-roles";
  static final long NO_SUCH_ID = 987_654_321L;

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(AdminRolesIT.class).set(RouterSettings.ADMIN_PASSWORD, PASSWORD).apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  ConsoleForms forms() { return ConsoleForms.at(base); }

  AdminClient admin() { return AdminClient.withPassword(base, PASSWORD); }

  AdminClient user(String name) { return AdminClient.withHeader(base, AdminClient.basic(name, USER_PASSWORD)); }

  /** Creates the user once per deployment (a second call finds it: 409). */
  void ensureUser(String name, String role, String team) {
    Response r = admin().post("users", "{\"name\":\"" + name + "\",\"password\":\"" + USER_PASSWORD + "\",\"role\":\""
        + role + "\"" + (team == null ? "" : ",\"team\":\"" + team + "\"") + "}");
    assertTrue(r.status() == 201 || r.status() == 409, r::toString);
  }

  String token(String name, String role) {
    Response r = admin().post("tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
    assertEquals(201, r.status(), r::toString);
    assertEquals(role, r.json().getJsonObject("adminToken").getString("role"));
    return r.json().getString("token");
  }

  /** "METHOD /path" for every operation the running API documents, plus the document itself. */
  List<String> endpoints() {
    Response doc = admin().get("openapi.json");
    assertEquals(200, doc.status(), doc::toString);
    List<String> found = new ArrayList<>();
    JsonObject paths = doc.json().getJsonObject("paths");
    for (String path : paths.keySet()) {
      for (String method : paths.getJsonObject(path).keySet()) {
        if (List.of("get", "post", "put", "delete", "patch", "head").contains(method)) {
          found.add(method.toUpperCase(Locale.ROOT) + " " + path);
        }
      }
    }
    found.add("GET /openapi.json");
    return found;
  }

  Response call(AdminClient client, String endpoint) {
    String method = endpoint.substring(0, endpoint.indexOf(' '));
    String path = endpoint.substring(endpoint.indexOf(' ') + 2).replace("{id}", Long.toString(NO_SUCH_ID));
    if (path.equals("config/import")) path += "?dryRun=true";   // an allowed empty import changes nothing
    boolean body = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    return client.send(method, path, body ? "{}" : null);
  }

  @Test void everyRoleGetsExactlyTheMatrixOnEveryEndpointAsUserAndAsToken() {
    List<String> endpoints = endpoints();
    assertEquals(new TreeSet<>(RoleMatrix.expected().keySet()), new TreeSet<>(endpoints),
        "the running API and the matrix list the same endpoints");
    Map<String, AdminClient> callers = new LinkedHashMap<>();
    callers.put("admin", admin());
    for (String role : List.of("admin", "operator", "viewer", "member")) {
      ensureUser("matrix-" + role, role, role.equals("member") ? "team-a" : null);
      callers.put("user:" + role, user("matrix-" + role));
    }
    for (String role : RoleMatrix.LADDER) callers.put("token:" + role, AdminClient.withToken(base, token("matrix-" + role, role)));

    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (Map.Entry<String, AdminClient> caller : callers.entrySet()) {
      String role = caller.getKey().contains(":") ? caller.getKey().substring(caller.getKey().indexOf(':') + 1) : "admin";
      for (String endpoint : endpoints) {
        boolean allowed = RoleMatrix.allows(role, RoleMatrix.expected().get(endpoint));
        Response r = call(caller.getValue(), endpoint);
        checked++;
        if (allowed && (r.status() == 401 || r.status() == 403)) {
          wrong.add(caller.getKey() + " " + endpoint + ": refused " + r.status() + " " + r.text());
        } else if (!allowed && !(r.status() == 403 && "permission_denied".equals(code(r)))) {
          wrong.add(caller.getKey() + " " + endpoint + ": expected 403 permission_denied, got " + r.status() + " " + r.text());
        }
      }
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    assertEquals(callers.size() * endpoints.size(), checked);
  }

  @Test void aRefusedChangeChangesNothing() {
    ensureUser("quiet-viewer", "viewer", null);
    String route = "{\"name\":\"viewer-route\",\"match\":\"exact\",\"pattern\":\"viewer-model\",\"provider\":\"openai\","
        + "\"baseUrl\":\"http://127.0.0.1:9/v1\",\"apiKey\":\"sk-viewer-should-not-store\"}";
    Response refused = user("quiet-viewer").post("routes", route);
    assertEquals(403, refused.status(), refused::toString);
    assertTrue(refused.text().contains("operator"), "the answer names the role needed: " + refused.text());
    assertFalse(admin().get("routes").text().contains("viewer-route"));
    assertEquals(201, admin().post("routes", route).status(), "the same body is fine for an admin");
  }

  @Test void exportWithProviderKeysIsForAdminsOnly() {
    ensureUser("export-operator", "operator", null);
    assertEquals(200, user("export-operator").get("config").status());
    Response refused = user("export-operator").get("config?includeSecrets=true");
    assertEquals(403, refused.status(), refused::toString);
    assertEquals("permission_denied", code(refused));
    assertEquals(200, admin().get("config?includeSecrets=true").status());
  }

  @Test void membersAndUnknownRolesCannotHoldTokens() {
    Response member = admin().post("tokens", "{\"name\":\"member-token\",\"role\":\"member\"}");
    assertEquals(400, member.status(), member::toString);
    assertEquals(400, admin().post("tokens", "{\"name\":\"root-token\",\"role\":\"root\"}").status());
    JsonObject legacy = admin().post("tokens", "{\"name\":\"no-role-token\"}").json();
    assertEquals("admin", legacy.getJsonObject("adminToken").getString("role"), "a token without a role is an admin's");
  }

  @Test void usersAreManagedThroughTheApiAndARoleChangeTakesEffectAtOnce() {
    Response created = admin().post("users", "{\"name\":\"carol\",\"password\":\"" + USER_PASSWORD
        + "\",\"role\":\"viewer\"}");
    assertEquals(201, created.status(), created::toString);
    JsonObject carol = created.json();
    assertTrue(carol.getBoolean("hasPassword"));
    assertFalse(created.text().contains(USER_PASSWORD), "the password never comes back");
    assertFalse(admin().get("users").text().contains("pbkdf2"), "nor its hash");
    long id = carol.getJsonNumber("id").longValue();

    assertEquals(403, user("carol").post("teams", "{\"name\":\"carol-team\"}").status());
    Response promoted = admin().put("users/" + id, "{\"role\":\"operator\",\"version\":" + carol.getInt("version") + "}");
    assertEquals(200, promoted.status(), promoted::toString);
    assertEquals(201, user("carol").post("teams", "{\"name\":\"carol-team\"}").status());
    assertEquals(409, admin().put("users/" + id, "{\"role\":\"viewer\",\"version\":" + carol.getInt("version") + "}")
        .status(), "a stale version is a conflict");

    assertEquals(401, AdminClient.withHeader(base, AdminClient.basic("carol", "wrong-password-x")).get("routes").status());
    assertEquals(400, admin().post("users", "{\"name\":\"short\",\"password\":\"short\",\"role\":\"viewer\"}").status());
    assertEquals(400, admin().post("users", "{\"name\":\"admin\",\"password\":\"" + USER_PASSWORD
        + "\",\"role\":\"viewer\"}").status(), "'admin' is the bootstrap user's name");
    assertEquals(400, admin().post("users", "{\"name\":\"nomember\",\"role\":\"member\"}").status(), "a member needs a team");
    assertEquals(409, admin().post("users", "{\"name\":\"carol\",\"password\":\"" + USER_PASSWORD
        + "\",\"role\":\"viewer\"}").status());

    assertEquals(200, admin().delete("users/" + id).status());
    assertEquals(401, user("carol").get("routes").status(), "a deleted user is nobody");
  }

  // ---- the console ----

  @Test void aConsoleViewerReadsEveryPageButNoActionRuns() throws Exception {
    ensureUser("console-viewer", "viewer", null);
    assertNull(forms().signIn("console-viewer", "not-the-password"));
    String cookie = forms().signIn("console-viewer", USER_PASSWORD);
    assertNotNull(cookie);
    for (String page : List.of("routes", "route", "keys", "limits", "test", "usage", "transfer")) {
      assertEquals(200, forms().get("console/" + page + ".xhtml", cookie).statusCode(), page);
    }
    HttpResponse<String> create = forms().post("console/keys.xhtml", cookie, Map.of("create", "create",
        "create:name", "viewer-key", "create:createKey", "Create key"));
    assertEquals(403, create.statusCode(), create::body);
    assertTrue(create.body().contains("permission_denied"), create.body());
    assertEquals(403, forms().post("console/test/stream", cookie, Map.of("model", "x")).statusCode());
    assertFalse(admin().get("client-keys").text().contains("viewer-key"));
    HttpResponse<String> out = forms().post("console/routes.xhtml", cookie, Map.of("logout", "logout",
        "logout:signout", "Sign out"));
    assertNotEquals(403, out.statusCode(), "signing out is for everyone");
  }

  @Test void aConsoleOperatorActsOnRoutesButNotOnImportAndAMemberSeesNoAdminPage() throws Exception {
    ensureUser("console-operator", "operator", null);
    String operator = forms().signIn("console-operator", USER_PASSWORD);
    assertNotNull(operator);
    assertNotEquals(403, forms().post("console/keys.xhtml", operator, Map.of("create", "create")).statusCode());
    assertEquals(403, forms().post("console/transfer.xhtml", operator, Map.of("export", "export")).statusCode(),
        "export and import are an admin's");

    ensureUser("console-member", "member", "team-m");
    String member = forms().signIn("console-member", USER_PASSWORD);
    assertNotNull(member);
    assertEquals(403, forms().get("console/routes.xhtml", member).statusCode());
    String bootstrap = forms().signIn("", PASSWORD);
    assertNotNull(bootstrap, "an empty name is the bootstrap admin");
    assertNotEquals(403, forms().post("console/transfer.xhtml", bootstrap, Map.of("export", "export")).statusCode());
  }

  private static String code(Response r) {
    try {
      return r.json().getJsonObject("error").getString("code", null);
    } catch (AssertionError | RuntimeException notJson) {
      return null;
    }
  }
}
