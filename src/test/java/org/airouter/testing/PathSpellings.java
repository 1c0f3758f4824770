package org.airouter.testing;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Other spellings of one path that a container may map to the same servlet, or that a check on the raw request URI
 * would read differently: doubled slashes, percent-encoded letters, path parameters, dot segments raw and encoded
 * (once and twice), encoded slashes and backslashes, case, and prefixes of public paths walked back with "..".
 */
public final class PathSpellings {
  private PathSpellings() {}

  /** The path itself first, then its other spellings; each starts with "/" and is sent as the request target. */
  public static List<String> of(String path) {
    if (!path.startsWith("/") || path.length() < 3) throw new IllegalArgumentException(path);
    int cut = path.indexOf('/', 1);
    String first = cut < 0 ? path.substring(1) : path.substring(1, cut);   // "console"
    String rest = cut < 0 ? "" : path.substring(cut);                      // "/routes.xhtml"
    Set<String> s = new LinkedHashSet<>();
    s.add(path);
    s.add("/" + path);
    s.add("///" + path.substring(1));
    if (!rest.isEmpty()) s.add("/" + first + "/" + rest);
    s.add("/" + hex(first.charAt(0)) + first.substring(1) + rest);
    s.add("/" + hex(first.charAt(0)).toLowerCase() + first.substring(1) + rest);
    s.add("/" + encodeAll(first) + rest);
    if (rest.length() > 1) s.add("/" + first + "/" + hex(rest.charAt(1)) + rest.substring(2));
    s.add("/" + first + ";a=b" + rest);
    s.add("/" + first + ";" + rest);
    s.add(path + ";jsessionid=x");
    s.add("/./" + path.substring(1));
    s.add("/x/../" + path.substring(1));
    s.add("/x/y/../../" + path.substring(1));
    s.add("/%2e/" + path.substring(1));
    s.add("/x/%2e%2e/" + path.substring(1));
    s.add("/x/%2E%2E/" + path.substring(1));
    s.add("/x/.%2e/" + path.substring(1));
    s.add("/x/%252e%252e/" + path.substring(1));
    s.add("/x/..;/" + path.substring(1));
    s.add("/.;/" + path.substring(1));
    s.add("/x;/../" + path.substring(1));
    if (!rest.isEmpty()) {
      s.add("/" + first + "/." + rest);
      s.add("/" + first + "/%2e" + rest);
      s.add("/" + first + "/x/.." + rest);
      s.add("/" + first + "%2f" + rest.substring(1));
      s.add("/" + first + "%2F" + rest.substring(1));
      s.add("/" + first + "%5c" + rest.substring(1));
      s.add("/" + first + "\\" + rest.substring(1));
    }
    s.add("/%2f" + path.substring(1));
    s.add("/" + first.toUpperCase() + rest);
    s.add("/login.xhtml/../" + path.substring(1));
    s.add("/login.xhtml;/" + path.substring(1));
    s.add("/jakarta.faces.resource/../" + path.substring(1));
    s.add("/v1/../" + path.substring(1));
    s.add("/v1/%2e%2e/" + path.substring(1));
    s.add("/health/live/../../" + path.substring(1));
    s.add(path + "?x=1");
    return List.copyOf(s);
  }

  private static String hex(char c) { return String.format("%%%02X", (int) c); }

  private static String encodeAll(String segment) {
    StringBuilder out = new StringBuilder();
    for (char c : segment.toCharArray()) out.append(hex(c));
    return out.toString();
  }
}
