package org.airouter.proxy;

import org.airouter.wire.JsonIo;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import org.airouter.secrets.Redactor;
import org.airouter.wire.OpenAiError;
import jakarta.json.JsonNumber;

/**
 * An upstream's error answer, as the client may see it: OpenAI-shaped, the status kept, and the route's secrets and
 * anything key-shaped taken out of every field (providers echo part of a wrong key back, and a relay might echo all
 * of it, in any field). The fields are redacted after JSON decoding, so an escaped key is still found.
 */
final class UpstreamErrors {
  private static final int MAX_MESSAGE = 2000;

  private UpstreamErrors() {}

  static OpenAiError toOpenAi(int status, byte[] body, int length, Redactor redactor) {
    return redactor.redact(unredacted(status, body, length));
  }

  private static OpenAiError unredacted(int status, byte[] body, int length) {
    String text = new String(body, 0, length, StandardCharsets.UTF_8);
    JsonValue value = JsonIo.read(body, 0, length).orElse(null);   // not JSON: the text is wrapped below
    if (value instanceof JsonObject o && o.get("error") instanceof JsonObject error) {
      return new OpenAiError(status, string(error, "message", "Upstream error"), string(error, "type", typeFor(status)),
          nullableString(error, "param"), nullableString(error, "code"));
    }
    if (value instanceof JsonObject o && o.get("error") instanceof JsonString s) {
      return new OpenAiError(status, s.getString(), typeFor(status), null, null);
    }
    String snippet = text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text;
    return new OpenAiError(status, "Upstream returned HTTP " + status
        + (snippet.isBlank() ? "." : ": " + snippet.strip()), typeFor(status), null, "upstream_error");
  }

  private static String typeFor(int status) {
    if (status == 429) return "rate_limit_error";
    if (status == 401 || status == 403) return "authentication_error";
    return status >= 500 ? "server_error" : "invalid_request_error";
  }

  private static String string(JsonObject o, String field, String fallback) {
    return o.get(field) instanceof JsonString s ? s.getString() : fallback;
  }

  private static String nullableString(JsonObject o, String field) {
    JsonValue v = o.get(field);
    if (v instanceof JsonString s) return s.getString();
    if (v instanceof JsonNumber n) return n.toString();
    return null;
  }
}
