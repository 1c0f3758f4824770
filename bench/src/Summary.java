// Turns run.sh's results.tsv (round, target, metric, value) into the markdown table of bench/README.md:
// medians over the rounds, the router's ratios to nginx, what it adds over the direct path, and the targets.
//   java Summary.java results.tsv load.txt ROUNDS HOLD_STREAMS
import java.nio.file.*;
import java.util.*;

public class Summary {
  static final Map<String, List<Double>> values = new TreeMap<>();
  static boolean hasB, hasP;

  public static void main(String[] a) throws Exception {
    for (String line : Files.readAllLines(Path.of(a[0]))) {
      String[] f = line.split("\t");
      if (f.length < 4 || f[3].isBlank() || f[3].equals("nan") || f[3].equals("NaN")) continue;
      values.computeIfAbsent(f[1] + "." + f[2], k -> new ArrayList<>()).add(Double.parseDouble(f[3]));
    }
    List<Double> loads = new ArrayList<>();
    if (Files.exists(Path.of(a[1])))
      for (String l : Files.readAllLines(Path.of(a[1]))) loads.add(Double.parseDouble(l.split(" ")[2]));
    String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
        .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf("%s, %d cores (%s), loopback; medians of %s interleaved rounds; 1-minute load at the rounds' "
        + "starts %s%n%n", java.time.LocalDate.now(), cores, cpu, a[2],
        loads.isEmpty() ? "?" : String.format(Locale.ROOT, "%.1f-%.1f", Collections.min(loads), Collections.max(loads)));
    hasB = values.keySet().stream().anyMatch(k -> k.startsWith("routerB."));
    hasP = values.keySet().stream().anyMatch(k -> k.startsWith("portkey."));
    System.out.println("| measure | router |" + (hasB ? " router B |" : "") + (hasP ? " Portkey |" : "")
        + " nginx | direct (mock) | router ÷ nginx |" + (hasB ? " B ÷ router |" : "") + (hasP ? " router ÷ Portkey |" : "")
        + " target | met |");
    System.out.println("|---|---|" + (hasB ? "---|" : "") + (hasP ? "---|" : "") + "---|---|---|" + (hasB ? "---|" : "")
        + (hasP ? "---|" : "") + "---|---|");
    double rps = m("router.ns_rps"), nrps = m("nginx.ns_rps");
    row("non-stream req/s (64 conn.)", "ns_rps", "%.0f", rps / nrps, "≥ 0.6× nginx", rps / nrps >= 0.6);
    row("non-stream p50 latency, ms", "ns_p50_ms", "%.2f", m("router.ns_p50_ms") / m("nginx.ns_p50_ms"), "", null);
    row("non-stream p99 latency, ms", "ns_p99_ms", "%.2f", m("router.ns_p99_ms") / m("nginx.ns_p99_ms"), "", null);
    double cpuUs = m("router.ns_cpu_us");
    row("CPU per non-stream request, µs (the process itself)", "ns_cpu_us", "%.1f",
        cpuUs / m("nginx.ns_cpu_us"), "router < 50 µs", cpuUs < 50);
    if (values.containsKey("router.ns_alloc_bytes"))
      row("bytes allocated per non-stream request (JFR, the router's JVM)", "ns_alloc_bytes", "%.0f", Double.NaN, "", null);
    row("non-stream errors", "ns_errors", "%.0f", Double.NaN, "", null);
    double sps = m("router.s_streams_per_s"), nsps = m("nginx.s_streams_per_s");
    row("streams/s (" + conns("s") + " concurrent)", "s_streams_per_s", "%.1f", sps / nsps, "≥ 0.7× nginx",
        sps / nsps >= 0.7);
    row("… time to first frame p50 / p99, ms", "s_ttfb_p50_ms", "s_ttfb_p99_ms");
    row("… gap between frames p50 / p99, ms", "s_gap_p50_ms", "s_gap_p99_ms");
    row("… CPU per stream, µs", "s_cpu_us", "%.0f", Double.NaN, "", null);
    row("… stream errors", "s_errors", "%.0f", Double.NaN, "", null);
    row("time to first frame p50 / p99, ms (" + conns("l") + " concurrent)", "l_ttfb_p50_ms", "l_ttfb_p99_ms");
    row("… request path (client → upstream has the request) p50 / p99, ms", "l_req_p50_ms", "l_req_p99_ms");
    row("… answer path (upstream sends first frame → client reads it) p50 / p99, ms", "l_ans_p50_ms", "l_ans_p99_ms");
    row("gap between frames p50 / p99, ms (" + conns("l") + " concurrent)", "l_gap_p50_ms", "l_gap_p99_ms");
    double addT = m("router.l_ttfb_p99_ms") - m("direct.l_ttfb_p99_ms");
    double addTb = m("routerB.l_ttfb_p99_ms") - m("direct.l_ttfb_p99_ms");
    double addTn = m("nginx.l_ttfb_p99_ms") - m("direct.l_ttfb_p99_ms");
    double addG = m("router.l_gap_p99_ms") - m("direct.l_gap_p99_ms");
    double addGb = m("routerB.l_gap_p99_ms") - m("direct.l_gap_p99_ms");
    double addGn = m("nginx.l_gap_p99_ms") - m("direct.l_gap_p99_ms");
    special("… time to first frame added at p99 (vs direct), ms", f("%.2f", addT), f("%.2f", addTb),
        f("%.2f", m("portkey.l_ttfb_p99_ms") - m("direct.l_ttfb_p99_ms")), f("%.2f", addTn), "< 1 ms", yes(addT < 1));
    added("… request path added at p99 (vs direct), ms", "l_req_p99_ms");
    added("… answer path added at p99 (vs direct), ms", "l_ans_p99_ms");
    special("… gap between frames added at p99 (vs direct), ms", f("%.2f", addG), f("%.2f", addGb),
        f("%.2f", m("portkey.l_gap_p99_ms") - m("direct.l_gap_p99_ms")), f("%.2f", addGn), "< 1 ms", yes(addG < 1));
    if (values.containsKey("router.max_open")) {
      double err = m("router.errors"), thr = m("router.threads"), heap = m("router.heap_mb");
      special(a[3] + " streams held " + System.getProperty("hold.seconds", "60") + " s: most open at once", f("%.0f", m("router.max_open")), "", "", "", "10,000",
          yes(m("router.max_open") >= 10_000));
      special("… errors (completed)", f("%.0f", err) + " (" + f("%.0f", m("router.completed")) + ")", "", "", "", "0",
          yes(err == 0));
      special("… live threads (most)", f("%.0f", thr), "", "", "", "< 300", yes(thr < 300));
      double live = m("router.live_heap_mb");
      special("… heap live after a full GC half-way, MB", f("%.0f", live), "", "", "", "< 512", yes(live > 0 && live < 512));
      if (values.containsKey("router.kb_per_stream"))
        special("… live heap per open stream ((half-way − before) ÷ " + f("%.0f", m("router.live_open")) + " open), KB",
            f("%.1f", m("router.kb_per_stream")) + " (before: " + f("%.0f", m("router.idle_live_heap_mb")) + " MB)", "", "",
            "", "≤ 50 KB", yes(m("router.kb_per_stream") <= 50));
      if (values.containsKey("router.kb_per_request"))
        special("… the same ÷ the " + f("%.0f", m("router.tomcat_requests")) + " requests Tomcat held (its class histogram), KB",
            f("%.1f", m("router.kb_per_request")), "", "", "", "", "");
      special("… heap in use incl. garbage (most), MB", f("%.0f", heap), "", "", "", "", "");
      special("… RSS, MB (most)", f("%.0f", m("router.rss_mb")), "", "", "", "", "");
    }
  }

