package org.airouter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.airouter.testing.Requirements;
import org.junit.jupiter.api.Test;

/**
 * The smoke version of bench/run.sh, so its tools cannot rot: the paced mock and the streaming client run against
 * each other for a second, the summary is built from their kind of output, and run.sh parses. No targets asserted.
 * They need Java 21+ (virtual threads): JAVA_BENCH, or Temurin 25 where this project's machines have it.
 */
class BenchToolsTest {
  private static final Path BENCH = Path.of("bench");

  @Test void mockAndStreamingClientRunAgainstEachOther() throws Exception {
    String java = benchJava();
    int port;
    try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
    Process mock = new ProcessBuilder(java, BENCH.resolve("src/StreamMock.java").toString(), String.valueOf(port))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      waitForPort(port, mock);
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

  private record Result(int exit, String output) {}

  private static double value(String output, String key) {
    var m = java.util.regex.Pattern.compile("\\b" + key + "=(\\S+)").matcher(output);
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

  private static void waitForPort(int port, Process mock) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      assertTrue(mock.isAlive(), "the mock exited");
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the mock did not listen on " + port);
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
    var m = java.util.regex.Pattern.compile("version \"(\\d+)").matcher(out);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }
}
