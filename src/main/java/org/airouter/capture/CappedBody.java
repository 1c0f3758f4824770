package org.airouter.capture;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The first {@code cap} bytes of a body, and how many there were in all. It never holds more than the cap, however
 * long the body or stream: bytes past it are only counted. Not thread-safe; its owner serialises the calls.
 */
public final class CappedBody {
  private final int cap;
  private byte[] bytes = new byte[0];
  private int kept;
  private long total;

  public CappedBody(int cap) { this.cap = Math.max(0, cap); }

  public void add(byte[] chunk) { add(chunk, 0, chunk.length); }

  public void add(byte[] chunk, int offset, int length) {
    total += length;
    int room = Math.min(length, cap - kept);
    if (room <= 0) return;
    if (kept + room > bytes.length) bytes = Arrays.copyOf(bytes, Math.min(cap, Math.max(kept + room, bytes.length * 2)));
    System.arraycopy(chunk, offset, bytes, kept, room);
    kept += room;
  }

  /** The bytes kept as UTF-8 text (a character cut by the cap becomes U+FFFD). */
  public String text() { return new String(bytes, 0, kept, StandardCharsets.UTF_8); }

  public long total() { return total; }

  public boolean truncated() { return total > kept; }
}
