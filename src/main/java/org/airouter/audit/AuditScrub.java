package org.airouter.audit;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.airouter.secrets.Redactor;
import org.airouter.wire.JsonIo;

/**
 * Takes secrets out of what goes into the audit log, twice over: by name (a field called apiKey, key, token,
 * password, secret, headers or similar is replaced by a mark, whatever its value) and by shape (any string that
 * looks like a key, through {@link Redactor#PATTERNS}).
 */
public final class AuditScrub {
  static final String MARK = "[removed]";
  private static final Set<String> SECRET_NAMES = Set.of("apikey", "api_key", "key", "token", "password", "secret",
      "headers", "extraheaders", "authorization", "clientsecret", "client_secret", "value", "fullkey");

  private AuditScrub() {}

  /** Whether a field of this name holds a secret (names compared without case, dashes or underscores' variants). */
  public static boolean secretName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    int colon = n.lastIndexOf(':');   // a Faces field id: form:field
    if (colon >= 0) n = n.substring(colon + 1);
    return SECRET_NAMES.contains(n) || SECRET_NAMES.contains(n.replace("-", "").replace("_", ""))
        || n.contains("password") || n.contains("secret") || n.contains("apikey") || n.contains("token")
        || n.endsWith("key") || n.contains("header");
  }

  public static JsonValue scrub(JsonValue value) {
    switch (value.getValueType()) {
      case OBJECT -> {
        JsonObjectBuilder out = JsonIo.PROVIDER.createObjectBuilder();
        for (Map.Entry<String, JsonValue> e : ((JsonObject) value).entrySet()) {
          boolean secret = secretName(e.getKey()) && e.getValue().getValueType() != JsonValue.ValueType.NULL
              && e.getValue().getValueType() != JsonValue.ValueType.TRUE
              && e.getValue().getValueType() != JsonValue.ValueType.FALSE;
          out.add(e.getKey(), secret ? JsonIo.PROVIDER.createValue(MARK) : scrub(e.getValue()));
        }
        return out.build();
      }
      case ARRAY -> {
        JsonArrayBuilder out = JsonIo.PROVIDER.createArrayBuilder();
        value.asJsonArray().forEach(v -> out.add(scrub(v)));
        return out.build();
      }
      case STRING -> {
        return JsonIo.PROVIDER.createValue(Redactor.PATTERNS.redact(((JsonString) value).getString()));
      }
      default -> {
        return value;
      }
    }
  }
}
