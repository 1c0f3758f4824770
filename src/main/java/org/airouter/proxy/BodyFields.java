package org.airouter.proxy;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import org.airouter.wire.JsonIo;

/**
 * Top-level fields of a JSON request body held in memory that failover decides on ({@code store}, {@code background},
 * {@code user}). The body is parsed only when the field's name occurs in it, so most requests cost a byte scan.
 */
final class BodyFields {
  private BodyFields() {}

  /** A top-level boolean ({@code store}, {@code background}), or null; unreadable counts as true (never replayed). */
  static Boolean flag(RequestBody body, String name) {
    if (body.size() == 0 || !contains(body, ("\"" + name + "\"").getBytes(StandardCharsets.US_ASCII))) return null;
    JsonObject object = object(body);
    if (object == null) return Boolean.TRUE;   // unreadable: treat as stored, never replayed
    JsonValue v = object.get(name);
    return v == JsonValue.TRUE ? Boolean.TRUE : v == JsonValue.FALSE ? Boolean.FALSE : null;
  }

  /** The top-level {@code user} (what {@code sticky: "user"} keeps on one target), or null. */
  static String user(RequestBody body) {
    if (body.size() == 0 || !contains(body, "\"user\"".getBytes(StandardCharsets.US_ASCII))) return null;
    JsonObject object = object(body);
    return object != null && object.get("user") instanceof JsonString user ? user.getString() : null;
  }

  private static JsonObject object(RequestBody body) {
    return JsonIo.readObject(body.array(), 0, body.arrayLength()).orElse(null);
  }

  private static boolean contains(RequestBody body, byte[] needle) {
    byte[] haystack = body.array();
    outer:
    for (int i = 0; i + needle.length <= body.arrayLength(); i++) {
      for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
      return true;
    }
    return false;
  }
}
