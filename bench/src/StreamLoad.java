// Streaming load client for the benchmark: keep-alive HTTP/1.1 connections, one virtual thread each. Java 21+.
//   java StreamLoad.java load PORT PATH KEY CONNECTIONS SECONDS FRAMES FIRST_MS INTERVAL_MS
//       each connection streams chat completions back to back for SECONDS; prints streams/s, time to first
//       frame (request sent -> first data frame read) and the gaps between frames, p50/p99, in ms; and, split
//       from the time to first frame by the clock readings StreamMock puts in the first frame, the request path
//       (sent -> the mock has read it) and the answer path (the mock writes the first frame -> read here).
//   java StreamLoad.java hold PORT PATH KEY STREAMS RAMP_SECONDS FRAMES FIRST_MS INTERVAL_MS
//       opens STREAMS streams (spread over RAMP_SECONDS) that each last FIRST_MS + FRAMES x INTERVAL_MS; prints
//       "open N" every second and finally completed/errors. Exit status 0 unless nothing completed.
//   -Dwarmup.s=S: load mode loads S seconds before it records anything (the JVM's own JIT warm-up);
//   -Dslow.ms=M: logs each request path longer than M ms with both clock readings to stderr.
// The output is one "key=value ..." line (last line), read by run.sh.
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;
import java.util.function.Function;

public class StreamLoad {
  static final AtomicLong errors = new AtomicLong(), completed = new AtomicLong(), open = new AtomicLong();
  static final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();

  /** Nanosecond samples of one connection's thread (unshared: no locks while measuring). */
  static final class Samples {
    long[] v = new long[256];
    int n;

    void add(long x) {
      if (n == v.length) v = Arrays.copyOf(v, n * 2);
      v[n++] = x;
    }
  }

  // A request path longer than this is logged with its clock readings, to find in a trace (perf sched -k mono).
  static final long SLOW_NANOS = Long.getLong("slow.ms", 1_000_000L) * 1_000_000L;
  static final double WARMUP_SECONDS = Double.parseDouble(System.getProperty("warmup.s", "0"));
  static volatile long recordFrom = Long.MIN_VALUE;   // samples of requests sent before this are not kept
  record Result(Samples ttfb, Samples gaps, Samples req, Samples ans) {}

  static final long NONE = Long.MIN_VALUE;

