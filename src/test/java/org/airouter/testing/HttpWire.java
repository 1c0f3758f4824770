package org.airouter.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Just enough HTTP/1.1 framing for the mock upstream and the raw-socket client: heads, lengths, chunks. */
public final class HttpWire {
  private HttpWire() {}

  /** A request or status line plus its header fields. */
  public record Head(String startLine, Headers headers) {
    /** For a response head: the status code. */
    public int status() {
      String[] parts = startLine.split(" ", 3);
      return Integer.parseInt(parts[1]);
    }
  }

  /** Reads a head; null if the stream ends cleanly before its first byte (an idle keep-alive connection closed). */
  public static Head readHead(InputStream in) throws IOException {
    String start = readLine(in);
    if (start == null) return null;
    while (start.isEmpty()) {   // tolerate stray CRLF between messages (RFC 9112 §2.2)
      start = readLine(in);
      if (start == null) return null;
    }
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    for (String line = readLine(in); ; line = readLine(in)) {
      if (line == null) throw new EOFException("connection closed inside a message head");
      if (line.isEmpty()) break;
      int colon = line.indexOf(':');
      if (colon <= 0) throw new IOException("bad header line: " + line);
      fields.add(Map.entry(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
    }
    return new Head(start, new Headers(fields));
  }

  /** One CRLF- (or LF-) terminated line in ISO-8859-1 without the terminator; null at end of stream before any byte. */
  public static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
    }
    if (line.size() == 0) return null;
    throw new EOFException("connection closed inside a line");
  }

  /** The body of a request (no Content-Length and no chunking means no body). */
  public static byte[] readRequestBody(InputStream in, Headers headers) throws IOException {
    if (isChunked(headers)) return new ChunkedInputStream(in).readAllBytes();
    String length = headers.first("content-length");
    if (length == null) return new byte[0];
    return readExactly(in, Long.parseLong(length.trim()));
  }

  /** A response body as a stream: chunked, by length, or until the connection closes. */
  public static InputStream responseBody(InputStream in, Headers headers, int status) {
    if (status == 204 || status == 304 || status / 100 == 1) return InputStream.nullInputStream();
    if (isChunked(headers)) return new ChunkedInputStream(in);
    String length = headers.first("content-length");
    if (length != null) return new BoundedInputStream(in, Long.parseLong(length.trim()));
    return in;
  }

  public static boolean isChunked(Headers headers) {
    String te = headers.first("transfer-encoding");
    return te != null && te.toLowerCase().contains("chunked");
  }

  public static byte[] readExactly(InputStream in, long n) throws IOException {
    if (n > Integer.MAX_VALUE) throw new IOException("body too large for a test: " + n);
    byte[] body = in.readNBytes((int) n);
    if (body.length != n) throw new EOFException("body ended after " + body.length + " of " + n + " bytes");
    return body;
  }

  public static void writeHead(OutputStream out, String startLine, Headers headers) throws IOException {
    StringBuilder head = new StringBuilder(startLine).append("\r\n");
    for (Map.Entry<String, String> f : headers.fields()) head.append(f.getKey()).append(": ").append(f.getValue()).append("\r\n");
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  public static void writeChunk(OutputStream out, byte[] data) throws IOException {
    if (data.length == 0) return;   // a zero-length chunk would end the body
    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.write(data);
    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
  }

  public static void writeLastChunk(OutputStream out) throws IOException {
    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Decodes a chunked body; trailers are read and dropped. */
  public static final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;   // in the current chunk
    private boolean done;

    public ChunkedInputStream(InputStream in) { this.in = in; }

    @Override public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
      if (done) return -1;
      if (len == 0) return 0;
      if (remaining == 0) {
        String sizeLine = readLine(in);
        if (sizeLine == null) throw new EOFException("connection closed before the last chunk");
        int semi = sizeLine.indexOf(';');
        remaining = Long.parseLong((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
        if (remaining == 0) {
          for (String trailer = readLine(in); trailer != null && !trailer.isEmpty(); trailer = readLine(in)) { }
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n == -1) throw new EOFException("connection closed inside a chunk");
      remaining -= n;
      if (remaining == 0) {
        String crlf = readLine(in);
        if (crlf == null || !crlf.isEmpty()) throw new IOException("chunk not followed by CRLF");
      }
      return n;
    }
  }

  /** Exactly n bytes of the underlying stream, then end of stream. */
  public static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;

    public BoundedInputStream(InputStream in, long length) { this.in = in; this.remaining = length; }

    @Override public int read() throws IOException {
      if (remaining <= 0) return -1;
      int b = in.read();
      if (b == -1) throw new EOFException("body ended early");
      remaining--;
      return b;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) return -1;
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n == -1) throw new EOFException("body ended early");
      remaining -= n;
      return n;
    }
  }
}
