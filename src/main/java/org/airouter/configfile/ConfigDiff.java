package org.airouter.configfile;

import java.util.List;

/**
 * What importing a document would change: one line per entry (added, changed with the fields named, or unchanged),
 * and the entries that would be skipped, each with its reason.
 */
public record ConfigDiff(List<Change> changes, List<String> problems) {

  public enum Kind { ADDED, CHANGED, UNCHANGED }

  /** @param type "route" or "clientKey" */
  public record Change(String type, String position, String name, Kind kind, List<String> fields) {
    static Change added(String type, String position, String name) {
      return new Change(type, position, name, Kind.ADDED, List.of());
    }

    static Change of(String type, String position, String name, List<String> fields) {
      return new Change(type, position, name, fields.isEmpty() ? Kind.UNCHANGED : Kind.CHANGED, List.copyOf(fields));
    }
  }

  public long count(Kind kind) { return changes.stream().filter(c -> c.kind() == kind).count(); }
}
