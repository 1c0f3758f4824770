package org.airouter.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One request as the mock upstream received it.
 *
 * @param target     the request target as sent: path plus query
 * @param connection a number per accepted TCP connection, to see keep-alive reuse
 * @param body       the body, or its first bytes when the mock keeps only so much ({@link MockUpstream#keepBodiesUpTo})
 * @param size       the whole body's length
 * @param sha256     the whole body's SHA-256, hex
 */
public record RecordedRequest(String method, String target, Headers headers, byte[] body, Instant receivedAt, int connection,
                              long size, String sha256) {

  public RecordedRequest(String method, String target, Headers headers, byte[] body, Instant receivedAt, int connection) {
    this(method, target, headers, body, receivedAt, connection, body.length, sha256Of(body));
  }

  public static String sha256Of(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String path() {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  /** The raw query string without '?', or null. */
  public String query() {
    int q = target.indexOf('?');
    return q < 0 ? null : target.substring(q + 1);
  }

  public String header(String name) {
    return headers.first(name);
  }

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The body as a JSON object, or null if it is not one. */
  public JsonObject json() {
    if (body.length == 0) return null;
    try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
      JsonValue value = reader.readValue();
      return value.getValueType() == JsonValue.ValueType.OBJECT ? value.asJsonObject() : null;
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  /** The "model" of a JSON body, or null. */
  public String model() {
    JsonObject json = json();
    return json != null && json.containsKey("model") && json.get("model").getValueType() == JsonValue.ValueType.STRING
        ? json.getString("model") : null;
  }

  public boolean wantsStream() {
    JsonObject json = json();
    return json != null && json.get("stream") == JsonValue.TRUE;
  }

  /** The bearer token of the Authorization header, or null. */
  public String bearer() {
    String auth = header("authorization");
    return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
  }

  @Override public String toString() {
    return method + " " + target + " (" + body.length + " bytes, connection " + connection + ")";
  }
}
