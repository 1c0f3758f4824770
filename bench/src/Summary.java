// Turns run.sh's results.tsv (round, target, metric, value) into the markdown table of bench/README.md:
// medians over the rounds, the router's ratios to nginx, what it adds over the direct path, and the targets.
//   java Summary.java results.tsv load.txt ROUNDS HOLD_STREAMS
import java.nio.file.*;
import java.util.*;

public class Summary {
  static final Map<String, List<Double>> values = new TreeMap<>();

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
    System.out.println("| measure | router | nginx | direct (mock) | router ÷ nginx | target | met |");
    System.out.println("|---|---|---|---|---|---|---|");
    double rps = m("router.ns_rps"), nrps = m("nginx.ns_rps");
    row("non-stream req/s (64 conn.)", "ns_rps", "%.0f", rps / nrps, "≥ 0.6× nginx", rps / nrps >= 0.6);
    row("non-stream p50 latency, ms", "ns_p50_ms", "%.2f", m("router.ns_p50_ms") / m("nginx.ns_p50_ms"), "", null);
    row("non-stream p99 latency, ms", "ns_p99_ms", "%.2f", m("router.ns_p99_ms") / m("nginx.ns_p99_ms"), "", null);
    double cpuUs = m("router.ns_cpu_us");
    row("CPU per non-stream request, µs (the process itself)", "ns_cpu_us", "%.1f",
        cpuUs / m("nginx.ns_cpu_us"), "router < 50 µs", cpuUs < 50);
    row("non-stream errors", "ns_errors", "%.0f", Double.NaN, "", null);
    double sps = m("router.s_streams_per_s"), nsps = m("nginx.s_streams_per_s");
    row("streams/s", "s_streams_per_s", "%.1f", sps / nsps, "≥ 0.7× nginx", sps / nsps >= 0.7);
    row("time to first frame p50, ms", "s_ttfb_p50_ms", "%.2f", Double.NaN, "", null);
    row("time to first frame p99, ms", "s_ttfb_p99_ms", "%.2f", Double.NaN, "", null);
    row("gap between frames p50, ms", "s_gap_p50_ms", "%.2f", Double.NaN, "", null);
    row("gap between frames p99, ms", "s_gap_p99_ms", "%.2f", Double.NaN, "", null);
    row("CPU per stream, µs", "s_cpu_us", "%.0f", Double.NaN, "", null);
    row("stream errors", "s_errors", "%.0f", Double.NaN, "", null);
    double addT = m("router.s_ttfb_p99_ms") - m("direct.s_ttfb_p99_ms");
    double addTn = m("nginx.s_ttfb_p99_ms") - m("direct.s_ttfb_p99_ms");
    double addG = m("router.s_gap_p99_ms") - m("direct.s_gap_p99_ms");
    double addGn = m("nginx.s_gap_p99_ms") - m("direct.s_gap_p99_ms");
    System.out.printf(Locale.ROOT, "| time to first frame added at p99 (vs direct), ms | %.2f | %.2f | | | < 1 ms | %s |%n",
        addT, addTn, yes(addT < 1));
    System.out.printf(Locale.ROOT, "| gap between frames added at p99 (vs direct), ms | %.2f | %.2f | | | < 1 ms | %s |%n",
        addG, addGn, yes(addG < 1));
    if (values.containsKey("router.max_open")) {
      double err = m("router.errors"), thr = m("router.threads"), heap = m("router.heap_mb");
      System.out.printf(Locale.ROOT, "| %s streams held %s s: most open at once | %.0f | | | | 10,000 | %s |%n",
          a[3], "60", m("router.max_open"), yes(m("router.max_open") >= 10_000));
      System.out.printf(Locale.ROOT, "| … errors (completed) | %.0f (%.0f) | | | | 0 | %s |%n", err,
          m("router.completed"), yes(err == 0));
      System.out.printf(Locale.ROOT, "| … live threads (most) | %.0f | | | | < 300 | %s |%n", thr, yes(thr < 300));
      System.out.printf(Locale.ROOT, "| … heap used, MB (most) | %.0f | | | | < 512 | %s |%n", heap, yes(heap < 512));
      System.out.printf(Locale.ROOT, "| … RSS, MB (most) | %.0f | | | | | |%n", m("router.rss_mb"));
    }
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
    System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", name, f(fmt, m("router." + metric)),
        f(fmt, m("nginx." + metric)), f(fmt, m("direct." + metric)),
        Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f", ratio), target, met == null ? "" : yes(met));
  }

  static String f(String fmt, double v) { return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, fmt, v); }
}
