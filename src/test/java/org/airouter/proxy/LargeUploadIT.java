package org.airouter.proxy;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.RecordedRequest;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 50 MB audio upload is streamed, never held whole: it runs in its own failsafe execution with a heap too small
 * for a copy of it next to the app (see the pom), the client generates it on the fly, the router spools it to disk
 * beyond {@code airouter.body-memory-bytes}, and the mock keeps only its size and digest. The model field comes after
 * the file, so routing it means reading past 50 MB of spooled audio too.
 */
@ExtendWith(ArquillianExtension.class)
class LargeUploadIT {
  static final String KEY = "ar-test-key-large-upload";
  static final long AUDIO_BYTES = 50L * 1024 * 1024;

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi().keepBodiesUpTo(4096);

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(LargeUploadIT.class).config(ConfigFiles.config()
        .route(route("audio", "glob", "whisper-*").at(upstream).apiKey("sk-audio"))
        .clientKey(clientKey("team", KEY)))
        .set(RouterSettings.BODY_MEMORY_BYTES, 256 * 1024).set(RouterSettings.MAX_BODY_BYTES, 100L * 1024 * 1024).apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  @Test void fiftyMegabyteTranscriptionUploadIsStreamedThroughASmallHeap() throws Exception {
    long maxHeap = Runtime.getRuntime().maxMemory();
    // Proof only with a small heap: the pom runs this class alone with -Xmx64m; elsewhere (e.g. -Dit.test) it skips.
    assumeTrue(maxHeap <= 96L * 1024 * 1024, "needs a small heap (-Xmx), got " + maxHeap);
    String boundary = "----airouter-large";
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"talk.wav\"\r\n"
        + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n--"
        + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    long total = head.length + AUDIO_BYTES + tail.length;
    MessageDigest sent = MessageDigest.getInstance("SHA-256");

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "v1/audio/transcriptions"))
        .header("Authorization", "Bearer " + KEY).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .timeout(Duration.ofSeconds(120))
        .POST(HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.ofInputStream(() -> new Generated(head, AUDIO_BYTES, tail, sent)), total))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertEquals(200, response.statusCode(), response.body());
    JsonObject echo = Json.createReader(new StringReader(response.body())).readObject();
    RecordedRequest got = upstream.onlyCall();
    assertEquals("/v1/audio/transcriptions", got.path());
    assertEquals(total, got.size());
    assertEquals(total, echo.getJsonNumber("bytes").longValue());
    assertEquals(HexFormat.of().formatHex(sent.digest()), got.sha256(), "every byte arrived, in order");
    assertEquals(String.valueOf(total), got.header("content-length"));
  }

  /** Multipart head, pseudo-random audio, tail: generated as read, digested on the way. */
  static final class Generated extends InputStream {
    private final byte[] head;
    private final byte[] tail;
    private final long audio;
    private final MessageDigest digest;
    private long pos;
    private long seed = 0x9E3779B97F4A7C15L;

    Generated(byte[] head, long audio, byte[] tail, MessageDigest digest) {
      this.head = head;
      this.audio = audio;
      this.tail = tail;
      this.digest = digest;
    }

    @Override public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) {
      long total = head.length + audio + tail.length;
      if (pos >= total) return -1;
      int n = (int) Math.min(len, total - pos);
      for (int i = 0; i < n; i++, pos++) {
        if (pos < head.length) {
          b[off + i] = head[(int) pos];
        } else if (pos < head.length + audio) {
          seed ^= seed << 13;
          seed ^= seed >>> 7;
          seed ^= seed << 17;
          b[off + i] = (byte) seed;
        } else {
          b[off + i] = tail[(int) (pos - head.length - audio)];
        }
      }
      digest.update(b, off, n);
      return n;
    }
  }
}
