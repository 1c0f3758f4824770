package org.airouter.keys;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.airouter.validation.Problem;
import org.airouter.wire.JsonIo;

/**
 * What limits a client key or a team: {@code limits}, {@code modelLimits} (model glob → limits, each matching model
 * pattern applies) and {@code budget}, in the names of the config file and the admin API. Stored as that JSON.
 */
public record LimitPolicy(Limits limits, Map<String, Limits> modelLimits, Budget budget) {
  public static final LimitPolicy NONE = new LimitPolicy(Limits.NONE, Map.of(), null);

  public LimitPolicy {
    limits = limits == null ? Limits.NONE : limits;
    modelLimits = modelLimits == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(modelLimits));
  }

  public boolean isEmpty() { return limits.isEmpty() && modelLimits.isEmpty() && budget == null; }

  public List<Problem> problems() {
    List<Problem> problems = new ArrayList<>(limits.problems("limits"));
    modelLimits.forEach((glob, l) -> {
      if (glob == null || glob.isBlank() || glob.length() > 200) {
        problems.add(new Problem("modelLimits", "a model pattern must be 1 to 200 characters"));
      } else {
        problems.addAll(l.problems("modelLimits." + glob));
      }
    });
    if (budget != null) problems.addAll(budget.problems("budget"));
    if (problems.isEmpty() && !isEmpty() && toStored().length() > 2000) {
      problems.add(new Problem("modelLimits",
          "too many (the limits of one key or team are stored in 2000 characters)"));
    }
    return problems;
  }

  // ---- the JSON shape, shared by the config file, storage and export ----

  /**
   * Reads {@code limits}, {@code modelLimits} and {@code budget} from an entry of the config file (or a stored
   * document). A field of the wrong type is an {@link IllegalArgumentException} naming it.
   */
  public static LimitPolicy read(JsonObject o) {
    Limits limits = o.get("limits") instanceof JsonObject l ? limits(l, "limits") : absent(o, "limits", Limits.NONE);
    Map<String, Limits> modelLimits = new LinkedHashMap<>();
    JsonValue models = o.get("modelLimits");
    if (models instanceof JsonObject m) {
      m.forEach((glob, v) -> {
        if (!(v instanceof JsonObject l)) throw new IllegalArgumentException("modelLimits." + glob + ": must be an object");
        modelLimits.put(glob, limits(l, "modelLimits." + glob));
      });
    } else {
      absent(o, "modelLimits", null);
    }
    Budget budget = null;
    if (o.get("budget") instanceof JsonObject b) {
      if (!(b.get("usd") instanceof JsonNumber usd)) throw new IllegalArgumentException("budget.usd: must be a number");
      String period = b.get("period") instanceof JsonString s ? s.getString() : null;
      if (b.containsKey("period") && b.get("period") != JsonValue.NULL && period == null) {
        throw new IllegalArgumentException("budget.period: must be " + Budget.Period.CHOICES);
      }
      budget = new Budget(usd.doubleValue(), period == null ? Budget.Period.MONTH : Budget.Period.byId(period)
          .orElseThrow(() -> new IllegalArgumentException("budget.period: '" + period + "' is not " + Budget.Period.CHOICES)));
    } else {
      absent(o, "budget", null);
    }
    return new LimitPolicy(limits, modelLimits, budget);
  }

  /** The stored form: null when there is nothing to limit. */
  public static LimitPolicy parse(String stored) {
    if (stored == null || stored.isBlank()) return NONE;
    return read(JsonIo.parse(stored).asJsonObject());
  }

  public String toStored() { return isEmpty() ? null : addTo(JsonIo.PROVIDER.createObjectBuilder()).build().toString(); }

  /** Adds this policy's fields (those set) to an object being built. */
  public JsonObjectBuilder addTo(JsonObjectBuilder o) {
    if (!limits.isEmpty()) o.add("limits", json(limits));
    if (!modelLimits.isEmpty()) {
      JsonObjectBuilder m = JsonIo.PROVIDER.createObjectBuilder();
      modelLimits.forEach((glob, l) -> m.add(glob, json(l)));
      o.add("modelLimits", m);
    }
    if (budget != null) {
      o.add("budget", JsonIo.PROVIDER.createObjectBuilder().add("usd", budget.usd()).add("period", budget.period().id()));
    }
    return o;
  }

  private static JsonObjectBuilder json(Limits l) {
    JsonObjectBuilder o = JsonIo.PROVIDER.createObjectBuilder();
    if (l.rpm() != null) o.add("rpm", l.rpm());
    if (l.tpm() != null) o.add("tpm", l.tpm());
    if (l.maxConcurrent() != null) o.add("maxConcurrent", l.maxConcurrent());
    return o;
  }

  private static Limits limits(JsonObject o, String where) {
    for (String name : o.keySet()) {
      if (!name.equals("rpm") && !name.equals("tpm") && !name.equals("maxConcurrent")) {
        throw new IllegalArgumentException(where + "." + name + ": unknown; use rpm, tpm or maxConcurrent");
      }
    }
    return new Limits(whole(o, "rpm", where), whole(o, "tpm", where), whole(o, "maxConcurrent", where));
  }

  private static Long whole(JsonObject o, String field, String where) {
    JsonValue v = o.get(field);
    if (v == null || v == JsonValue.NULL) return null;
    if (v instanceof JsonNumber n && n.isIntegral()) return n.longValue();
    throw new IllegalArgumentException(where + "." + field + ": must be a whole number");
  }

  private static <T> T absent(JsonObject o, String field, T fallback) {
    JsonValue v = o.get(field);
    if (v != null && v != JsonValue.NULL) throw new IllegalArgumentException(field + ": must be an object");
    return fallback;
  }
}
