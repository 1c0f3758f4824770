package org.airouter.proxy;

import java.nio.charset.StandardCharsets;
import org.airouter.wire.JsonIo;

/**
 * Finds the top-level {@code "model"} of a JSON request body without building a tree: one pass over the bytes that
 * also checks the syntax, so a malformed body is refused before it costs an upstream call. The result keeps the byte
 * range of the value, so the model can be rewritten by splicing and everything else passes through untouched. The
 * same pass notes whether the body asks for a stream, and whether it says anything about {@code stream_options}.
 */
final class JsonModel {
  /**
   * What the body says about its model ({@code start..end} is the value's byte range, -1 when absent), and whether it
   * asks for {@code "stream": true} and names {@code stream_options}.
   */
  record Found(Kind kind, String model, int start, int end, boolean stream, boolean streamOptions) {
    static final Found ABSENT = new Found(Kind.ABSENT, null, -1, -1, false, false);

    Found streaming(boolean on) { return new Found(kind, model, start, end, on, streamOptions); }

    Found withStreamOptions() { return new Found(kind, model, start, end, stream, true); }
  }

  enum Kind { ABSENT, STRING, NOT_A_STRING }

  /** Thrown for a body that is not one JSON object; the message says where and why. */
  static class Malformed extends Exception {
    Malformed(String message) { super(message, null, false, false); }
  }

  /**
   * Thrown for valid JSON that parsers read differently: a field the router acts on given twice (which one wins
   * differs) or in another case ({@code "Model"}: some upstreams match keys without case).
   */
  static final class Ambiguous extends Malformed {
    final String field;

    Ambiguous(String message, String field) {
      super(message);
      this.field = field;
    }
  }

