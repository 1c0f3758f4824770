package org.airouter.testing;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * HTTP/1.1 over a plain socket, for what java.net.http will not do: send hop-by-hop headers (Connection, TE,
 * Keep-Alive, Proxy-Authorization), read part of a stream and then hang up.
 */
public final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String hostHeader;

  private RawHttp(Socket socket, String hostHeader) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.hostHeader = hostHeader;
  }

  public static RawHttp connect(URL base) throws IOException {
    return connect(base, 0);
  }

  /** A connection whose receive buffer is this small (0: the system's), for a client that reads slowly. */
  public static RawHttp connect(URL base, int receiveBufferBytes) throws IOException {
    int port = base.getPort() == -1 ? base.getDefaultPort() : base.getPort();
    Socket socket = new Socket();
    if (receiveBufferBytes > 0) socket.setReceiveBufferSize(receiveBufferBytes);   // before connect: sets the window
    socket.connect(new InetSocketAddress(base.getHost(), port));
    socket.setSoTimeout((int) RouterClient.TIMEOUT.toMillis());
    socket.setTcpNoDelay(true);
    return new RawHttp(socket, base.getHost() + ":" + port);
  }

  /** Sends a request; Host and Content-Length are added. Headers are sent exactly as given, in order. */
  public RawHttp send(String method, String target, Headers headers, byte[] body) throws IOException {
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    fields.add(Map.entry("Host", hostHeader));
    fields.addAll(headers.fields());
    if (body != null) fields.add(Map.entry("Content-Length", Integer.toString(body.length)));
    HttpWire.writeHead(out, method + " " + target + " HTTP/1.1", new Headers(fields));
    if (body != null) out.write(body);
    out.flush();
    return this;
  }

  /** Sends only a request head, exactly as given (Host added): the body, if announced, is the caller's to send. */
  public RawHttp sendHead(String method, String target, Headers headers) throws IOException {
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    fields.add(Map.entry("Host", hostHeader));
    fields.addAll(headers.fields());
    HttpWire.writeHead(out, method + " " + target + " HTTP/1.1", new Headers(fields));
    out.flush();
    return this;
  }

  /** More body bytes after {@link #sendHead}. */
  public RawHttp write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  public RawHttp postJson(String target, Headers headers, String json) throws IOException {
    List<Map.Entry<String, String>> fields = new ArrayList<>(headers.fields());
    fields.add(Map.entry("Content-Type", "application/json"));
    return send("POST", target, new Headers(fields), json.getBytes(StandardCharsets.UTF_8));
  }

  /** The response head (skipping any 1xx). */
  public HttpWire.Head readHead() throws IOException {
    HttpWire.Head head;
    do {
      head = HttpWire.readHead(in);
      if (head == null) throw new EOFException("connection closed before a response");
    } while (head.status() / 100 == 1);
    return head;
  }

  /** The body of the response whose head was just read. */
  public InputStream body(HttpWire.Head head) {
    return HttpWire.responseBody(in, head.headers(), head.status());
  }

  /**
   * Reads SSE frames from the body until stop returns true for one (that frame included), or the body ends.
   */
  public List<SseStream.Frame> readFramesUntil(HttpWire.Head head, Predicate<SseStream.Frame> stop) throws IOException {
    List<SseStream.Frame> frames = new ArrayList<>();
    class Stop extends RuntimeException {
      Stop() { super(null, null, false, false); }
    }
    try {
      SseStream.readFrames(body(head), frames, f -> { if (stop.test(f)) throw new Stop(); });
    } catch (Stop enough) {
      // as asked
    }
    return frames;
  }

  public void timeout(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
  }

  /** Hangs up abruptly: RST instead of FIN, as a killed client process would. */
  public void reset() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  /** Hangs up politely (FIN). */
  @Override public void close() throws IOException {
    socket.close();
  }
}