  public static void main(String[] a) throws Exception {
    String mode = a[0];
    int port = Integer.parseInt(a[1]);
    String path = a[2], key = a[3];
    int n = Integer.parseInt(a[4]);
    double seconds = Double.parseDouble(a[5]);
    int frames = Integer.parseInt(a[6]), first = Integer.parseInt(a[7]), interval = Integer.parseInt(a[8]);
    String body = "{\"model\":\"bench-stream\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true,"
        + "\"bench_frames\":" + frames + ",\"bench_first_ms\":" + first + ",\"bench_interval_ms\":" + interval + "}";
    // All but the send time, which each request carries in x-bench-sent for the mock to hand back. -Dheaders adds
    // more ("name: value|name: value"): the Portkey gateway is told its provider and upstream that way.
    String extra = System.getProperty("headers", "").replace("|", "\r\n");
    byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + key
        + (extra.isEmpty() ? "" : "\r\n" + extra) + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: " + body.length()
        + "\r\nx-bench-sent: ").getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);

    if (mode.equals("load")) {
      // A new JVM per round compiles its own code for the first seconds: the JIT threads then compete with the
      // target for the two cores (seen in perf's scheduler trace as the router's threads waiting behind them).
      // Load without recording first, so the rounds measure the target, not this client's warm-up.
      long started = System.nanoTime() + (long) (WARMUP_SECONDS * 1e9);
      recordFrom = started;
      long deadline = started + (long) (seconds * 1e9);
      List<Future<Result>> results = new ArrayList<>();
      try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < n; i++) results.add(pool.submit(() -> run(port, head, tail, frames, deadline, false)));
      }
      double elapsed = (System.nanoTime() - started) / 1e9;
      long[] ttfb = merge(results, Result::ttfb), gaps = merge(results, Result::gaps);
      long[] req = merge(results, Result::req), ans = merge(results, Result::ans);
      System.out.printf(Locale.ROOT, "streams=%d seconds=%.2f streams_per_s=%.1f ttfb_p50_ms=%.3f ttfb_p99_ms=%.3f"
          + " gap_p50_ms=%.3f gap_p99_ms=%.3f req_p50_ms=%.3f req_p99_ms=%.3f ans_p50_ms=%.3f ans_p99_ms=%.3f"
          + " errors=%d%n", completed.get(), elapsed, completed.get() / elapsed, pct(ttfb, 50), pct(ttfb, 99),
          pct(gaps, 50), pct(gaps, 99), pct(req, 50), pct(req, 99), pct(ans, 50), pct(ans, 99), errors.get());
    } else {
      long startedAt = System.nanoTime();
      Thread reporter = Thread.ofPlatform().daemon().start(() -> {
        while (true) {
          try { Thread.sleep(1000); } catch (InterruptedException e) { return; }
          System.out.printf(Locale.ROOT, "open %d completed %d errors %d t=%.0f%n", open.get(), completed.get(),
              errors.get(), (System.nanoTime() - startedAt) / 1e9);
        }
      });
      try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < n; i++) {
          pool.submit(() -> run(port, head, tail, frames, 0, true));
          long due = startedAt + (long) (seconds * 1e9 * (i + 1) / n);
          long wait = due - System.nanoTime();
          if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      reporter.interrupt();
      System.out.printf(Locale.ROOT, "streams=%d completed=%d errors=%d seconds=%.1f%n", n, completed.get(),
          errors.get(), (System.nanoTime() - startedAt) / 1e9);
    }
    errorSamples.stream().limit(5).forEach(e -> System.err.println("error: " + e));
    System.exit(completed.get() > 0 ? 0 : 1);
  }

  static Result run(int port, byte[] head, byte[] tail, int frames, long deadline, boolean once) {
    Result r = new Result(new Samples(), new Samples(), new Samples(), new Samples());
    byte[] request = Arrays.copyOf(head, head.length + 20 + tail.length);   // stamped in place: still one write
    Socket socket = null;
    InputStream in = null;
    OutputStream out = null;
    do {
      try {
        if (socket == null) {
          socket = new Socket();
          socket.setTcpNoDelay(true);
          socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 30_000);
          socket.setSoTimeout(60_000);   // a stream silent for a minute counts as an error, never hangs the run
          in = new BufferedInputStream(socket.getInputStream(), 16384);
          out = socket.getOutputStream();
        }
        if (once) open.incrementAndGet();
        long sent = System.nanoTime();
        boolean kept = recordFrom == Long.MIN_VALUE || sent - recordFrom >= 0;
        out.write(request, 0, stamp(request, head.length, sent, tail));
        out.flush();
        String status = line(in);
        if (status == null || !status.startsWith("HTTP/1.1 200")) throw new IOException("status " + status);
        long length = -1;
        boolean chunked = false, close = false;
        for (String h; !(h = line(in)).isEmpty(); ) {
          String l = h.toLowerCase(Locale.ROOT);
          if (l.startsWith("content-length:")) length = Long.parseLong(l.substring(15).trim());
          else if (l.startsWith("transfer-encoding:") && l.contains("chunked")) chunked = true;
          else if (l.startsWith("connection:") && l.contains("close")) close = true;
        }
        StringBuilder pending = new StringBuilder();
        int got = 0;
        long last = 0;
        boolean done = false;
        while (!done) {
          byte[] data;
          if (chunked) {
            String size = line(in);
            int semi = size.indexOf(';');
            int len = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (len == 0) { line(in); done = true; data = new byte[0]; }
            else { data = in.readNBytes(len); line(in); }
          } else {
            data = in.readNBytes((int) length);
            done = true;
          }
          pending.append(new String(data, StandardCharsets.UTF_8));
          int end;
          while ((end = pending.indexOf("\n\n")) >= 0) {
            String frame = pending.substring(0, end);
            pending.delete(0, end + 2);
            if (!frame.startsWith("data: {")) continue;
            long now = System.nanoTime();
            if (kept && got == 0) {
              r.ttfb().add(now - sent);
              // The mock's nanoTime readings: on Linux CLOCK_MONOTONIC, the same clock as this process's.
              long echoed = field(frame, "\"bench_sent\":"), arrived = field(frame, "\"bench_in\":");
              long left = field(frame, "\"bench_out\":");
              if (echoed != NONE && echoed != sent) throw new IOException("first frame of another request");
              if (echoed != NONE && arrived != NONE) {
                r.req().add(arrived - sent);
                if (arrived - sent > SLOW_NANOS) {
                  System.err.printf(Locale.ROOT, "slow request path: sent %d, upstream has it %d (%.3f ms)%n",
                      sent, arrived, (arrived - sent) / 1e6);
                }
              }
              if (left != NONE) r.ans().add(now - left);
            } else if (kept) {
              r.gaps().add(now - last);
            }
            last = now;
            got++;
          }
        }
        if (got != frames) throw new IOException("frames " + got + " of " + frames);
        if (kept) completed.incrementAndGet();
        if (close) { socket.close(); socket = null; }
      } catch (IOException | RuntimeException e) {
        errors.incrementAndGet();
        if (errorSamples.size() < 20) errorSamples.add(e.toString());
        try { if (socket != null) socket.close(); } catch (IOException ignored) { }
        socket = null;
      } finally {
        if (once) open.decrementAndGet();
      }
    } while (!once && System.nanoTime() < deadline);
    try { if (socket != null) socket.close(); } catch (IOException ignored) { }
    return r;
  }

  /** Puts the send time and the rest of the request after the head already in {@code buf}; returns the length. */
  static int stamp(byte[] buf, int at, long sent, byte[] tail) {
    String digits = Long.toString(sent);
    for (int i = 0; i < digits.length(); i++) buf[at++] = (byte) digits.charAt(i);
    System.arraycopy(tail, 0, buf, at, tail.length);
    return at + tail.length;
  }

  /** A whole number in the frame's JSON after {@code key} ("\"name\":"), or NONE. */
  static long field(String frame, String key) {
    int from = frame.indexOf(key);
    if (from < 0) return NONE;
    from += key.length();
    int to = from;
    while (to < frame.length() && (Character.isDigit(frame.charAt(to)) || frame.charAt(to) == '-')) to++;
    return Long.parseLong(frame, from, to, 10);
  }

  static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == '\r') sb.setLength(n - 1);
        return sb.toString();
      }
      sb.append((char) c);
    }
    if (sb.length() == 0) throw new EOFException("connection closed");
    return sb.toString();
  }

  static long[] merge(List<Future<Result>> results, Function<Result, Samples> which) throws Exception {
    int total = 0;
    for (var f : results) total += which.apply(f.get()).n;
    long[] all = new long[total];
    int at = 0;
    for (var f : results) {
      Samples s = which.apply(f.get());
      System.arraycopy(s.v, 0, all, at, s.n);
      at += s.n;
    }
    Arrays.sort(all);
    return all;
  }

  static double pct(long[] sorted, double p) {
    if (sorted.length == 0) return Double.NaN;
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }
}