  private static final byte[] MODEL = "model".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] STREAM = "stream".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] STREAM_OPTIONS = "stream_options".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INCLUDE_USAGE = "\"stream_options\":{\"include_usage\":true},"
      .getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_DEPTH = 512;

  private final byte[] b;
  private final int length;
  private int pos;

  private JsonModel(byte[] body, int length) {
    this.b = body;
    this.length = length;
  }

  static Found find(byte[] body, int length) throws Malformed {
    return new JsonModel(body, length).scan();
  }

  /**
   * The body with {@code "stream_options":{"include_usage":true}} added as its first field, so that a stream ends
   * with the usage the router records. Only for bodies without {@code stream_options}.
   */
  static byte[] askForUsage(byte[] body, int length) {
    int open = 0;
    while (body[open] != '{') open++;
    boolean empty = true;
    for (int i = open + 1; i < length; i++) {
      byte c = body[i];
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
      empty = c == '}';
      break;
    }
    int insert = empty ? INCLUDE_USAGE.length - 1 : INCLUDE_USAGE.length;   // no comma before a closing brace
    byte[] out = new byte[length + insert];
    System.arraycopy(body, 0, out, 0, open + 1);
    System.arraycopy(INCLUDE_USAGE, 0, out, open + 1, insert);
    System.arraycopy(body, open + 1, out, open + 1 + insert, length - open - 1);
    return out;
  }

  /** The body with the model's value replaced by {@code model}; the rest byte for byte as it came. */
  static byte[] rewrite(byte[] body, int length, Found found, String model) {
    byte[] value = quote(model);
    byte[] out = new byte[length - (found.end() - found.start()) + value.length];
    System.arraycopy(body, 0, out, 0, found.start());
    System.arraycopy(value, 0, out, found.start(), value.length);
    System.arraycopy(body, found.end(), out, found.start() + value.length, length - found.end());
    return out;
  }

  private Found scan() throws Malformed {
    skipSpace();
    if (pos >= length || b[pos] != '{') throw fail("expected a JSON object");
    pos++;
    Found found = Found.ABSENT;
    boolean sawStream = false;
    skipSpace();
    if (peek() == '}') {
      pos++;
    } else {
      while (true) {
        skipSpace();
        if (peek() != '"') throw fail("expected a field name");
        int keyStart = pos + 1;
        skipString();
        int keyEnd = pos - 1;
        skipSpace();
        expect(':');
        skipSpace();
        int valueStart = pos;
        boolean isString = peek() == '"';
        boolean isTrue = peek() == 't';
        skipValue(1);
        // Upstream parsers differ on which duplicate wins; we must not check one model (or shape) and send another.
        if (keyIs(keyStart, keyEnd, STREAM)) {
          if (sawStream) throw ambiguous("duplicate \"stream\" field", "stream");
          sawStream = true;
          found = found.streaming(isTrue);
        } else if (keyIs(keyStart, keyEnd, STREAM_OPTIONS)) {
          if (found.streamOptions()) throw ambiguous("duplicate \"stream_options\" field", "stream_options");
          found = found.withStreamOptions();
        } else if (keyIs(keyStart, keyEnd, MODEL)) {
          if (found.kind() != Kind.ABSENT) throw ambiguous("duplicate \"model\" field", "model");
          found = isString
              ? new Found(Kind.STRING, decode(valueStart, pos), valueStart, pos, found.stream(), found.streamOptions())
              : new Found(Kind.NOT_A_STRING, null, valueStart, pos, found.stream(), found.streamOptions());
        } else {
          refuseOtherCase(keyStart, keyEnd);
        }
        skipSpace();
        byte c = next();
        if (c == '}') break;
        if (c != ',') throw fail("expected ',' or '}'");
      }
    }
    skipSpace();
    if (pos != length) throw fail("unexpected content after the JSON object");
    return found;
  }

  private boolean keyIs(int start, int end, byte[] name) {
    // "mod\u0065l" is "model" to every JSON parser upstream, so it must be to us.
    for (int i = start; i < end; i++) {
      if (b[i] == '\\') return new String(name, StandardCharsets.US_ASCII).equals(decode(start - 1, end + 1));
    }
    if (end - start != name.length) return false;
    for (int i = 0; i < name.length; i++) if (b[start + i] != name[i]) return false;
    return true;
  }

  /** A key that is one of ours in another case ("Model", "STREAM"): only keys of their lengths are compared. */
  private void refuseOtherCase(int start, int end) throws Ambiguous {
    int length = end - start;
    boolean ascii = true;   // escapes and non-ASCII letters ("\u017Ftream" is "STREAM" upper-cased) are decoded
    for (int i = start; i < end && ascii; i++) ascii = b[i] != '\\' && b[i] >= 0;
    if (ascii && length != MODEL.length && length != STREAM.length && length != STREAM_OPTIONS.length) return;
    String key = ascii ? new String(b, start, length, StandardCharsets.ISO_8859_1) : decode(start - 1, end + 1);
    for (byte[] name : new byte[][] {MODEL, STREAM, STREAM_OPTIONS}) {
      String ours = new String(name, StandardCharsets.US_ASCII);
      if (key.equalsIgnoreCase(ours)) {
        throw ambiguous("field \"" + key + "\" is \"" + ours + "\" to parsers that ignore case", ours);
      }
    }
  }

  private Ambiguous ambiguous(String why, String field) { return new Ambiguous(why + " at byte " + pos, field); }

  private void skipValue(int depth) throws Malformed {
    if (depth > MAX_DEPTH) throw fail("nested too deeply");
    byte c = peek();
    switch (c) {
      case '"' -> skipString();
      case '{' -> skipContainer('}', depth, true);
      case '[' -> skipContainer(']', depth, false);
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) skipNumber();
        else throw fail("unexpected character");
      }
    }
  }

  private void skipContainer(char close, int depth, boolean object) throws Malformed {
    pos++;
    skipSpace();
    if (peek() == close) {
      pos++;
      return;
    }
    while (true) {
      skipSpace();
      if (object) {
        if (peek() != '"') throw fail("expected a field name");
        skipString();
        skipSpace();
        expect(':');
        skipSpace();
      }
      skipValue(depth + 1);
      skipSpace();
      byte c = next();
      if (c == close) return;
      if (c != ',') throw fail("expected ',' or '" + close + "'");
    }
  }

  private void skipString() throws Malformed {
    pos++;   // opening quote
    while (pos < length) {
      byte c = b[pos++];
      if (c == '"') return;
      if (c == '\\') {
        if (pos >= length) break;
        byte e = b[pos++];
        if (e == 'u') {
          for (int i = 0; i < 4; i++) {
            if (pos >= length || Character.digit(b[pos++], 16) < 0) throw fail("bad \\u escape");
          }
        } else if ("\"\\/bfnrt".indexOf(e) < 0) {
          throw fail("bad escape");
        }
      } else if ((c & 0xff) < 0x20) {
        throw fail("control character in a string");
      }
    }
    throw fail("unterminated string");
  }

  private void skipNumber() throws Malformed {
    int start = pos;
    if (peek() == '-') pos++;
    int firstDigit = pos;
    int digits = digits();
    if (digits == 0 || (digits > 1 && b[firstDigit] == '0')) throw fail("bad number");
    if (pos < length && b[pos] == '.') {
      pos++;
      if (digits() == 0) throw fail("bad number");
    }
    if (pos < length && (b[pos] == 'e' || b[pos] == 'E')) {
      pos++;
      if (pos < length && (b[pos] == '+' || b[pos] == '-')) pos++;
      if (digits() == 0) throw fail("bad number");
    }
    if (pos == start) throw fail("bad number");
  }

  private int digits() {
    int start = pos;
    while (pos < length && b[pos] >= '0' && b[pos] <= '9') pos++;
    return pos - start;
  }

  private void literal(String word) throws Malformed {
    for (int i = 0; i < word.length(); i++) {
      if (pos >= length || b[pos++] != word.charAt(i)) throw fail("unexpected literal");
    }
  }

  private void skipSpace() {
    while (pos < length) {
      byte c = b[pos];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
      pos++;
    }
  }

  private byte peek() throws Malformed {
    if (pos >= length) throw fail("unexpected end of body");
    return b[pos];
  }

  private byte next() throws Malformed {
    byte c = peek();
    pos++;
    return c;
  }

  private void expect(char c) throws Malformed {
    if (next() != c) throw fail("expected '" + c + "'");
  }

  private Malformed fail(String why) { return new Malformed(why + " at byte " + pos); }

  /** A JSON string's value; model names are almost always plain, so the escape path is rare. */
  private String decode(int start, int end) {
    boolean plain = true;
    for (int i = start + 1; i < end - 1; i++) if (b[i] == '\\') { plain = false; break; }
    if (plain) return new String(b, start + 1, end - start - 2, StandardCharsets.UTF_8);
    return JsonIo.parse("[" + new String(b, start, end - start, StandardCharsets.UTF_8) + "]").asJsonArray().getString(0);
  }

  static byte[] quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    return out.append('"').toString().getBytes(StandardCharsets.UTF_8);
  }
}
