package org.airouter.routing;

import org.airouter.wire.JsonIo;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** String → string maps as the JSON text a route column holds, in insertion order. */
final class StringMaps {
  private StringMaps() {}

  static String toJson(Map<String, String> map) {
    JsonObjectBuilder b = JsonIo.PROVIDER.createObjectBuilder();
    map.forEach((k, v) -> b.add(String.valueOf(k), String.valueOf(v)));
    return b.build().toString();
  }

  /** Null or blank text is an empty map. */
  static Map<String, String> fromJson(String json) {
    if (json == null || json.isBlank()) return Map.of();
    JsonObject o = JsonIo.parse(json).asJsonObject();
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : o.entrySet()) {
      map.put(e.getKey(), e.getValue() instanceof JsonString s ? s.getString() : e.getValue().toString());
    }
    return Collections.unmodifiableMap(map);
  }

  static String listToJson(List<String> list) {
    return JsonIo.PROVIDER.createArrayBuilder(list).build().toString();
  }

  /** Null or blank text is an empty list. */
  static List<String> listFromJson(String json) {
    if (json == null || json.isBlank()) return List.of();
    return JsonIo.parse(json).asJsonArray().stream()
        .map(v -> v instanceof JsonString s ? s.getString() : v.toString()).toList();
  }

  static String toJsonOrNull(Map<String, String> map) { return map == null || map.isEmpty() ? null : toJson(map); }
}
