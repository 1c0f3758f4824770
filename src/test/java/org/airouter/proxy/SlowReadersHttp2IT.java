package org.airouter.proxy;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.airouter.testing.ConfigFiles;
import org.apache.hc.core5.http.HttpVersion;
import org.airouter.testing.Deployments;
import org.airouter.testing.Headers;
import org.airouter.testing.HttpWire;
import org.airouter.testing.RawHttp;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Slow clients read 8 MB answers a trickle at a time from a fast HTTP/2 upstream (TLS, ALPN; {@link H2Upstream} writes
 * as fast as flow control lets it): each stream holds at most the relay's 64 KiB for its client, the heap does not grow
 * by the answers, and each answer arrives whole once its client reads on.
 *
 * <p>The heap bound: the IT's Tomcat is embedded in this JVM, so the router's heap is this JVM's heap, read with
 * {@link MemoryMXBean} after a full GC (the least of three readings, so that a concurrent allocation burst does not count)
 * once before the slow readers start (after one warm-up stream, so that classes, pools and TLS sessions are
 * already there) and once while they read slowly. The upstream makes its answers on the fly and the readers keep only
 * what they read (tens of KB), so everything else that grew is the router's. Holding the answers whole would grow it
 * by {@link #CLIENTS} × 8 MB; the bound allows 1 MiB a stream (the connections' buffers, TLS and HTTP/2 state,
 * Tomcat's), an eighth of one answer. The router's own gauge says the same thing in bytes it counts; the heap says it
 * for everything it does not count.
 */
@ExtendWith(ArquillianExtension.class)
class SlowReadersHttp2IT {
  static final String KEY = "ar-test-key-slow-readers-h2";
  static final int CLIENTS = 8;
  static final int FRAMES = 8 * 1024;   // of about 1 KB: 8 MB an answer
  static final int BOUND = FlowWindow.HIGH_WATER;
  static final long HEAP_PER_STREAM = 2 * 1024 * 1024;

  static H2Upstream upstream;
  private static Properties saved;

  @Deployment(testable = false)
  static WebArchive deployment() throws Exception {
    upstream = new H2Upstream();
    // The router verifies upstream TLS with the JVM's trust store (UpstreamClient): point it at the test upstream's
    // certificate while the router starts, and give the JVM its own back after the class.
    saved = (Properties) System.getProperties().clone();
    Path store = Path.of(H2Upstream.class.getResource("/tls/upstream-h2.p12").toURI());
    System.setProperty("javax.net.ssl.trustStore", store.toString());
    System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    System.setProperty("javax.net.ssl.trustStorePassword", "test-only");
    RouterSettings.fresh(SlowReadersHttp2IT.class)
        .config(ConfigFiles.config()
            .route(route("gpt", "glob", "gpt-*").baseUrl(upstream.baseUrl()))
            .clientKey(clientKey("team-a", KEY)))
        .apply();
    return Deployments.router();
  }

  @AfterAll static void stop() {
    for (String p : List.of("javax.net.ssl.trustStore", "javax.net.ssl.trustStoreType", "javax.net.ssl.trustStorePassword")) {
      if (saved.getProperty(p) == null) System.clearProperty(p);
      else System.setProperty(p, saved.getProperty(p));
    }
    if (upstream != null) upstream.close();
  }

  @ArquillianResource URL base;

  @Test void eachSlowReaderCostsTheRouterAtMostItsWindowAndTheHeapDoesNotHoldTheAnswers() throws Exception {
    upstream.fastSseFrames(3);
    assertEquals(answer(3), new String(readAll(), StandardCharsets.UTF_8), "a warm-up stream, read at once");
    assertEquals(HttpVersion.HTTP_2, upstream.requests().get(0).version(), "the router reached its upstream over HTTP/2");
    upstream.fastSseFrames(FRAMES);
    String whole = answer(FRAMES);
    // Where each client puts what it reads slowly, made before the first reading: the readers add nothing to the heap.
    List<byte[]> slowParts = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) slowParts.add(new byte[whole.length() / 2]);
    long before = heapAfterGc();

    ExecutorService readers = Executors.newFixedThreadPool(CLIENTS);
    try {
      CountDownLatch reading = new CountDownLatch(CLIENTS);
      CountDownLatch slowPhaseOver = new CountDownLatch(1);
      List<Future<Read>> read = new ArrayList<>();
      for (byte[] slowPart : slowParts) {
        read.add(readers.submit(() -> readSlowlyThenAll(slowPart, reading, slowPhaseOver)));
      }
      assertTrue(reading.await(120, TimeUnit.SECONDS), "every client got the start of its answer");
      // Until the upstream is held back: the kernel takes up to 4 MB a connection (tcp_wmem) before Tomcat's writes
      // wait, and only then do the relays' windows decide. Held back, each answer advances only as its client reads.
      List<H2Upstream.FastSse> answers = upstream.fastStreams().subList(1, 1 + CLIENTS);
      long[] sent = heldBack(answers);
      long mostHeldAtOnce = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      while (System.nanoTime() < deadline) {
        mostHeldAtOnce = Math.max(mostHeldAtOnce, gauge("airouter_relay_queued_bytes"));
        Thread.sleep(100);
      }
      long during = heapAfterGc();
      long peak = gauge("airouter_relay_queued_bytes_peak");   // before anyone reads fast
      slowPhaseOver.countDown();
      long grown = during - before;
      System.out.printf("SlowReadersHttp2IT: heap %,d -> %,d after GC (%,d for %d slow streams); peak held %,d;"
          + " upstream sent %s%n", before, during, grown, CLIENTS, peak, Arrays.toString(sent));
      assertTrue(grown <= CLIENTS * HEAP_PER_STREAM, "the heap grew by " + grown + " bytes with " + CLIENTS
          + " slow readers, more than " + HEAP_PER_STREAM + " a stream");

      assertTrue(peak > 0, "the relays held something for their slow clients");
      assertTrue(peak <= BOUND, "one stream held " + peak + " bytes for its client, more than " + BOUND);
      assertTrue(mostHeldAtOnce <= (long) CLIENTS * BOUND,
          "all streams together held " + mostHeldAtOnce + " bytes, more than " + CLIENTS + " windows");
      for (long s : sent) assertTrue(s < whole.length(), "an upstream sent its whole answer to a slow reader");

      for (int c = 0; c < CLIENTS; c++) {
        Read r = read.get(c).get(120, TimeUnit.SECONDS);
        assertTrue(r.slowly() > 0 && r.slowly() < whole.length() / 2, "client " + c + " read " + r.slowly() + " slowly");
        // A stream whose upstream pauses gets a comment line now and then (ResponseRelay.probeClient); clients ignore it.
        String got = new String(r.body(), StandardCharsets.UTF_8).replace(": keep-alive\n\n", "");
        assertEquals(whole.length(), got.length(), "client " + c + ": the answer's length");
        assertTrue(whole.equals(got), "client " + c + ": the answer arrived as sent");
      }
      assertEquals(1 + CLIENTS, upstream.requests().size(), "every client's answer was relayed");
      upstream.requests().forEach(r -> assertEquals(HttpVersion.HTTP_2, r.version(), "every answer came over HTTP/2"));
    } finally {
      readers.shutdownNow();
    }
  }

  /** What each answer's upstream has sent once none advanced by more than its client reads (40 KB/s) for a second. */
  private static long[] heldBack(List<H2Upstream.FastSse> answers) throws InterruptedException {
    long[] now = new long[answers.size()];
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    boolean still = false;
    while (!still) {
      assertTrue(System.nanoTime() < deadline, () -> "the upstream still runs freely: " + Arrays.toString(now));
      long[] then = now.clone();
      Thread.sleep(1000);
      still = true;
      for (int i = 0; i < now.length; i++) {
        now[i] = answers.get(i).handed();
        still &= now[i] > 0 && now[i] - then[i] < 64 * 1024;
      }
    }
    return now;
  }

  private record Read(long slowly, byte[] body) {}

  private static String answer(int frames) { return H2Upstream.FAST_FRAME.repeat(frames) + H2Upstream.DONE; }

  private static long heapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      memory.gc();
      least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
      Thread.sleep(100);
    }
    return least;
  }

  private static final String BODY = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private byte[] readAll() throws Exception {
    try (RawHttp raw = RawHttp.connect(base)) {
      raw.timeout(Duration.ofSeconds(60));
      HttpWire.Head head = raw.postJson("/v1/chat/completions", Headers.of("Authorization", "Bearer " + KEY), BODY)
          .readHead();
      assertEquals(200, head.status(), head::toString);
      return raw.body(head).readAllBytes();
    }
  }

  /**
   * As in SlowReadersIT: a 4 KiB receive window, 2 KiB every 50 ms until told (into {@code slowPart}), then the rest at
   * full speed.
   */
  private Read readSlowlyThenAll(byte[] slowPart, CountDownLatch reading, CountDownLatch slowPhaseOver)
      throws Exception {
    try (RawHttp raw = RawHttp.connect(base, 4096)) {
      raw.timeout(Duration.ofSeconds(60));   // a busy 2-core machine
      HttpWire.Head head = raw.postJson("/v1/chat/completions", Headers.of("Authorization", "Bearer " + KEY), BODY)
          .readHead();
      assertEquals(200, head.status(), head::toString);
      InputStream in = raw.body(head);
      int slowly = 0;
      do {
        int n = in.read(slowPart, slowly, Math.min(2048, slowPart.length - slowly));
        if (n <= 0) break;
        if (slowly == 0) reading.countDown();   // once a client
        slowly += n;
        Thread.sleep(50);
      } while (slowPhaseOver.getCount() > 0);
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.write(slowPart, 0, slowly);
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
