package org.airouter.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** HTTP header fields in arrival order; names compare case-insensitively. Immutable. */
public final class Headers {
  private final List<Map.Entry<String, String>> fields;

  public Headers(List<Map.Entry<String, String>> fields) {
    this.fields = List.copyOf(fields);
  }

  public static Headers of(String... nameValuePairs) {
    List<Map.Entry<String, String>> list = new ArrayList<>();
    for (int i = 0; i + 1 < nameValuePairs.length; i += 2) list.add(Map.entry(nameValuePairs[i], nameValuePairs[i + 1]));
    return new Headers(list);
  }

  /** The first value of the field, or null. */
  public String first(String name) {
    for (Map.Entry<String, String> f : fields) if (f.getKey().equalsIgnoreCase(name)) return f.getValue();
    return null;
  }

  public List<String> all(String name) {
    return fields.stream().filter(f -> f.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
  }

  public boolean has(String name) {
    return first(name) != null;
  }

  /** Lower-cased field names, in order, without duplicates. */
  public List<String> names() {
    return fields.stream().map(f -> f.getKey().toLowerCase(Locale.ROOT)).distinct().toList();
  }

  public List<Map.Entry<String, String>> fields() {
    return fields;
  }

  /** True if any field name or value contains the text (case-sensitive on values). */
  public boolean mention(String text) {
    return fields.stream().anyMatch(f -> f.getKey().contains(text) || f.getValue().contains(text));
  }

  @Override public String toString() {
    return fields.stream().map(f -> f.getKey() + ": " + f.getValue()).collect(Collectors.joining("\n"));
  }
}
