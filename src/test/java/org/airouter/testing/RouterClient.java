package org.airouter.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A small java.net.http client for the router: paths are relative to the deployment's base URL ("v1/models"), the
 * client key goes in the header the test chooses, and every call has a timeout so a broken router fails, not hangs.
 */
public final class RouterClient {
  public static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private final URI base;
  private final Map<String, String> headers;

  private RouterClient(URI base, Map<String, String> headers) {
    this.base = base;
    this.headers = headers;
  }

  /** A client without any key. */
  public static RouterClient at(URL base) {
    try {
      String s = base.toURI().toString();
      return new RouterClient(URI.create(s.endsWith("/") ? s : s + "/"), Map.of());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** {@code Authorization: Bearer key}. */
  public RouterClient bearer(String key) { return header("Authorization", "Bearer " + key); }

  /** {@code api-key: key} (Azure style). */
  public RouterClient apiKey(String key) { return header("api-key", key); }

  /** {@code x-api-key: key} (Anthropic style). */
  public RouterClient xApiKey(String key) { return header("x-api-key", key); }

  /** A copy with this header added (or replaced). */
  public RouterClient header(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new RouterClient(base, copy);
  }

  public URI uri(String path) {
    return base.resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  public Response get(String path) {
    return send("GET", path, null, null);
  }

  public Response postJson(String path, String json) {
    return send("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  /** Any method; contentType and body may be null. */
  public Response send(String method, String path, String contentType, byte[] body) {
    HttpRequest request = request(method, path, contentType, body).build();
    long start = System.nanoTime();
    try {
      HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), r.headers(), r.body(), Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** POSTs JSON and reads the answer as SSE, timestamping each frame as it arrives. */
  public SseStream stream(String path, String json) {
    HttpRequest request = request("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8))
        .header("Accept", "text/event-stream").build();
    Instant sentAt = Instant.now();
    CompletableFuture<SseStream> result = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
        .thenApplyAsync(r -> {
          try (InputStream in = r.body()) {
            boolean sse = r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream");
            if (!sse) {
              return new SseStream(r.statusCode(), r.headers(), sentAt, List.of(),
                  new String(in.readAllBytes(), StandardCharsets.UTF_8), null);
            }
            List<SseStream.Frame> frames = new ArrayList<>();
            String brokenOff = null;
            try {
              SseStream.readFrames(in, frames, f -> { });
            } catch (IOException e) {
              brokenOff = e.toString();
            }
            return new SseStream(r.statusCode(), r.headers(), sentAt, List.copyOf(frames), "", brokenOff);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    try {
      return result.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      throw new AssertionError("stream did not end within " + TIMEOUT, e);
    } catch (ExecutionException e) {
      throw new AssertionError("stream failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest.Builder request(String method, String path, String contentType, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) b.header("Content-Type", contentType);
    headers.forEach(b::header);
    return b;
  }
}
