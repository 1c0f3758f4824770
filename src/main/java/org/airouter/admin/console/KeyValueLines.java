package org.airouter.admin.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.airouter.validation.Problem;

/**
 * A string map as a textarea holds it, one entry a line ("gpt-4o = my-deployment", "X-Title: my app"): easier to
 * type and to read than JSON, and it needs no script. Blank lines are skipped; the first separator splits a line, so
 * values may contain it.
 */
final class KeyValueLines {
  private KeyValueLines() {}

  /**
   * @param field     the route field the lines are for, to name it in problems ("deployments: line 2: …")
   * @param problems  where a line without the separator or without a name is reported
   */
  static Map<String, String> parse(String text, char separator, String field, List<Problem> problems) {
    Map<String, String> map = new LinkedHashMap<>();
    if (text == null) return map;
    String[] lines = text.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) continue;
      int at = line.indexOf(separator);
      if (at <= 0) {
        problems.add(new Problem(field, "line " + (i + 1) + ": expected "
            + (separator == ':' ? "Name: value" : "name " + separator + " value")));
        continue;
      }
      String name = line.substring(0, at).strip();
      if (map.containsKey(name)) problems.add(new Problem(field, "line " + (i + 1) + ": " + name + " appears twice"));
      map.put(name, line.substring(at + 1).strip());
    }
    return map;
  }

  static String format(Map<String, String> map, String separator) {
    return map.entrySet().stream().map(e -> e.getKey() + separator + e.getValue()).collect(Collectors.joining("\n"));
  }
}
