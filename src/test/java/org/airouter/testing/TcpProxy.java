package org.airouter.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy between the router and its database, to cut the database without touching either: {@link Mode#PASS}
 * relays; {@link Mode#REFUSE} resets every new connection at once (a database that is down); {@link Mode#BLACK_HOLE}
 * accepts new connections and relays nothing on any connection, old or new, without closing it (a network that drops
 * packets: the peer waits for ever), and relays again, on the connections still open, when the mode changes back;
 * {@link #strandExisting()} does the same to the connections open at that moment only, for good, while new ones pass.
 */
public final class TcpProxy implements AutoCloseable {
  public enum Mode { PASS, REFUSE, BLACK_HOLE }

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.PASS;

  private TcpProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "tcp-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy on a free loopback port to host:port. */
  public static TcpProxy to(String host, int port) {
    try {
      return new TcpProxy(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() { return server.getLocalPort(); }

  /** The JDBC URL with its host:port replaced by this proxy's. */
  public String jdbcUrl(String url) {
    return url.replaceFirst("//[^/]+/", "//127.0.0.1:" + port() + "/");
  }

  public Mode mode() { return mode; }

  public synchronized void mode(Mode mode) {
    this.mode = mode;
    notifyAll();
  }

  /** The connections open now relay nothing from here on (until closed); new connections are not affected. */
  public synchronized void strandExisting() {
    links.forEach(link -> link.stranded = true);
    notifyAll();
  }

  /** Connections open through the proxy. */
  public int openConnections() { return links.size(); }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (mode == Mode.REFUSE) {
          client.setSoLinger(true, 0);   // RST, as a port nobody listens on
          client.close();
          continue;
        }
        Link link = new Link(client);
        links.add(link);
        link.start();
      } catch (IOException e) {
        if (!server.isClosed()) e.printStackTrace();
      }
    }
  }

  /** Blocks while this link may relay nothing. */
  private synchronized boolean awaitPassage(Link link) throws InterruptedException {
    while (!link.closed && (mode == Mode.BLACK_HOLE || link.stranded)) wait(200);
    return !link.closed;
  }

  @Override public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    links.forEach(Link::close);
    mode(Mode.PASS);
  }

  /** One client connection and its connection to the target, a thread per direction. */
  private final class Link {
    final Socket client;
    Socket upstream;
    volatile boolean stranded;
    volatile boolean closed;

    Link(Socket client) { this.client = client; }

    void start() {
      Thread opener = new Thread(() -> {
        try {
          if (!awaitPassage(this)) return;   // black hole: the connect is never answered
          upstream = new Socket();
          upstream.connect(target, 5_000);
          pump(client.getInputStream(), upstream.getOutputStream(), "up");
          pump(upstream.getInputStream(), client.getOutputStream(), "down");
        } catch (IOException | InterruptedException e) {
          close();
        }
      }, "tcp-proxy-link");
      opener.setDaemon(true);
      opener.start();
    }

    void pump(InputStream in, OutputStream out, String direction) {
      Thread thread = new Thread(() -> {
        byte[] buffer = new byte[16 * 1024];
        try {
          int n;
          while ((n = in.read(buffer)) >= 0) {
            if (!awaitPassage(this)) return;   // what was read is held, as a dropped packet would be
            out.write(buffer, 0, n);
            out.flush();
          }
        } catch (IOException | InterruptedException e) {
          // one side went away
        } finally {
          close();
        }
      }, "tcp-proxy-" + direction);
      thread.setDaemon(true);
      thread.start();
    }

    void close() {
      closed = true;
      links.remove(this);
      closeQuietly(client);
      closeQuietly(upstream);
    }

    private void closeQuietly(Socket socket) {
      try {
        if (socket != null) socket.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
  }
}
