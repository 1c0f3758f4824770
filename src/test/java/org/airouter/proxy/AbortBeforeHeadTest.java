package org.airouter.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.nio.entity.StringAsyncEntityConsumer;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A call whose request is on the upstream's connection and whose head has not come can be stopped by closing that
 * connection, through the context the caller gave it. HttpClient's own cancel did not always close the connection at
 * that point: ClientGoneIT's "client leaves while the upstream has not answered" kept the upstream open in 2 of 8
 * runs, before the relay had this context from the start.
 */
@Timeout(60)
class AbortBeforeHeadTest {
  private static final long WAIT_S = 10;

  private ServerSocket silent;
  private UpstreamClient client;

  @BeforeEach void start() throws Exception {
    silent = new ServerSocket();
    silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    client = new UpstreamClient(new ProxySettings(32L * 1024 * 1024, 1024 * 1024, 5_000, 30_000, 30_000, List.of("*"),
        64, 1, 0, 4 * 1024, 30_000, 64L * 1024 * 1024, 8 * 1024 * 1024, 15_000), DefaultClientTlsStrategy.createDefault());
  }

  @AfterEach void stop() throws Exception {
    if (client != null) client.close();
    if (silent != null) silent.close();
  }

  @Test void closingTheCallsConnectionBeforeItsHeadEndsTheCallAndTheUpstreamSeesIt() throws Exception {
    CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
      try {
        return silent.accept();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    HttpClientContext context = HttpClientContext.create();
    Future<?> call = client.execute(new BasicRequestProducer(Method.GET,
            URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/v1/models")),
        new BasicResponseConsumer<>(new StringAsyncEntityConsumer()), null, context, 0);

    try (Socket upstream = accepted.get(WAIT_S, TimeUnit.SECONDS)) {
      upstream.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_S));
      InputStream in = upstream.getInputStream();
      String head = readHead(in);
      assertTrue(head.startsWith("GET /v1/models HTTP/1.1"), head);

      assertTrue(AbortableConnections.abort(context), "the context names the connection before any head");
      assertClosed(in);
    }
    assertThrows(ExecutionException.class, () -> call.get(WAIT_S, TimeUnit.SECONDS));
  }

  /** Closed at once: an end of stream or, as HttpClient's immediate close resets the connection, a reset. */
  private static void assertClosed(InputStream in) {
    try {
      assertEquals(-1, in.read(), "the upstream sees its connection closed");
    } catch (SocketException reset) {
      assertEquals("Connection reset", reset.getMessage());
    } catch (IOException e) {
      throw new AssertionError("the upstream's connection neither ended nor was reset", e);
    }
  }

  private static String readHead(InputStream in) throws Exception {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) break;
      head.append((char) b);
    }
    return new String(head.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
  }
}
