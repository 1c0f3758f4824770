package org.airouter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.airouter.testing.Requirements;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The smoke version of bench/run.sh, so its tools cannot rot: the paced mock and the streaming client run against
 * each other for a second, the summary is built from their kind of output, and run.sh parses. No targets asserted.
 * They need Java 21+ (virtual threads): JAVA_BENCH, or Temurin 25 where this project's machines have it. Tagged
 * "bench": `mvn test -Pbench` runs it, the default build leaves it out (it starts three JVMs of its own).
 */
@Tag("bench")
class BenchToolsTest {
  private static final Path BENCH = Path.of("bench");
  private static final Pattern LISTENING = Pattern.compile("listening on [^:]+:(\\d+)");

  @Test void mockAndStreamingClientRunAgainstEachOther() throws Exception {
    String java = benchJava();
    // Port 0: the mock binds a free port and names it. Picking one here and handing it over raced with every other
    // process on the machine that bound a port in between.
    Process mock = new ProcessBuilder(java, BENCH.resolve("src/StreamMock.java").toString(), "0")
        .redirectErrorStream(true).start();
    try {
      int port = boundPort(mock);
      // Half a second of unrecorded load first, as run.sh's rounds do (CLIENT_WARMUP).
      Result load = run(List.of(java, "-Dwarmup.s=0.5", BENCH.resolve("src/StreamLoad.java").toString()),
          List.of("load", String.valueOf(port), "/v1/chat/completions", "k", "8", "1", "5", "20", "5"));
      assertEquals(0, load.exit, load.output);
      assertTrue(load.output.matches("(?s).*streams=[1-9]\\d* .*errors=0\\s*"), load.output);
      // The split of the time to first frame, from the clock readings the mock puts in the first frame: each part of
      // a stream lies within its time to first frame, so a clock the two processes do not share shows here.
      double ttfb = value(load.output, "ttfb_p99_ms");
      for (String part : List.of("req_p50_ms", "req_p99_ms", "ans_p50_ms", "ans_p99_ms")) {
        double v = value(load.output, part);
        assertTrue(v >= 0 && v < ttfb, part + " " + v + " not within ttfb_p99_ms " + ttfb + ": " + load.output);
      }
      Result hold = run(java, "src/StreamLoad.java", "hold", String.valueOf(port), "/v1/chat/completions", "k",
          "50", "0.5", "3", "20", "100");
      assertEquals(0, hold.exit, hold.output);
      assertTrue(hold.output.contains("streams=50 completed=50 errors=0"), hold.output);
    } finally {
      mock.destroy();
      mock.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test void summaryTurnsResultsIntoTheTable() throws Exception {
    String java = benchJava();
    Path dir = Files.createTempDirectory("bench-summary");
    StringBuilder tsv = new StringBuilder();
    for (String target : List.of("router", "nginx", "direct")) {
      for (String metric : List.of("ns_rps\t1000", "ns_p50_ms\t1", "ns_p99_ms\t2", "ns_cpu_us\t40", "ns_errors\t0",
          "s_streams_per_s\t100", "s_ttfb_p50_ms\t50", "s_ttfb_p99_ms\t51", "s_gap_p50_ms\t10",
          "s_gap_p99_ms\t11", "s_errors\t0")) {
        tsv.append("1\t").append(target).append('\t').append(metric).append('\n');
      }
    }
    // The request and answer paths at 16 streams, each proxy slower than the direct path by its own amount.
    tsv.append("1\trouter\tl_req_p50_ms\t0.3\n1\trouter\tl_req_p99_ms\t1.5\n")
        .append("1\trouter\tl_ans_p50_ms\t0.2\n1\trouter\tl_ans_p99_ms\t2.0\n")
        .append("1\tnginx\tl_req_p50_ms\t0.3\n1\tnginx\tl_req_p99_ms\t0.7\n")
        .append("1\tnginx\tl_ans_p50_ms\t0.2\n1\tnginx\tl_ans_p99_ms\tNaN\n")
        .append("1\tdirect\tl_req_p50_ms\t0.3\n1\tdirect\tl_req_p99_ms\t0.5\n")
        .append("1\tdirect\tl_ans_p50_ms\t0.2\n1\tdirect\tl_ans_p99_ms\t0.4\n");
    Files.writeString(dir.resolve("results.tsv"), tsv);
    Files.writeString(dir.resolve("load.txt"), "1 load1 0.5\n");
    Result summary = run(java, "src/Summary.java", dir.resolve("results.tsv").toString(),
        dir.resolve("load.txt").toString(), "1", "0");
    assertEquals(0, summary.exit, summary.output);
    assertTrue(summary.output.contains("| non-stream req/s (64 conn.) | 1000 | 1000 | 1000 | 1.00 |"), summary.output);
    assertTrue(summary.output.contains("| … request path (client → upstream has the request) p50 / p99, ms"
        + " | 0.30 / 1.50 | 0.30 / 0.70 | 0.30 / 0.50 |"), summary.output);
    assertTrue(summary.output.contains("| … answer path (upstream sends first frame → client reads it) p50 / p99, ms"
        + " | 0.20 / 2.00 | 0.20 / – | 0.20 / 0.40 |"), summary.output);
    assertTrue(summary.output.contains("| … request path added at p99 (vs direct), ms | 1.00 | 0.20 |"), summary.output);
    assertTrue(summary.output.contains("| … answer path added at p99 (vs direct), ms | 1.60 | – |"), summary.output);
  }

  /** Router B (another Java), the Portkey gateway, bytes allocated and heap per stream: their columns and rows. */
  @Test void summaryShowsRouterBPortkeyAllocationAndHeapPerStream() throws Exception {
    String java = benchJava();
    Path dir = Files.createTempDirectory("bench-summary-peer");
    StringBuilder tsv = new StringBuilder();
    Map<String, String> rps = Map.of("router", "1000", "routerB", "1200", "portkey", "500", "nginx", "2000",
        "direct", "4000");
    rps.forEach((target, value) -> tsv.append("1\t").append(target).append("\tns_rps\t").append(value).append('\n'));
    tsv.append("1\trouter\tns_alloc_bytes\t20000\n1\trouterB\tns_alloc_bytes\t15000\n")
        .append("hold\trouter\tmax_open\t3000\nhold\trouter\tlive_heap_mb\t345\n")
        .append("hold\trouter\tidle_live_heap_mb\t45\nhold\trouter\tlive_open\t3000\n")
        .append("hold\trouter\tkb_per_stream\t102.4\n")
        .append("hold\trouter\ttomcat_requests\t2400\nhold\trouter\tkb_per_request\t128.0\n");
    Files.writeString(dir.resolve("results.tsv"), tsv);
    Result summary = run(java, "src/Summary.java", dir.resolve("results.tsv").toString(),
        dir.resolve("load.txt").toString(), "1", "3000");
    assertEquals(0, summary.exit, summary.output);
    assertTrue(summary.output.contains("| measure | router | router B | Portkey | nginx | direct (mock) | router ÷ nginx |"
        + " B ÷ router | router ÷ Portkey |"), summary.output);
    assertTrue(summary.output.contains("| non-stream req/s (64 conn.) | 1000 | 1200 | 500 | 2000 | 4000 | 0.50 | 1.20 |"
        + " 2.00 |"), summary.output);
    assertTrue(summary.output.contains("| bytes allocated per non-stream request (JFR, the router's JVM) | 20000 | 15000 |"),
        summary.output);
    assertTrue(summary.output.contains("| … live heap per open stream ((half-way − before) ÷ 3000 open), KB | 102.4"
        + " (before: 45 MB) |"), summary.output);
    assertTrue(summary.output.contains("| … the same ÷ the 2400 requests Tomcat held (its class histogram), KB | 128.0 |"),
        summary.output);
  }

  @Test void profileOwnersChargesEachSampleToWhoseCodeRan() throws Exception {
    String java = benchJava();
    Path profile = Files.createTempFile("router-cpu", ".collapsed");
    Files.writeString(profile, String.join("\n",
        // the relay writing to the client: the socket write is the kernel's, by the call it made
        "java/lang/Thread.run;org/airouter/proxy/ResponseRelay.drain;sun/nio/ch/SocketDispatcher.write;__GI_write;"
            + "tcp_sendmsg_[k] 50",
        // JDK code called by Tomcat is Tomcat's
        "java/lang/Thread.run;org/apache/coyote/http11/Http11Processor.service;java/util/HashMap.get 30",
        "java/lang/Thread.run;org/apache/hc/core5/reactor/SingleCoreIOReactor.doExecute;"
            + "java/util/concurrent/locks/LockSupport.unpark;___pthread_cond_signal 15",
        "java/lang/Thread.run;org/airouter/usage/UsageRecorder.flush;org/h2/mvstore/MVMap.put 5", ""));
    Result owners = run(java, "src/ProfileOwners.java", profile.toString());
    assertEquals(0, owners.exit, owners.output);
    assertTrue(owners.output.contains("| kernel: socket reads/writes, epoll, thread wake-ups | 65.0 % |"), owners.output);
    assertTrue(owners.output.contains("| Tomcat (connector, async request, servlet response) | 30.0 % |"), owners.output);
    assertTrue(owners.output.contains("| usage records (JDBC batch into H2) | 5.0 % |"), owners.output);
    assertTrue(owners.output.contains("| socket writes | 50.0 % |"), owners.output);
    assertTrue(owners.output.contains("| thread park/unpark and selector wake-ups | 15.0 % |"), owners.output);
  }

  @Test void cpuDuringChargesTheWindowToWhoRan() throws Exception {
    // perf sched timehist's lines end a thread's slice on a CPU: time, [cpu], task[tid/pid], wait, delay, run (ms)
    Path trace = Files.createTempFile("timehist", ".txt");
    Files.writeString(trace, String.join("\n",
        "           time    cpu  task name                       wait time  sch delay   run time",
        "--------------- ------  ------------------------------  ---------  ---------  ---------",
        "      10.001000 [0000]  C2 CompilerThre[7/5]                1.000      0.100      2.000",
        "      10.002000 [0001]  http-nio-127.0.[9/8]                3.000      0.900      0.500",
        "      10.002500 [0001]  httpclient-disp[10/8]               1.000      0.010      0.400",
        "      10.009000 [0000]  http-nio-127.0.[11/8]               1.000      0.050      1.000", ""));
    Process p = new ProcessBuilder("awk", "-v", "a=10000000000", "-v", "b=10003000000", "-f",
        BENCH.resolve("src/cpu-during.awk").toString(), trace.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    // The compiler's slice began before the window: only its part inside counts. The last slice lies after it.
    assertEquals(List.of("late\t[0001]\thttp-nio-127.0.[9/8] waited 0.900 ms for a CPU",
        "cpu\t1.000 ms\t5\tC2 CompilerThre", "cpu\t0.500 ms\t8\thttp-nio-127.0.",
        "cpu\t0.400 ms\t8\thttpclient-disp"), out.lines().toList());
  }

  @Test void runScriptParses() throws Exception {
    Process p = new ProcessBuilder("bash", "-n", BENCH.resolve("run.sh").toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
  }

  /**
   * The settings' preamble holds for every server: a WildFly run gets as far as checking what it needs and says what is
   * missing (nginx where bench/install.sh has not run, else the zip given here), instead of ending silently.
   */
  @Test void runScriptStartsForWildFly() throws Exception {
    Path war = Files.createTempFile("bench", ".war");
    ProcessBuilder b = new ProcessBuilder("bash", BENCH.resolve("run.sh").toString()).redirectErrorStream(true);
    b.environment().putAll(Map.of("SERVER", "wildfly", "WILDFLY_ZIP", "/nonexistent/wildfly.zip", "WAR", war.toString(),
        "TOMCAT_ZIP", war.toString(), "JAVA_BENCH", benchJava(),
        "WORK", Files.createTempDirectory("bench-work").toString()));
    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, p.waitFor(), out);
    assertTrue(out.contains("no WildFly zip at /nonexistent/wildfly.zip") || out.startsWith("missing "), out);
  }

  /** run.sh compiles every file directly in bench/src in one javac call, with nothing else on the class path. */
  @Test void runScriptCompilesItsSources() throws Exception {
    Path javac = Path.of(benchJava()).resolveSibling("javac");
    List<String> command = new ArrayList<>(List.of(javac.toString(), "-d",
        Files.createTempDirectory("bench-classes").toString()));
    try (var files = Files.list(BENCH.resolve("src"))) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> command.add(f.toString()));
    }
    Result compiled = run(command, List.of());
    assertEquals(0, compiled.exit(), compiled.output());
  }

  private record Result(int exit, String output) {}

  private static double value(String output, String key) {
    var m = Pattern.compile("\\b" + key + "=(\\S+)").matcher(output);
    assertTrue(m.find(), key + " missing: " + output);
    return Double.parseDouble(m.group(1));
  }

  private static Result run(String java, String... args) throws Exception {
    return run(List.of(java, BENCH.resolve(args[0]).toString()), List.of(args).subList(1, args.length));
  }

  private static Result run(List<String> program, List<String> args) throws Exception {
    List<String> command = new ArrayList<>(program);
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
    return new Result(p.exitValue(), out);
  }

  /** The port from the mock's first line ("StreamMock listening on 127.0.0.1:PORT"); the rest of its output is drained. */
  private static int boundPort(Process mock) throws Exception {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(mock.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) port.complete(Integer.parseInt(m.group(1)));
        }
        port.completeExceptionally(new AssertionError("the mock exited without listening"));
      } catch (IOException e) {
        port.completeExceptionally(e);
      }
    }, "stream-mock-output");
    reader.setDaemon(true);
    reader.start();
    return port.get(30, TimeUnit.SECONDS);
  }

  private static String benchJava() throws Exception {
    String configured = System.getenv("JAVA_BENCH");
    Path java = Path.of(configured != null ? configured : "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    boolean ok = Files.isExecutable(java) && featureVersion(java) >= 21;
    Requirements.require(ok, "the bench tools need a Java 21+ at " + java + " (set JAVA_BENCH)");
    return java.toString();
  }

  private static int featureVersion(Path binary) throws Exception {
    Process p = new ProcessBuilder(binary.toString(), "-version").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    var m = Pattern.compile("version \"(\\d+)").matcher(out);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }
}
