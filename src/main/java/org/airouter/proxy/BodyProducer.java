package org.airouter.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;

/**
 * Sends a request body upstream as fast as the connection takes it: the in-memory bytes, then the spilled part read
 * from its file in 64 KiB steps. The content type goes out exactly as the client sent it (multipart boundaries
 * included).
 */
final class BodyProducer implements AsyncEntityProducer {
  private final ByteBuffer head;
  private final RequestBody spilled;
  private final String contentType;
  private final String contentEncoding;
  private final long length;
  private long filePosition;
  private ByteBuffer fileChunk;
  private long sent;

  /** A body from bytes (JSON, possibly with the model rewritten). */
  BodyProducer(byte[] bytes, int length, String contentType, String contentEncoding) {
    this.head = ByteBuffer.wrap(bytes, 0, length);
    this.spilled = null;
    this.contentType = contentType;
    this.contentEncoding = contentEncoding;
    this.length = length;
  }

  /** A body as buffered, memory part then file part. */
  BodyProducer(RequestBody body, String contentType, String contentEncoding) {
    this.head = ByteBuffer.wrap(body.array(), 0, body.arrayLength());
    this.spilled = body.inMemoryWhole() ? null : body;
    this.contentType = contentType;
    this.contentEncoding = contentEncoding;
    this.length = body.size();
  }

  @Override public void produce(DataStreamChannel channel) throws IOException {
    while (head.hasRemaining()) {
      int written = channel.write(head);
      sent += written;
      if (written == 0) return;   // the connection is full; we are called again when it drains
    }
    if (spilled != null) {
      while (true) {
        if (fileChunk == null || !fileChunk.hasRemaining()) {
          if (fileChunk == null) fileChunk = ByteBuffer.allocate(64 * 1024);
          fileChunk.clear();
          int read = spilled.spill().read(fileChunk, filePosition);
          if (read <= 0) break;
          filePosition += read;
          fileChunk.flip();
        }
        int written = channel.write(fileChunk);
        sent += written;
        if (written == 0) return;
      }
    }
    channel.endStream();
  }

  @Override public int available() {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(length - sent, 0));
  }

  @Override public long getContentLength() { return length; }
  @Override public String getContentType() { return contentType; }
  @Override public String getContentEncoding() { return contentEncoding; }
  @Override public boolean isChunked() { return false; }
  @Override public Set<String> getTrailerNames() { return null; }
  @Override public boolean isRepeatable() { return true; }
  @Override public void failed(Exception cause) { }
  @Override public void releaseResources() { }
}
