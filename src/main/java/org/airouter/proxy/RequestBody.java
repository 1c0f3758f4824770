package org.airouter.proxy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A request body as it arrives from the client. JSON stays in one array (it is scanned for the model and sent as is);
 * anything larger than the memory budget, such as an audio upload, goes on to a temporary file, so no upload is ever
 * held whole in memory.
 */
final class RequestBody implements AutoCloseable {
  private byte[] memory;
  private int inMemory;
  private final int memoryLimit;
  private FileChannel spill;
  private long size;

  /** @param expectedLength the Content-Length, or -1 */
  RequestBody(long expectedLength, int memoryLimit) {
    this.memoryLimit = memoryLimit;
    this.memory = new byte[(int) Math.min(memoryLimit, expectedLength >= 0 ? expectedLength : 8192)];
  }

  void append(byte[] buffer, int length) throws IOException {
    size += length;
    int room = memoryLimit - inMemory;
    int toMemory = Math.min(room, length);
    if (toMemory > 0) {
      if (inMemory + toMemory > memory.length) {
        memory = java.util.Arrays.copyOf(memory, (int) Math.min(memoryLimit, Math.max(memory.length * 2L, inMemory + toMemory)));
      }
      System.arraycopy(buffer, 0, memory, inMemory, toMemory);
      inMemory += toMemory;
    }
    if (toMemory < length) {
      if (spill == null) {
        Path spillFile = Files.createTempFile("ai-router-body-", ".tmp");
        spill = FileChannel.open(spillFile, StandardOpenOption.READ, StandardOpenOption.WRITE,
            StandardOpenOption.DELETE_ON_CLOSE);
      }
      ByteBuffer rest = ByteBuffer.wrap(buffer, toMemory, length - toMemory);
      while (rest.hasRemaining()) spill.write(rest);
    }
  }

  long size() { return size; }

  boolean inMemoryWhole() { return spill == null; }

  /** The bytes, when the body fits in memory. */
  byte[] array() { return memory; }

  int arrayLength() { return inMemory; }

  /** Reads the whole body from the start (for the multipart model scan). */
  InputStream open() {
    InputStream head = new ByteArrayInputStream(memory, 0, inMemory);
    if (spill == null) return head;
    // Positional reads: the spool file has no name any more (DELETE_ON_CLOSE unlinks it at once on Unix).
    InputStream rest = new InputStream() {
      private long position;

      @Override public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override public int read(byte[] b, int off, int len) throws IOException {
        int n = spill.read(ByteBuffer.wrap(b, off, len), position);
        if (n > 0) position += n;
        return n;
      }
    };
    return new SequenceInputStream(head, rest);
  }

  /** Where the spilled part can be read from, positionally (the upstream producer's view). */
  FileChannel spill() { return spill; }

  @Override public void close() {
    try {
      if (spill != null) spill.close();
    } catch (IOException ignored) {
      // a temporary file: DELETE_ON_CLOSE or the OS cleans it
    }
  }
}
