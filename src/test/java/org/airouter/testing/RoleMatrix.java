package org.airouter.testing;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The roles the admin API promises, method by method: "METHOD /path" (as in the OpenAPI document) → the least role.
 * The unit test holds the resource classes' annotations to this table and the IT holds the running API to it, for
 * every role. A new endpoint that is not in here fails both, so none escapes the matrix.
 */
public final class RoleMatrix {
  /** The roles from least to most, as the API names them; member is outside the ladder. */
  public static final String[] LADDER = {"viewer", "operator", "admin"};

  private RoleMatrix() {}

  public static Map<String, String> expected() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String resource : new String[] {"routes", "client-keys", "teams", "prices"}) {
      m.put("GET /" + resource, "viewer");
      m.put("POST /" + resource, "operator");
      m.put("GET /" + resource + "/{id}", "viewer");
      m.put("PUT /" + resource + "/{id}", "operator");
      m.put("DELETE /" + resource + "/{id}", "operator");
    }
    m.put("PUT /routes/order", "operator");
    m.put("POST /client-keys/revoke-all", "operator");
    // the member's self-service surface, and the only one a member may call
    m.put("GET /me", "member");
    m.put("GET /me/keys", "member");
    m.put("POST /me/keys", "member");
    m.put("DELETE /me/keys/{id}", "member");
    m.put("GET /me/usage", "member");
    m.put("GET /tokens", "admin");
    m.put("POST /tokens", "admin");
    m.put("DELETE /tokens/{id}", "admin");
    m.put("GET /users", "admin");
    m.put("POST /users", "admin");
    m.put("GET /users/{id}", "admin");
    m.put("PUT /users/{id}", "admin");
    m.put("DELETE /users/{id}", "admin");
    m.put("GET /config", "viewer");   // with includeSecrets=true: admin, checked in the method
    m.put("GET /config/version", "viewer");
    m.put("POST /config/import", "operator");
    m.put("POST /test", "operator");
    m.put("GET /usage", "viewer");
    m.put("GET /openapi.json", "viewer");
    m.put("GET /audit", "admin");
    m.put("GET /audit/export", "admin");
    m.put("GET /captures", "admin");
    m.put("GET /captures/{id}", "admin");
    m.put("DELETE /captures", "admin");
    m.put("DELETE /captures/{id}", "admin");
    m.put("GET /captures/switches", "admin");
    m.put("PUT /captures/switches", "admin");
    m.put("DELETE /captures/switches", "admin");
    return m;
  }

  /** Whether a caller with {@code role} may call what needs {@code required}. */
  public static boolean allows(String role, String required) {
    if (role.equals("admin")) return true;
    if (role.equals("member") || required.equals("member")) return role.equals(required);
    return Arrays.asList(LADDER).indexOf(role) >= Arrays.asList(LADDER).indexOf(required);
  }
}
