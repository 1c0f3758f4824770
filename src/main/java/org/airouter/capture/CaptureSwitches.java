package org.airouter.capture;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which routes and client keys have capture on, each until its expiry. Held in memory on purpose: a capture switched
 * on for a debugging session ends by itself, at its expiry or with the process, and never lingers in the database or
 * a configuration export. Thread-safe; the proxy asks once per request.
 */
public final class CaptureSwitches {
  public enum Kind { ROUTE, KEY }

  /** The longest a switch may stay on: capture is for a debugging session, not a standing archive. */
  public static final int MAX_MINUTES = 7 * 24 * 60;

  public record Switch(Kind kind, String name, Instant until) {}

  private final Map<String, Switch> switches = new ConcurrentHashMap<>();
  private final Clock clock;

  public CaptureSwitches(Clock clock) { this.clock = clock; }

  public Switch turnOn(Kind kind, String name, Instant until) {
    Switch s = new Switch(kind, name, until);
    switches.put(id(kind, name), s);
    return s;
  }

  /** @return whether it was on */
  public boolean turnOff(Kind kind, String name) { return switches.remove(id(kind, name)) != null; }

  /** Whether a request on this route with this key is captured (either one switched on suffices). */
  public boolean on(String route, String key) {
    if (switches.isEmpty()) return false;
    Instant now = clock.instant();
    return live(Kind.ROUTE, route, now) || live(Kind.KEY, key, now);
  }

  /** The switches still on, expired ones dropped. */
  public List<Switch> all() {
    Instant now = clock.instant();
    switches.values().removeIf(s -> !s.until().isAfter(now));
    List<Switch> list = new ArrayList<>(switches.values());
    list.sort(Comparator.comparing(Switch::kind).thenComparing(Switch::name));
    return list;
  }

  private boolean live(Kind kind, String name, Instant now) {
    if (name == null) return false;
    Switch s = switches.get(id(kind, name));
    return s != null && s.until().isAfter(now);
  }

  private static String id(Kind kind, String name) { return kind + ":" + name; }
}
