package org.airouter.configfile;

import org.airouter.validation.Problem;
import org.airouter.wire.JsonIo;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.airouter.keys.ClientKeySpec;
import org.airouter.keys.LimitPolicy;
import org.airouter.keys.TeamSpec;
import org.airouter.prices.PriceSpec;
import org.airouter.provider.ProviderKind;
import org.airouter.routing.MatchKind;
import org.airouter.routing.Failover;
import org.airouter.routing.RouteSpec;
import org.airouter.routing.TargetSpec;
import org.airouter.routing.Timeouts;
import java.net.URI;
import java.time.LocalDate;
import java.util.LinkedHashMap;

/**
 * Reads both configuration formats: ours ({@code routes}, {@code clientKeys}) and the original Cloudflare Worker's
 * export ({@code modelConfigs}, {@code authKeys}). A bad entry is reported with its position and skipped; the rest
 * still counts.
 */
public final class ConfigFileParser {
  private static final List<String> ENDPOINT_SUFFIXES = List.of("/chat/completions", "/completions", "/embeddings");
  /** The fields a route written the old way carries for its one implicit target. */
  private static final List<String> UPSTREAM_FIELDS = List.of("provider", "baseUrl", "apiKey", "upstreamModel",
      "apiVersion", "deployments", "headers", "query");

  private ConfigFileParser() {}

