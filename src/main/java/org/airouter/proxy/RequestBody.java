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
import java.util.Arrays;

/**
 * A request body as it arrives from the client. JSON stays in one array (it is scanned for the model and sent as is);
 * anything larger than its memory limit, such as an audio upload, goes on to a temporary file, so no upload is ever
 * held whole in memory.
 *
 * <p>Memory follows the bytes that came, never the Content-Length announced: nothing is allocated before the first
 * byte, the array doubles as bytes arrive (never past the announced length, which the container enforces), and each
 * growth is reserved from the process-wide {@link BodyMemory} first. When the budget is spent, a body that may go to
 * disk goes there; one that must stay in memory (JSON) is refused with {@link OverBudget}.
 */
final class RequestBody implements AutoCloseable {
  static final int FIRST_CHUNK = 16 * 1024;
  private static final byte[] NONE = new byte[0];

  /** The budget had no room for the next bytes of a body that must stay in memory. */
  static final class OverBudget extends Exception {
    OverBudget() { super(null, null, false, false); }
  }

  private final BodyMemory budget;
  private final long expectedLength;
  private final boolean mayGoToDisk;
  private int memoryLimit;
  private byte[] memory = NONE;
  private int inMemory;
  private FileChannel spill;
  private long size;
  private boolean closed;

  /**
   * @param expectedLength the Content-Length, or -1
   * @param memoryLimit    the most this body keeps in memory; the rest goes to disk if {@code mayGoToDisk}
   */
  RequestBody(long expectedLength, int memoryLimit, BodyMemory budget, boolean mayGoToDisk) {
    this.expectedLength = expectedLength;
    this.memoryLimit = memoryLimit;
    this.budget = budget;
    this.mayGoToDisk = mayGoToDisk;
  }

  synchronized void append(byte[] buffer, int length) throws IOException, OverBudget {
    if (closed) return;
    int toMemory = Math.min(memoryLimit - inMemory, length);
    if (toMemory > 0 && inMemory + toMemory > memory.length && !grow(inMemory + toMemory)) {
      if (!mayGoToDisk) throw new OverBudget();
      memoryLimit = memory.length;   // what is reserved stays in use; the rest of this body goes to disk
      toMemory = Math.min(memoryLimit - inMemory, length);
    }
    size += length;
    if (toMemory > 0) {
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

  /** Room for {@code needed} bytes: double, up to the limit and the announced length, reserving first. */
  private boolean grow(int needed) {
    long target = Math.max(needed, Math.max(FIRST_CHUNK, memory.length * 2L));
    if (expectedLength >= 0) target = Math.min(target, Math.max(needed, expectedLength));
    int capacity = (int) Math.min(memoryLimit, target);
    if (!budget.reserve(capacity - memory.length)) {
      capacity = needed;   // no room to double: try the bytes themselves
      if (!budget.reserve(capacity - memory.length)) return false;
    }
    memory = Arrays.copyOf(memory, capacity);
    return true;
  }

  long size() { return size; }

  boolean inMemoryWhole() { return spill == null; }

  /** The bytes, when the body fits in memory. */
  byte[] array() { return memory; }

  int arrayLength() { return inMemory; }

  /** Bytes of memory this body holds (and has reserved). */
  synchronized int capacity() { return closed ? 0 : memory.length; }

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

  /** Gives the memory back to the budget; every way an exchange ends calls this, some twice. */
  @Override public synchronized void close() {
    if (closed) return;
    closed = true;
    budget.release(memory.length);
    try {
      if (spill != null) spill.close();
    } catch (IOException ignored) {
      // a temporary file: DELETE_ON_CLOSE or the OS cleans it
    }
  }
}
