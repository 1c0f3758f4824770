package org.airouter.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.airouter.testing.Poll;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.entity.StringAsyncEntityConsumer;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.reactor.IOReactorShutdownException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An Error in the router's answer handling fails that one exchange, and the next exchange on the same (single) I/O
 * thread still gets its answer. Without the guard the Error shut HttpClient's I/O reactor down, and every later call
 * failed with "I/O reactor has been shut down" (seen as 9,115 hung streams when a WildFly ran out of file descriptors
 * mid-hold). An Error from the failure handling itself HttpClient 5.6 survives on its own; the second test keeps it so.
 */
@Timeout(60)
class ReactorSafeConsumerTest {
  private static final long WAIT_S = 10;   // a generous bound for what takes milliseconds

  private HttpServer upstream;
  private UpstreamClient client;

  @BeforeEach void start() throws IOException {
    upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    upstream.createContext("/", exchange -> {
      byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    upstream.start();
    // one I/O thread, as on a 2-core machine: the thread an escaped Error would end carries every exchange
    client = new UpstreamClient(new ProxySettings(32L * 1024 * 1024, 1024 * 1024, 5_000, 30_000, 30_000, List.of("*"),
        64, 1, 0, 4 * 1024, 30_000, 64L * 1024 * 1024, 8 * 1024 * 1024, 15_000), DefaultClientTlsStrategy.createDefault());
  }

  @AfterEach void stop() {
    if (client != null) client.close();
    if (upstream != null) upstream.stop(0);
  }

  @Test void anErrorWhileTheAnswerArrivesFailsThatExchangeOnly() throws Exception {
    Future<Message<HttpResponse, String>> broken = client.execute(request(), new ThrowsOnHead(false), null);
    ExecutionException failed = assertThrows(ExecutionException.class, () -> broken.get(WAIT_S, TimeUnit.SECONDS));
    assertInstanceOf(IOException.class, failed.getCause());

    assertEquals("{\"ok\":true}", answer().getBody(), "the next exchange on the same I/O thread");
  }

  @Test void anErrorInTheFailureHandlingItselfIsContained() throws Exception {
    client.execute(request(), new ThrowsOnHead(true), null);

    assertEquals("{\"ok\":true}", answer().getBody(), "the next exchange on the same I/O thread");
  }

  /**
   * An Error on an I/O thread from a path no guard covers (here a request body's producer) still ends the reactor.
   * The first call that meets the dead reactor replaces the client, so the calls after it are answered again.
   */
  @Test void aClientWhoseReactorShutDownIsReplacedByTheFirstCallThatMeetsIt() throws Exception {
    // Its own outcome depends on when the reactor went: failed, or hung with everything else that reactor carried.
    client.execute(new BodyThrowsOnTheIoThread(uri()), stringConsumer(), null);

    // The reactor ends on its I/O thread, a moment later; the first call to meet it dead fails and replaces it.
    List<Throwable> met = new ArrayList<>();
    Poll.until(Duration.ofSeconds(WAIT_S), () -> {
      try {
        client.execute(request(), stringConsumer(), null).get(1, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        met.add(e.getCause());
      } catch (TimeoutException stuckOnTheDyingReactor) {
        met.add(stuckOnTheDyingReactor);
      }
      return client.replacedClients();
    }, n -> n > 0);
    assertTrue(met.stream().anyMatch(IOReactorShutdownException.class::isInstance), met::toString);
    assertEquals(1, client.replacedClients());

    assertEquals("{\"ok\":true}", answer().getBody(), "the next call, on the new client");
    assertEquals(1, client.replacedClients());
  }

  private static BasicResponseConsumer<String> stringConsumer() {
    return new BasicResponseConsumer<>(new StringAsyncEntityConsumer());
  }

  private Message<HttpResponse, String> answer() throws Exception {
    return client.execute(request(), stringConsumer(), null).get(WAIT_S, TimeUnit.SECONDS);
  }

  private BasicRequestProducer request() {
    return new BasicRequestProducer(Method.GET, uri());
  }

  private URI uri() {
    return URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1/models");
  }

  /** A POST whose body fails on HttpClient's I/O thread with an Error, as a class that cannot be loaded would. */
  private static final class BodyThrowsOnTheIoThread extends BasicRequestProducer {
    BodyThrowsOnTheIoThread(URI uri) {
      super(Method.POST, uri, AsyncEntityProducers.create("{}"));
    }

    @Override public void produce(DataStreamChannel channel) {
      throw new NoClassDefFoundError("org/airouter/proxy/RequestBody$Chunk");
    }
  }

  /**
   * Fails when the head arrives, as a class that cannot be loaded would: with an Error, or (alsoWhenFailing) with an
   * exception and then an Error from the failure handling HttpClient calls next.
   */
  private static final class ThrowsOnHead extends BasicResponseConsumer<String> {
    private final boolean alsoWhenFailing;

    ThrowsOnHead(boolean alsoWhenFailing) {
      super(new StringAsyncEntityConsumer());
      this.alsoWhenFailing = alsoWhenFailing;
    }

    @Override public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context,
                                          FutureCallback<Message<HttpResponse, String>> callback)
        throws HttpException, IOException {
      if (alsoWhenFailing) throw new IOException("the answer's handling failed");
      throw new NoClassDefFoundError("org/airouter/proxy/RelayState$Ending");
    }

    @Override public void failed(Exception cause) {
      if (alsoWhenFailing) throw new NoClassDefFoundError("org/airouter/proxy/ErrorReplies");
      super.failed(cause);
    }
  }
}
