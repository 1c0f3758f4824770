package org.airouter.proxy;

import org.airouter.wire.JsonIo;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.airouter.usage.Tokens;
import org.airouter.wire.SseFramer;
import java.util.function.UnaryOperator;

/**
 * Reads the token usage of an answer on the side, without parsing the answer: it keeps only the last bytes (where
 * OpenAI puts {@code usage}, in a whole body and in the last chunk of a stream) and counts stream frames, so that a
 * stream cut short still yields an estimate. References to chunks already copied; nothing copied again.
 */
final class UsageTap {
  // Usage sits in the last few hundred bytes of every shape we read (a chat body, the last chunk, the Responses API's
  // response.completed event, Anthropic's message_delta). The tail is held for the whole life of a stream, so it is
  // kept small: 16 KiB cost that much heap for every long open stream (bench/README.md, the hold).
  private static final int KEEP = 4 * 1024;
  private static final Pattern ERROR_FRAME = Pattern.compile("(?m)^data:[ \\t]*(\\{\\s*\"error\"\\s*:.*)$");
  private static final String UPSTREAM_ERROR = "upstream_error";

  private final ArrayDeque<byte[]> tail = new ArrayDeque<>();
  private int tailBytes;
  private int frames;
  private final SseFramer framer = new SseFramer();
  private boolean lineStart = true;
  // Counts lines that start with "data:" by their first byte: a 'd' first is a data line in every stream we read.
  private final SseFramer.Sink dataLines = new SseFramer.Sink() {
    @Override public void text(byte[] chunk, int from, int to) {
      if (lineStart && chunk[from] == 'd') frames++;
      lineStart = false;
    }

    @Override public void lineEnd(byte[] chunk, int next, boolean blank) { lineStart = true; }
  };
  private JsonObject found;
  private UnaryOperator<JsonObject> mapUsage = u -> u;

  /** Upstream bytes, in order. */
  void seen(byte[] chunk) {
    tail.addLast(chunk);
    tailBytes += chunk.length;
    while (tailBytes - tail.peekFirst().length >= KEEP) tailBytes -= tail.removeFirst().length;
    framer.accept(chunk, dataLines);
  }

  /** A usage object taken out of the stream by the {@link SseUsageFilter}. */
  void usage(JsonObject usage) { this.found = usage; }

  /** A usage object in the tail is in the provider's own shape: this maps it to OpenAI's. */
  void mapUsage(UnaryOperator<JsonObject> toOpenAi) { this.mapUsage = toOpenAi; }

  /** The usage the upstream reported, or null. */
  Tokens tokens() {
    JsonObject usage = found;
    if (usage == null) {
      JsonObject inTail = lastUsageInTail();
      usage = inTail == null ? null : mapUsage.apply(inTail);
    }
    return usage == null ? null : Tokens.fromUsage(usage);
  }

  /** Data frames seen: a stream sends roughly one token a frame, which is the estimate for a cut-off stream. */
  int frames() { return frames; }

  /**
   * The code of the error frame ({@code data: {"error": …}}) a stream carried in its last bytes, or null: an OpenAI
   * upstream that fails mid-answer sends one and ends the stream, which then looks complete to the relay. The code is
   * the error's {@code code}, else its {@code type}, else {@code upstream_error}.
   */
  String streamErrorCode() {
    if (tail.isEmpty()) return null;
    Matcher frame = ERROR_FRAME.matcher(tailText());
    String payload = null;
    while (frame.find()) payload = frame.group(1);
    if (payload == null) return null;
    JsonObject error = JsonIo.readObject(payload).map(o -> o.get("error") instanceof JsonObject e ? e : null)
        .orElse(null);
    if (error == null) return UPSTREAM_ERROR;   // cut at the tail's start, or not an object: an error all the same
    String code = error.get("code") instanceof JsonString s ? s.getString() : null;
    if (code == null && error.get("type") instanceof JsonString t) code = t.getString();
    return code == null || code.isBlank() ? UPSTREAM_ERROR : code;
  }

  private JsonObject lastUsageInTail() {
    return tail.isEmpty() ? null : lastUsage(tailText());
  }

  private String tailText() {
    byte[] joined = new byte[tailBytes];
    int at = 0;
    for (byte[] chunk : tail) {
      System.arraycopy(chunk, 0, joined, at, chunk.length);
      at += chunk.length;
    }
    return new String(joined, StandardCharsets.UTF_8);
  }

  /** The last {@code "usage": {...}} object in a text, or null (a {@code "usage": null} does not count). */
  static JsonObject lastUsage(String text) {
    int from = text.length();
    while (true) {
      int key = text.lastIndexOf("\"usage\"", from);
      if (key < 0) return null;
      int i = key + 7;
      while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
      if (i < text.length() && text.charAt(i) == ':') {
        i++;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
        if (i < text.length() && text.charAt(i) == '{') {
          int end = objectEnd(text, i);
          if (end > 0) return JsonIo.readObject(text.substring(i, end)).orElse(null);
        }
      }
      if (key == 0) return null;
      from = key - 1;
    }
  }

  /** The index after the object starting at {@code open}, or -1 if it does not end in the text. */
  private static int objectEnd(String text, int open) {
    int depth = 0;
    boolean inString = false;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') i++;
        else if (c == '"') inString = false;
      } else if (c == '"') {
        inString = true;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i + 1;
      }
    }
    return -1;
  }
}
