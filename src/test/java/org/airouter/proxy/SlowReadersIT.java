package org.airouter.proxy;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.Headers;
import org.airouter.testing.HttpWire;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.RawHttp;
import org.airouter.testing.RecordedRequest;
import org.airouter.testing.Reply;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slow clients read 4 MB answers a trickle at a time from a fast HTTP/1.1 upstream: each stream holds at most the
 * relay's 64 KiB for its client, whatever the answer's shape (SSE passed through, SSE with the usage chunk filtered
 * out, one endless SSE frame, a whole JSON body), and each answer still arrives whole and byte for byte once its client
 * reads on. Read from the router's own gauges, not from timing or heap noise. Before the fix (WindowedSession), the
 * chunked answers ran past HttpClient's window and one stream held megabytes.
 */
@ExtendWith(ArquillianExtension.class)
class SlowReadersIT {
  static final String KEY = "ar-test-key-slow-readers-01";
  static final int CLIENTS = 4;
  static final int ANSWER = 4 * 1024 * 1024;
  // FlowWindow.HIGH_WATER, as the README promises. The gauge counts what the relay holds (its queue and a frame a
  // transform waits on); HttpClient's own 8 KiB read buffer is outside it and inside the relay's overshoot margin.
  static final int BOUND = 64 * 1024;

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(SlowReadersIT.class)
        .config(ConfigFiles.config()
            .route(route("gpt", "glob", "gpt-*").at(upstream))
            .clientKey(clientKey("team-a", KEY)))
        .apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  @Test void eachSlowReaderCostsTheRouterAtMostItsWindowWhateverTheAnswer() throws Exception {
    String frame = "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
        + "x".repeat(1000) + "\"}}]}";
    String[] frames = new String[ANSWER / frame.length()];
    Arrays.fill(frames, frame);
    String oneFrame = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + "y".repeat(ANSWER) + "\"}}]}";
    byte[] json = ("{\"object\":\"chat.completion\",\"text\":\"" + "z".repeat(ANSWER) + "\"}").getBytes(StandardCharsets.UTF_8);
    List<String> bodies = new ArrayList<>();
    List<byte[]> expected = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      String tag = "client-" + i;   // the requests arrive in any order: each reply goes to its own client
      Predicate<RecordedRequest> mine = r -> r.text().contains(tag + "\"");
      switch (i % 4) {
        case 0 -> { upstream.replies(Reply.sse(frames).when(mine)); bodies.add(stream(tag, true)); expected.add(sse(frames)); }
        case 1 -> { upstream.replies(Reply.sse(frames).when(mine)); bodies.add(stream(tag, false)); expected.add(sse(frames)); }
        case 2 -> { upstream.replies(Reply.sse(oneFrame).when(mine)); bodies.add(stream(tag, false)); expected.add(sse(oneFrame)); }
        default -> { upstream.replies(Reply.bytes(200, "application/json", json).when(mine)); bodies.add(whole(tag)); expected.add(json); }
      }
    }

    ExecutorService readers = Executors.newFixedThreadPool(CLIENTS);
    try {
      CountDownLatch reading = new CountDownLatch(CLIENTS);
      CountDownLatch slowPhaseOver = new CountDownLatch(1);
      List<Future<Read>> read = new ArrayList<>();
      for (String body : bodies) read.add(readers.submit(() -> readSlowlyThenAll(body, reading, slowPhaseOver)));
      assertTrue(reading.await(120, TimeUnit.SECONDS), "every client got the start of its answer");
      long mostHeldAtOnce = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);   // upstream has long filled any window
      while (System.nanoTime() < deadline) {
        mostHeldAtOnce = Math.max(mostHeldAtOnce, gauge("airouter_relay_queued_bytes"));
        Thread.sleep(100);
      }
      long peak = gauge("airouter_relay_queued_bytes_peak");   // before anyone reads fast
      slowPhaseOver.countDown();
      assertTrue(peak > 0, "the relays held something for their slow clients");
      assertTrue(peak <= BOUND, "one stream held " + peak + " bytes for its client, more than " + BOUND);
      assertTrue(mostHeldAtOnce <= (long) CLIENTS * BOUND,
          "all streams together held " + mostHeldAtOnce + " bytes, more than " + CLIENTS + " windows");
      for (int c = 0; c < CLIENTS; c++) {
        int i = c;
        Read r = read.get(i).get(120, TimeUnit.SECONDS);
        assertTrue(r.slowly() > 0, "client " + i + " read some of its answer");
        assertTrue(r.slowly() < ANSWER / 2, "client " + i + " read " + r.slowly() + ": not a slow reader");
        // A stream whose upstream pauses gets a comment line now and then (ResponseRelay.probeClient, AnswerQueue.keepAlive); clients ignore it.
        byte[] got = i % 4 == 3 ? r.body()
            : new String(r.body(), StandardCharsets.UTF_8).replace(": keep-alive\n\n", "").getBytes(StandardCharsets.UTF_8);
        int at = Arrays.mismatch(expected.get(i), got);
        assertEquals(-1, at, () -> "client " + i + ": the answer differs at byte " + at + " of " + got.length + " (expected "
            + expected.get(i).length + "), from there: "
            + new String(got, at, Math.min(300, got.length - at), StandardCharsets.UTF_8).replace("x", ""));
      }
      assertEquals(CLIENTS, upstream.exchanges().size(), "every client's answer was relayed");
    } finally {
      readers.shutdownNow();
    }
  }

  private record Read(long slowly, byte[] body) {}

  private static byte[] sse(String... payloads) {
    StringBuilder text = new StringBuilder();
    for (String p : payloads) text.append("data: ").append(p).append("\n\n");
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String stream(String tag, boolean includeUsage) {
    return "{\"model\":\"gpt-4o\",\"stream\":true," + (includeUsage ? "\"stream_options\":{\"include_usage\":true}," : "")
        + "\"messages\":[{\"role\":\"user\",\"content\":\"" + tag + "\"}]}";
  }

  private static String whole(String tag) {
    return "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + tag + "\"}]}";
  }

  /**
   * Sends the request on a socket with a 4 KiB receive window and reads 2 KiB every 50 ms until told, then the rest at
   * full speed; returns how much it read slowly and the whole body.
   */
  private Read readSlowlyThenAll(String body, CountDownLatch reading, CountDownLatch slowPhaseOver) throws Exception {
    try (RawHttp raw = RawHttp.connect(base, 4096)) {
      raw.timeout(Duration.ofSeconds(60));   // a busy 2-core machine
      HttpWire.Head head = raw.postJson("/v1/chat/completions", Headers.of("Authorization", "Bearer " + KEY), body)
          .readHead();
      assertEquals(200, head.status(), head::toString);
      InputStream in = raw.body(head);
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buffer = new byte[2048];
      do {
        int n = in.read(buffer);
        if (n < 0) break;
        all.write(buffer, 0, n);
        reading.countDown();   // once: a latch stays at zero
        Thread.sleep(50);
      } while (slowPhaseOver.getCount() > 0);
      long slowly = all.size();
      in.transferTo(all);
      return new Read(slowly, all.toByteArray());
    }
  }

  private long gauge(String name) {
    String text = RouterClient.at(base).get("metrics").text();
    Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? ([0-9.E+-]+)$").matcher(text);
    if (!m.find()) throw new AssertionError(name + " missing from /metrics");
    return (long) Double.parseDouble(m.group(1));
  }
}