  public static ConfigDocument parse(String json) {
    JsonObject root;
    try {
      JsonValue value = JsonIo.parse(json);
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        return failed("the file must hold a JSON object");
      }
      root = value.asJsonObject();
    } catch (JsonParsingException e) {
      return failed("not valid JSON at line " + e.getLocation().getLineNumber() + ", column "
          + e.getLocation().getColumnNumber() + ": " + e.getMessage());
    } catch (JsonException e) {
      return failed("not valid JSON: " + e.getMessage());
    }
    if (root.containsKey("modelConfigs") || root.containsKey("authKeys")) return worker(root);
    return ours(root);
  }

  private static ConfigDocument ours(JsonObject root) {
    List<ConfigDocument.Entry<RouteSpec>> routes = new ArrayList<>();
    List<ConfigDocument.KeyEntry> keys = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    JsonArray routeArray = array(root, "routes", problems);
    for (int i = 0; i < routeArray.size(); i++) {
      String position = "routes[" + i + "]";
      try {
        JsonObject o = routeArray.getJsonObject(i);
        String matchId = text(o, "match", "exact");
        MatchKind match = MatchKind.byId(matchId).orElseThrow(() ->
            new BadEntry("match: '" + matchId + "' is not " + MatchKind.CHOICES));
        RouteSpec spec = new RouteSpec(text(o, "name", null), match, text(o, "pattern", null),
            bool(o, "isDefault", false), bool(o, "enabled", true), targets(o), failover(o));
        require(spec.problems());
        routes.add(new ConfigDocument.Entry<>(position, spec));
      } catch (BadEntry | ClassCastException e) {
        problems.add(position + ": " + reason(e));
      }
    }
    JsonArray keyArray = array(root, "clientKeys", problems);
    for (int i = 0; i < keyArray.size(); i++) {
      String position = "clientKeys[" + i + "]";
      // A problem names the key as the importer does, so it can be found by its name too.
      String where = keyArray.get(i) instanceof JsonObject named && named.get("name") instanceof JsonString n
          && !n.getString().isBlank() ? position + " (client key '" + n.getString() + "')" : position;
      try {
        JsonObject o = keyArray.getJsonObject(i);
        ClientKeySpec spec = new ClientKeySpec(text(o, "name", null), strings(o, "allowedModels"),
            strings(o, "allowedEndpoints"), instant(o, "expiresAt"), bool(o, "enabled", true), text(o, "team", null),
            policy(o));
        String key = text(o, "key", null);
        List<Problem> specProblems = new ArrayList<>(spec.problems());
        if (key == null || key.length() < 8) specProblems.add(new Problem("key", "at least 8 characters"));
        require(specProblems);
        keys.add(new ConfigDocument.KeyEntry(position, spec, key));
      } catch (BadEntry | ClassCastException e) {
        problems.add(where + ": " + reason(e));
      }
    }
    List<ConfigDocument.Entry<TeamSpec>> teams = new ArrayList<>();
    JsonArray teamArray = array(root, "teams", problems);
    for (int i = 0; i < teamArray.size(); i++) {
      String position = "teams[" + i + "]";
      try {
        JsonObject o = teamArray.getJsonObject(i);
        TeamSpec spec = new TeamSpec(text(o, "name", null), policy(o));
        require(spec.problems());
        teams.add(new ConfigDocument.Entry<>(position, spec));
      } catch (BadEntry | ClassCastException e) {
        problems.add(position + ": " + reason(e));
      }
    }
    List<ConfigDocument.Entry<PriceSpec>> prices = new ArrayList<>();
    JsonArray priceArray = array(root, "prices", problems);
    for (int i = 0; i < priceArray.size(); i++) {
      String position = "prices[" + i + "]";
      try {
        JsonObject o = priceArray.getJsonObject(i);
        PriceSpec spec = new PriceSpec(text(o, "model", null), text(o, "provider", null),
            number(o, "inputPerMTok", true), numberOrNull(o, "cachedInputPerMTok"), number(o, "outputPerMTok", true),
            date(o, "effectiveFrom"));
        require(spec.problems());
        prices.add(new ConfigDocument.Entry<>(position, spec));
      } catch (BadEntry | ClassCastException e) {
        problems.add(position + ": " + reason(e));
      }
    }
    return new ConfigDocument(routes, keys, teams, prices, problems);
  }

  private static LimitPolicy policy(JsonObject o) {
    try {
      return LimitPolicy.read(o);
    } catch (IllegalArgumentException e) {
      throw new BadEntry(e.getMessage());
    }
  }

  private static double number(JsonObject o, String field, boolean required) {
    JsonValue value = o.get(field);
    if (value instanceof JsonNumber n) return n.doubleValue();
    if ((value == null || value == JsonValue.NULL) && !required) return 0;
    throw new BadEntry(field + ": must be a number (USD per million tokens)");
  }

  private static Double numberOrNull(JsonObject o, String field) {
    JsonValue value = o.get(field);
    return value == null || value == JsonValue.NULL ? null : number(o, field, true);
  }

  private static LocalDate date(JsonObject o, String field) {
    String text = text(o, field, null);
    if (text == null) return null;
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadEntry(field + ": must be a date such as 2026-01-01");
    }
  }

  /**
   * A route's targets: its {@code targets} array, or, for a route written the old way, one implicit target from the
   * upstream fields on the route itself. Both at once is an error: which one was meant cannot be told.
   */
  private static List<TargetSpec> targets(JsonObject o) {
    List<String> upstreamFields = UPSTREAM_FIELDS.stream().filter(o::containsKey).toList();
    if (!o.containsKey("targets")) return List.of(target(o, TargetSpec.IMPLICIT_NAME, 0, 1, true, Timeouts.NONE, ""));
    if (!upstreamFields.isEmpty()) {
      throw new BadEntry("targets: give either targets or the upstream fields of one, not both (found "
          + String.join(", ", upstreamFields) + ")");
    }
    if (!(o.get("targets") instanceof JsonArray array)) throw new BadEntry("targets: must be an array");
    List<TargetSpec> targets = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.get(i) instanceof JsonObject t)) throw new BadEntry("targets[" + i + "]: must be an object");
      String where = "targets[" + i + "].";
      targets.add(target(t, text(t, "name", null, where), integer(t, "priority", 0, where),
          integer(t, "weight", 1, where), bool(t, "enabled", true, where), timeouts(t, where), where));
    }
    return targets;
  }

  private static TargetSpec target(JsonObject o, String name, int priority, int weight, boolean enabled,
                                   Timeouts timeouts, String where) {
    String providerId = text(o, "provider", "openai", where);
    ProviderKind provider = ProviderKind.byId(providerId).orElseThrow(() ->
        new BadEntry(where + "provider: '" + providerId + "' is not a known provider"));
    return new TargetSpec(name, provider, text(o, "baseUrl", null, where), text(o, "apiKey", null, where),
        text(o, "upstreamModel", null, where), text(o, "apiVersion", null, where), stringMap(o, "deployments", where),
        o.containsKey("headers") ? stringMap(o, "headers", where) : null, stringMap(o, "query", where), priority,
        weight, enabled, timeouts);
  }

  private static Failover failover(JsonObject o) {
    Integer keepalive = o.get("keepaliveAfterMs") == null || o.get("keepaliveAfterMs") == JsonValue.NULL ? null
        : integer(o, "keepaliveAfterMs", 0, "");
    return new Failover(integer(o, "maxAttempts", Failover.DEFAULT_MAX_ATTEMPTS, ""), bool(o, "retryOnTimeout", false),
        strings(o, "fallbacks"), text(o, "sticky", null), timeouts(o, ""), keepalive);
  }

  /** A {@code timeouts} object; absent, null or a null field: the default. */
  private static Timeouts timeouts(JsonObject o, String where) {
    JsonValue value = o.get("timeouts");
    if (value == null || value == JsonValue.NULL) return Timeouts.NONE;
    if (!(value instanceof JsonObject t)) throw new BadEntry(where + "timeouts: must be an object");
    for (String field : t.keySet()) {
      if (!Timeouts.FIELDS.contains(field)) {
        throw new BadEntry(where + "timeouts." + field + ": not a timeout (" + String.join(", ", Timeouts.FIELDS) + ")");
      }
    }
    Map<String, Integer> map = new LinkedHashMap<>();
    for (String field : Timeouts.FIELDS) {
      if (t.get(field) != null && t.get(field) != JsonValue.NULL) map.put(field, integer(t, field, 0, where + "timeouts."));
    }
    return Timeouts.of(map);
  }

  /** The Worker matched keywords in file order and fell back to its first entry: that one becomes the default. */
  private static ConfigDocument worker(JsonObject root) {
    List<ConfigDocument.Entry<RouteSpec>> routes = new ArrayList<>();
    List<ConfigDocument.KeyEntry> keys = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    JsonObject configs = root.containsKey("modelConfigs") && root.get("modelConfigs") instanceof JsonObject o
        ? o : JsonValue.EMPTY_JSON_OBJECT;
    if (root.containsKey("modelConfigs") && configs.isEmpty() && !(root.get("modelConfigs") instanceof JsonObject)) {
      problems.add("modelConfigs: must be an object");
    }
    boolean first = true;
    for (Map.Entry<String, JsonValue> entry : configs.entrySet()) {
      String position = "modelConfigs." + entry.getKey();
      try {
        JsonObject o = entry.getValue().asJsonObject();
        String base = endpointBase(text(o, "endpoint", null));
        RouteSpec spec = new RouteSpec(entry.getKey(), MatchKind.KEYWORD, entry.getKey(), workerProvider(base),
            base, text(o, "apiKey", null), null, first, true);
        require(spec.problems());
        routes.add(new ConfigDocument.Entry<>(position, spec));
        first = false;
      } catch (BadEntry | ClassCastException e) {
        problems.add(position + ": " + reason(e));
      }
    }
    JsonArray authKeys = array(root, "authKeys", problems);
    for (int i = 0; i < authKeys.size(); i++) {
      String position = "authKeys[" + i + "]";
      try {
        String key = authKeys.getString(i);
        if (key.length() < 8) throw new BadEntry("key: at least 8 characters");
        keys.add(new ConfigDocument.KeyEntry(position,
            new ClientKeySpec("worker-key-" + (i + 1), List.of(), null, true), key));
      } catch (BadEntry | ClassCastException e) {
        problems.add(position + ": " + reason(e));
      }
    }
    return new ConfigDocument(routes, keys, problems);
  }

  /** The Worker special-cased Cloudflare's own endpoint; here it is a provider kind of its own. */
  static ProviderKind workerProvider(String base) {
    try {
      return base != null && "api.cloudflare.com".equalsIgnoreCase(URI.create(base.trim()).getHost())
          ? ProviderKind.CLOUDFLARE : ProviderKind.OPENAI;
    } catch (IllegalArgumentException notAUrl) {
      return ProviderKind.OPENAI;   // the spec check reports the URL
    }
  }

  /** The Worker stored full endpoint URLs; a route wants the base. */
  static String endpointBase(String endpoint) {
    if (endpoint == null) return null;
    String url = endpoint.trim();
    for (String suffix : ENDPOINT_SUFFIXES) {
      if (url.endsWith(suffix)) return url.substring(0, url.length() - suffix.length());
    }
    return url;
  }

  /** An entry that breaks a rule of its spec is skipped, naming every problem. */
  private static void require(List<Problem> problems) {
    if (!problems.isEmpty()) throw new BadEntry(Problem.join(problems));
  }

  private static ConfigDocument failed(String problem) {
    return new ConfigDocument(List.of(), List.of(), List.of(problem));
  }

  private static JsonArray array(JsonObject o, String field, List<String> problems) {
    JsonValue value = o.get(field);
    if (value == null || value == JsonValue.NULL) return JsonValue.EMPTY_JSON_ARRAY;
    if (value instanceof JsonArray array) return array;
    problems.add(field + ": must be an array");
    return JsonValue.EMPTY_JSON_ARRAY;
  }

  private static String text(JsonObject o, String field, String fallback) { return text(o, field, fallback, ""); }

  /** @param where the prefix a problem names the field with, e.g. "targets[1]." */
  private static String text(JsonObject o, String field, String fallback, String where) {
    JsonValue value = o.get(field);
    if (value == null || value == JsonValue.NULL) return fallback;
    if (value instanceof JsonString s) return s.getString();
    throw new BadEntry(where + field + ": must be a string");
  }

  private static boolean bool(JsonObject o, String field, boolean fallback) { return bool(o, field, fallback, ""); }

  private static boolean bool(JsonObject o, String field, boolean fallback, String where) {
    JsonValue value = o.get(field);
    if (value == null || value == JsonValue.NULL) return fallback;
    if (value == JsonValue.TRUE) return true;
    if (value == JsonValue.FALSE) return false;
    throw new BadEntry(where + field + ": must be true or false");
  }

  private static int integer(JsonObject o, String field, int fallback, String where) {
    JsonValue value = o.get(field);
    if (value == null || value == JsonValue.NULL) return fallback;
    if (value instanceof JsonNumber n && n.isIntegral()) {
      try {
        return n.intValueExact();
      } catch (ArithmeticException tooLarge) {
        throw new BadEntry(where + field + ": out of range");
      }
    }
    throw new BadEntry(where + field + ": must be an integer");
  }

  private static List<String> strings(JsonObject o, String field) {
    JsonValue value = o.get(field);
    if (value == null || value == JsonValue.NULL) return List.of();
    if (!(value instanceof JsonArray array)) throw new BadEntry(field + ": must be an array of strings");
    List<String> out = new ArrayList<>();
    for (JsonValue item : array) {
      if (!(item instanceof JsonString s)) throw new BadEntry(field + ": must be an array of strings");
      out.add(s.getString());
    }
    return out;
  }

  /** A JSON object of strings; absent or null is empty. Numbers and booleans are taken as their text. */
  private static Map<String, String> stringMap(JsonObject o, String field, String where) {
    JsonValue value = o.get(field);
    if (value == null || value == JsonValue.NULL) return Map.of();
    if (!(value instanceof JsonObject object)) throw new BadEntry(where + field + ": must be an object of strings");
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : object.entrySet()) {
      JsonValue v = e.getValue();
      if (v instanceof JsonString s) out.put(e.getKey(), s.getString());
      else if (v instanceof JsonNumber || v == JsonValue.TRUE || v == JsonValue.FALSE) out.put(e.getKey(), v.toString());
      else throw new BadEntry(where + field + "." + e.getKey() + ": must be a string");
    }
    return out;
  }

  private static Instant instant(JsonObject o, String field) {
    JsonValue value = o.get(field);
    if (value == null || value == JsonValue.NULL) return null;
    if (value instanceof JsonNumber n) return Instant.ofEpochSecond(n.longValue());
    try {
      return Instant.parse(text(o, field, null));
    } catch (DateTimeParseException e) {
      throw new BadEntry(field + ": must be an ISO-8601 instant such as 2027-01-31T00:00:00Z");
    }
  }

  private static String reason(RuntimeException e) {
    return e instanceof ClassCastException ? "must be an object" : e.getMessage();
  }

  private static final class BadEntry extends RuntimeException {
    BadEntry(String message) { super(message, null, false, false); }
  }
}
