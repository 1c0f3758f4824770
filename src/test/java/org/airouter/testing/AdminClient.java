package org.airouter.testing;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The admin API at {@code api/admin/v1/}, with the admin password (HTTP Basic) or a token of the test's choosing. */
public final class AdminClient {
  public static final String PATH = "api/admin/v1/";

  private final RouterClient http;

  private AdminClient(RouterClient http) { this.http = http; }

  /** Logged in with the admin password. */
  public static AdminClient withPassword(URL base, String password) {
    return new AdminClient(RouterClient.at(base).header("Authorization", basic("admin", password)));
  }

  /** With an admin token. */
  public static AdminClient withToken(URL base, String token) {
    return new AdminClient(RouterClient.at(base).bearer(token));
  }

  /** With whatever Authorization header (or none, when null). */
  public static AdminClient withHeader(URL base, String authorization) {
    RouterClient client = RouterClient.at(base);
    return new AdminClient(authorization == null ? client : client.header("Authorization", authorization));
  }

  public static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  public Response get(String path) { return http.get(PATH + path); }

  public Response post(String path, String json) { return http.postJson(PATH + path, json); }

  public Response put(String path, String json) {
    return http.send("PUT", PATH + path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  public Response delete(String path) { return http.send("DELETE", PATH + path, null, null); }

  public Response send(String method, String path, String json) {
    return http.send(method, PATH + path, json == null ? null : "application/json",
        json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }
}
