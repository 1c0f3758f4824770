package org.airouter.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A whole response as the router's client saw it. */
public record Response(int status, HttpHeaders headers, byte[] body, Duration elapsed) {

  /** The first value of the header, or null. */
  public String header(String name) {
    return headers.firstValue(name).orElse(null);
  }

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The body as a JSON object; fails the test with the body text if it is not one. */
  public JsonObject json() {
    try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
      return reader.readObject();
    } catch (RuntimeException e) {
      throw new AssertionError("expected a JSON object body (status " + status + "), got: " + text(), e);
    }
  }

  @Override public String toString() {
    return status + " " + headers.map() + "\n" + text();
  }
}
