package org.airouter.routing;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.airouter.validation.Problem;
import org.airouter.wire.JsonIo;

/**
 * Upstream timeouts of a route or of one target, in milliseconds; a null field means "the global default" (for a
 * target: the route's value, then the global default). Stored as a small JSON object; applied by the failover loop.
 *
 * @param firstTokenMs streams: until the first content frame
 * @param totalMs      one deadline for every attempt of a client request
 */
public record Timeouts(Integer connectMs, Integer firstByteMs, Integer firstTokenMs, Integer idleMs, Integer totalMs)
    implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final Timeouts NONE = new Timeouts(null, null, null, null, null);
  /** An hour: longer than any upstream call the router makes. */
  public static final int MAX_MS = 3_600_000;
  public static final List<String> FIELDS = List.of("connectMs", "firstByteMs", "firstTokenMs", "idleMs", "totalMs");

  public boolean isEmpty() { return equals(NONE); }

  /** The fields in their JSON names and order; unset ones are absent. */
  public Map<String, Integer> asMap() {
    Map<String, Integer> map = new LinkedHashMap<>();
    Integer[] values = {connectMs, firstByteMs, firstTokenMs, idleMs, totalMs};
    for (int i = 0; i < values.length; i++) if (values[i] != null) map.put(FIELDS.get(i), values[i]);
    return map;
  }

  public static Timeouts of(Map<String, Integer> map) {
    if (map == null || map.isEmpty()) return NONE;
    return new Timeouts(map.get("connectMs"), map.get("firstByteMs"), map.get("firstTokenMs"), map.get("idleMs"),
        map.get("totalMs"));
  }

  /** Every reason these cannot be stored, as "{@code field}.connectMs: reason". */
  List<Problem> problems(String field) {
    List<Problem> problems = new ArrayList<>();
    asMap().forEach((name, ms) -> {
      if (ms < 1 || ms > MAX_MS) {
        problems.add(new Problem(field + "." + name, "between 1 and " + MAX_MS + " ms, or null"));
      }
    });
    return problems;
  }

  public JsonObject toJson() {
    JsonObjectBuilder b = JsonIo.PROVIDER.createObjectBuilder();
    asMap().forEach(b::add);
    return b.build();
  }

  String toJsonOrNull() { return isEmpty() ? null : toJson().toString(); }

  static Timeouts fromJsonOrNull(String json) {
    if (json == null || json.isBlank()) return NONE;
    JsonObject o = JsonIo.parse(json).asJsonObject();
    Map<String, Integer> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : o.entrySet()) {
      if (e.getValue() instanceof JsonNumber n) map.put(e.getKey(), n.intValue());
    }
    return of(map);
  }
}
