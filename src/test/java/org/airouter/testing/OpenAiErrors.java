package org.airouter.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** Checks the one error shape every failure has: {"error":{"message","type","param","code"}}. */
public final class OpenAiErrors {
  private OpenAiErrors() {}

  /**
   * Asserts the status and the shape (message a non-empty string, type a string, param and code present as string
   * or null) and returns the inner "error" object for further checks.
   */
  public static JsonObject expect(Response response, int status) {
    assertEquals(status, response.status(), () -> "status; response was " + response);
    String type = response.header("content-type");
    assertTrue(type != null && type.startsWith("application/json"), () -> "an error is JSON; response was " + response);
    return shape(response.json(), response.toString());
  }

  /** The same checks on a JSON document already read (e.g. an SSE error frame). */
  public static JsonObject shape(JsonObject document, String context) {
    assertNotNull(document, () -> "no JSON document: " + context);
    assertTrue(document.containsKey("error") && document.get("error").getValueType() == JsonValue.ValueType.OBJECT,
        () -> "expected {\"error\":{...}}, got " + context);
    JsonObject error = document.getJsonObject("error");
    assertTrue(error.get("message") instanceof JsonString, () -> "error.message must be a string: " + context);
    assertFalse(error.getString("message").isBlank(), () -> "error.message must say something: " + context);
    assertTrue(error.get("type") instanceof JsonString, () -> "error.type must be a string: " + context);
    for (String field : new String[] {"param", "code"}) {
      assertTrue(error.containsKey(field), () -> "error." + field + " must be present (string or null): " + context);
      JsonValue.ValueType t = error.get(field).getValueType();
      assertTrue(t == JsonValue.ValueType.STRING || t == JsonValue.ValueType.NULL,
          () -> "error." + field + " must be a string or null: " + context);
    }
    return error;
  }

  /** error.param or error.code as a Java string, null for JSON null. */
  public static String field(JsonObject error, String name) {
    return error.isNull(name) ? null : error.getString(name);
  }
}
