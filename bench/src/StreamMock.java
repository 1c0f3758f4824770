// A paced OpenAI-style upstream for the benchmark: HTTP/1.1 keep-alive, one virtual thread per connection, so it
// holds 10,000 open streams cheaply. Java 21+:  java StreamMock.java PORT
//
// POST anything: a body with "stream":true gets SSE chat chunks, chunked encoding, each frame flushed alone:
//   first frame after bench_first_ms (default 50), then bench_frames frames (default 20) bench_interval_ms apart
//   (default 10), a usage-only chunk when the body asks for include_usage (the router does), then [DONE].
//   The first frame carries this process's System.nanoTime() when it had read the whole request (bench_in) and just
//   before writing that frame (bench_out), and the request's x-bench-sent header if it had one (bench_sent).
// Any other body gets one fixed chat.completion JSON at once (nginx serves that one faster; see bench/README.md).
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class StreamMock {
  static final byte[] JSON = ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
      + "\"model\":\"bench\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello!\"},"
      + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}")
      .getBytes(StandardCharsets.US_ASCII);
  static final String TOKEN = "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":"
      + "1700000000,\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok\"},\"finish_reason\":null}]";
  static final byte[] FRAME = chunk(TOKEN + "}\n\n");
  static final byte[] USAGE = chunk("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":"
      + "1700000000,\"model\":\"bench\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":20,"
      + "\"total_tokens\":29}}\n\n");
  static final byte[] DONE = (new String(chunk("data: [DONE]\n\n"), StandardCharsets.US_ASCII) + "0\r\n\r\n")
      .getBytes(StandardCharsets.US_ASCII);
  static final byte[] STREAM_HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
      + "Transfer-Encoding: chunked\r\nCache-Control: no-cache\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  static final byte[] JSON_HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
      + JSON.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  static final Pattern NUM = Pattern.compile("\"(bench_frames|bench_first_ms|bench_interval_ms)\"\\s*:\\s*(\\d+)");
  static final long NONE = Long.MIN_VALUE;
  static final AtomicLong open = new AtomicLong(), served = new AtomicLong();

  static byte[] chunk(String s) {
    return (Integer.toHexString(s.length()) + "\r\n" + s + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  // nanoTime reads CLOCK_MONOTONIC on Linux, one clock for all processes: the client subtracts these from its own
  // readings to split its time to first frame into the request path and the answer path. Extra fields keep the frame
  // a valid chunk, and the router passes frames through unchanged.
  static byte[] firstFrame(long sent, long in, long out) {
    return chunk(TOKEN + (sent == NONE ? "" : ",\"bench_sent\":" + sent) + ",\"bench_in\":" + in
        + ",\"bench_out\":" + out + "}\n\n");
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    try (ServerSocket server = new ServerSocket()) {
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
      // The port actually bound: 0 asks for a free one, which a caller reads here instead of racing for it.
      System.out.println("StreamMock listening on 127.0.0.1:" + server.getLocalPort());
      System.out.flush();
      var pool = Executors.newVirtualThreadPerTaskExecutor();
      while (true) {
        Socket s = server.accept();
        pool.submit(() -> serve(s));
      }
    }
  }

  static void serve(Socket socket) {
    open.incrementAndGet();
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
      OutputStream out = socket.getOutputStream();
      StringBuilder line = new StringBuilder();
      while (true) {
        long length = 0, sent = NONE;
        boolean any = false;
        while (true) {                         // request head
          String l = readLine(in, line);
          if (l == null) return;
          if (l.isEmpty()) { if (any) break; else continue; }
          any = true;
          if (l.regionMatches(true, 0, "content-length:", 0, 15)) length = Long.parseLong(l.substring(15).trim());
          else if (l.regionMatches(true, 0, "x-bench-sent:", 0, 13)) sent = Long.parseLong(l.substring(13).trim());
        }
        byte[] body = in.readNBytes((int) length);
        long arrived = System.nanoTime();
        String text = new String(body, StandardCharsets.UTF_8);
        if (!text.contains("\"stream\":true") && !text.contains("\"stream\": true")) {
          out.write(JSON_HEAD);
          out.write(JSON);
          out.flush();
        } else {
          int frames = 20, first = 50, interval = 10;
          Matcher m = NUM.matcher(text);
          while (m.find()) {
            int v = Integer.parseInt(m.group(2));
            switch (m.group(1)) {
              case "bench_frames" -> frames = v;
              case "bench_first_ms" -> first = v;
              default -> interval = v;
            }
          }
          out.write(STREAM_HEAD);
          out.flush();
          Thread.sleep(first);
          for (int i = 0; i < frames; i++) {
            if (i > 0) Thread.sleep(interval);
            out.write(i == 0 ? firstFrame(sent, arrived, System.nanoTime()) : FRAME);
            out.flush();
          }
          if (text.contains("include_usage")) out.write(USAGE);
          out.write(DONE);
          out.flush();
        }
        served.incrementAndGet();
      }
    } catch (IOException | InterruptedException e) {
      // the client left
    } finally {
      open.decrementAndGet();
    }
  }

  static String readLine(InputStream in, StringBuilder sb) throws IOException {
    sb.setLength(0);
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == '\r') sb.setLength(n - 1);
        return sb.toString();
      }
      sb.append((char) c);
    }
    return null;
  }
}