  static void special(String name, String router, String b, String portkey, String nginx, String target, String met) {
    System.out.println("| " + name + " | " + router + " |" + (hasB ? " " + b + " |" : "") + (hasP ? " " + portkey + " |" : "")
        + " " + nginx + " | |" + (hasB ? " |" : "") + (hasP ? " |" : "") + " | " + target + " | " + met + " |");
  }

  /** What each proxy adds to the direct path's median of a metric; no target of its own. */
  static void added(String name, String metric) {
    double direct = m("direct." + metric);
    special(name, f("%.2f", m("router." + metric) - direct), f("%.2f", m("routerB." + metric) - direct),
        f("%.2f", m("portkey." + metric) - direct), f("%.2f", m("nginx." + metric) - direct), "", "");
  }

  static String conns(String prefix) { return System.getProperty(prefix + ".conns", "?"); }

  /** Two metrics in one cell: "p50 / p99". */
  static void row(String name, String m50, String m99) {
    String r = f("%.2f", m("router." + m50)) + " / " + f("%.2f", m("router." + m99));
    String b = f("%.2f", m("routerB." + m50)) + " / " + f("%.2f", m("routerB." + m99));
    String p = f("%.2f", m("portkey." + m50)) + " / " + f("%.2f", m("portkey." + m99));
    String n = f("%.2f", m("nginx." + m50)) + " / " + f("%.2f", m("nginx." + m99));
    String d = f("%.2f", m("direct." + m50)) + " / " + f("%.2f", m("direct." + m99));
    System.out.println("| " + name + " | " + r + " |" + (hasB ? " " + b + " |" : "") + (hasP ? " " + p + " |" : "")
        + " " + n + " | " + d + " |" + (hasB ? " |" : "") + (hasP ? " |" : "") + " | | |");
  }

  static String yes(boolean b) { return b ? "yes" : "**no**"; }

  static double m(String key) {
    List<Double> v = values.get(key);
    if (v == null || v.isEmpty()) return Double.NaN;
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static void row(String name, String metric, String fmt, double ratio, String target, Boolean met) {
    String b = hasB ? " " + f(fmt, m("routerB." + metric)) + " |" : "";
    String ab = hasB ? " " + f("%.2f", m("routerB." + metric) / m("router." + metric)) + " |" : "";
    String p = hasP ? " " + f(fmt, m("portkey." + metric)) + " |" : "";
    String rp = hasP ? " " + f("%.2f", m("router." + metric) / m("portkey." + metric)) + " |" : "";
    System.out.printf(Locale.ROOT, "| %s | %s |%s%s %s | %s | %s |%s%s %s | %s |%n", name, f(fmt, m("router." + metric)), b,
        p, f(fmt, m("nginx." + metric)), f(fmt, m("direct." + metric)),
        Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f", ratio), ab, rp, target, met == null ? "" : yes(met));
  }

  static String f(String fmt, double v) { return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, fmt, v); }
}
