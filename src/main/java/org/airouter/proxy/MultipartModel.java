package org.airouter.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the {@code model} field of a multipart/form-data body (RFC 7578 over RFC 2046), streaming past file parts.
 *
 * <p>The upstream reads the same bytes with a parser of its own, so whatever two parsers could read differently is
 * refused rather than guessed: the boundary string anywhere but at a delimiter (parsers that split on bare LF, on
 * {@code --boundary} without CRLF or on a longer boundary would see other parts), padding after a delimiter, no
 * closing delimiter, part headers with bare CR or LF, folded or without a colon, a header given twice, a
 * Content-Disposition that is not plain {@code form-data; name=...}, {@code name*}, and a second field named
 * {@code model} or one named so in another case or spelling ({@code Model}, {@code mod\el}, {@code %6Dodel}). The
 * field name itself is compared exactly, as RFC 7578 says.
 */
final class MultipartModel {
  static final int MAX_MODEL_BYTES = 1024;
  private static final int MAX_HEADER_BYTES = 16 * 1024;
  private static final String BCHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ";

  /** A body the router will not guess about; the message says why, {@code code} is the client-visible code. */
  static final class Refused extends Exception {
    final String code;
    final String param;

    Refused(String message, String code, String param) {
      super(message, null, false, false);
      this.code = code;
      this.param = param;
    }

    static Refused malformed(String why) { return new Refused(why, "invalid_multipart", null); }

    static Refused ambiguousModel(String why) { return new Refused(why, "ambiguous_field", "model"); }
  }

  private MultipartModel() {}

  /**
   * The boundary of a multipart/form-data Content-Type, or null for another type. A form-data type without one
   * valid boundary parameter (RFC 2046 §5.1.1: 1 to 70 of its characters, not ending in a space) is refused.
   */
  static String boundary(String contentType) throws Refused {
    if (contentType == null) return null;
    HeaderValue value;
    try {
      value = HeaderValue.parse(contentType, true);
    } catch (HeaderValue.Malformed e) {
      throw Refused.malformed("Content-Type: " + e.getMessage());
    }
    if (!value.type().equals("multipart/form-data")) return null;
    if (value.param("boundary*") != null) throw Refused.malformed("Content-Type: boundary* is not accepted");
    HeaderValue.Param param = value.param("boundary");
    if (param == null) throw Refused.malformed("Content-Type: multipart/form-data without a boundary");
    String boundary = param.value();
    boolean valid = !boundary.isEmpty() && boundary.length() <= 70 && !boundary.endsWith(" ");
    for (int i = 0; valid && i < boundary.length(); i++) valid = BCHARS.indexOf(boundary.charAt(i)) >= 0;
    if (!valid) throw Refused.malformed("Content-Type: the boundary is not 1 to 70 characters RFC 2046 allows");
    return boundary;
  }

  /** The model field's value (surrounding white space removed), or null if the body has none. */
  static String find(InputStream body, String boundary) throws IOException, Refused {
    Scan scan = new Scan(boundary.getBytes(StandardCharsets.US_ASCII));
    byte[] buffer = new byte[64 * 1024];
    try (body) {
      for (int n; (n = body.read(buffer)) >= 0; ) scan.accept(buffer, n);
    }
    return scan.finish();
  }

  /** The body's bytes in order, however they are cut: delimiters found with KMP, part headers read line by line. */
  private static final class Scan {
    private enum State { PREAMBLE, AFTER_DELIMITER, HEADERS, CONTENT, AFTER_CLOSE, EPILOGUE }

    private final byte[] delimiter;   // "--" + boundary
    private final int[] fallback;
    private State state = State.PREAMBLE;
    private long position;            // of the byte being read
    private int matched;
    private long lastCrlfEnd = -1;
    private boolean previousCr;
    private final byte[] pair = new byte[2];   // what follows a delimiter: CRLF or "--"
    private int pairLength;
    private final byte[] line = new byte[MAX_HEADER_BYTES];
    private int lineLength;
    private int headerBytes;
    private final Map<String, String> headers = new HashMap<>();
    private long contentStart;
    private byte[] value;             // the model part's content, while in it
    private int valueLength;
    private String model;

    Scan(byte[] boundary) {
      delimiter = new byte[boundary.length + 2];
      delimiter[0] = '-';
      delimiter[1] = '-';
      System.arraycopy(boundary, 0, delimiter, 2, boundary.length);
      fallback = new int[delimiter.length];
      for (int i = 1, k = 0; i < delimiter.length; i++) {
        while (k > 0 && delimiter[i] != delimiter[k]) k = fallback[k - 1];
        if (delimiter[i] == delimiter[k]) k++;
        fallback[i] = k;
      }
    }

    void accept(byte[] bytes, int length) throws Refused {
      for (int i = 0; i < length; i++, position++) {
        byte b = bytes[i];
        while (matched > 0 && b != delimiter[matched]) matched = fallback[matched - 1];
        if (b == delimiter[matched]) matched++;
        if (previousCr && b == '\n') lastCrlfEnd = position + 1;
        previousCr = b == '\r';
        byteIn(b);
        if (matched == delimiter.length) {
          matched = 0;
          delimiterAt(position - delimiter.length + 1);
        }
      }
    }

    String finish() throws Refused {
      if (state != State.AFTER_CLOSE && state != State.EPILOGUE) {
        throw Refused.malformed("the body ends before its closing boundary");
      }
      if (state == State.AFTER_CLOSE && pairLength > 0) throw Refused.malformed("bytes right after the closing boundary");
      return model;
    }

    private void byteIn(byte b) throws Refused {
      switch (state) {
        case AFTER_DELIMITER -> {
          pair[pairLength++] = b;
          if (pairLength < 2) return;
          pairLength = 0;
          if (pair[0] == '\r' && pair[1] == '\n') {
            state = State.HEADERS;
            headers.clear();
            headerBytes = 0;
          } else if (pair[0] == '-' && pair[1] == '-') {
            state = State.AFTER_CLOSE;
          } else {
            throw Refused.malformed("a boundary followed by something other than CRLF or '--'");
          }
        }
        case HEADERS -> headerByte(b);
        case CONTENT -> {
          if (value != null && valueLength < value.length) value[valueLength++] = b;
        }
        case AFTER_CLOSE -> {
          pair[pairLength++] = b;
          if (pairLength == 2) {
            if (pair[0] != '\r' || pair[1] != '\n') throw Refused.malformed("bytes right after the closing boundary");
            state = State.EPILOGUE;
          }
        }
        default -> { }   // preamble and epilogue carry nothing (but may not hold the boundary: see delimiterAt)
      }
    }

    private void delimiterAt(long at) throws Refused {
      boolean lineStart = at == 0 || lastCrlfEnd == at;
      if (state == State.PREAMBLE && lineStart) {
        state = State.AFTER_DELIMITER;
      } else if (state == State.CONTENT && lineStart && at - 2 >= contentStart) {
        if (value != null) modelValue((int) (at - 2 - contentStart));
        state = State.AFTER_DELIMITER;
      } else {
        throw Refused.malformed("the boundary string occurs inside the body, not as a delimiter");
      }
    }

    private void headerByte(byte b) throws Refused {
      if (++headerBytes > MAX_HEADER_BYTES) throw Refused.malformed("part headers longer than " + MAX_HEADER_BYTES);
      if (b == '\n') {
        if (lineLength == 0 || line[lineLength - 1] != '\r') throw Refused.malformed("a bare LF in part headers");
        lineLength--;
        if (lineLength == 0) {
          partHeadersEnd();
        } else {
          headerLine(new String(line, 0, lineLength, StandardCharsets.ISO_8859_1));
          lineLength = 0;
        }
        return;
      }
      if (lineLength > 0 && line[lineLength - 1] == '\r') throw Refused.malformed("a bare CR in part headers");
      if (b != '\r' && b != '\t' && (b & 0xff) < 0x20 || b == 0x7f) {
        throw Refused.malformed("a control character in part headers");
      }
      line[lineLength++] = b;
    }

    private void headerLine(String text) throws Refused {
      if (text.charAt(0) == ' ' || text.charAt(0) == '\t') throw Refused.malformed("a folded part header");
      int colon = text.indexOf(':');
      if (colon <= 0) throw Refused.malformed("a part header line without a name and ':'");
      String name = text.substring(0, colon);
      for (int i = 0; i < name.length(); i++) {
        if (!HeaderValue.isTokenChar(name.charAt(i))) throw Refused.malformed("a part header name that is not a token");
      }
      String key = name.toLowerCase(Locale.ROOT);
      if (headers.put(key, text.substring(colon + 1).strip()) != null) {
        throw Refused.malformed("part header " + name + " given twice");
      }
    }

    private void partHeadersEnd() throws Refused {
      state = State.CONTENT;
      contentStart = position + 1;
      lineLength = 0;
      value = null;
      String disposition = headers.get("content-disposition");
      if (disposition == null) throw Refused.malformed("a part without Content-Disposition");
      HeaderValue cd = parse(disposition, false, "Content-Disposition");
      if (!cd.type().equals("form-data")) throw Refused.malformed("a part whose disposition is not form-data");
      if (cd.param("name*") != null) throw Refused.malformed("name* in Content-Disposition");
      HeaderValue.Param name = cd.param("name");
      if (name == null) throw Refused.malformed("a part without a name");
      if (!name.value().equals("model")) {
        if (looksLikeModel(name)) {
          throw Refused.ambiguousModel("a field named '" + name.value() + "' is not 'model' here but may be upstream");
        }
        return;
      }
      if (name.escaped()) throw Refused.ambiguousModel("the model field's name is written with quoted-pairs");
      if (model != null) throw Refused.ambiguousModel("more than one model field");
      if (cd.param("filename") != null || cd.param("filename*") != null) {
        throw Refused.ambiguousModel("the model field is a file");
      }
      String type = headers.get("content-type");
      if (type != null) {
        HeaderValue ct = parse(type, true, "Content-Type");
        HeaderValue.Param charset = ct.param("charset");
        if (!ct.type().equals("text/plain") || charset != null
            && !charset.value().equalsIgnoreCase("utf-8") && !charset.value().equalsIgnoreCase("us-ascii")) {
          throw Refused.ambiguousModel("the model field is not UTF-8 text/plain");
        }
      }
      String encoding = headers.get("content-transfer-encoding");
      if (encoding != null && !encoding.equalsIgnoreCase("7bit") && !encoding.equalsIgnoreCase("8bit")
          && !encoding.equalsIgnoreCase("binary")) {
        throw Refused.ambiguousModel("the model field has a Content-Transfer-Encoding");
      }
      value = new byte[MAX_MODEL_BYTES + delimiter.length + 2];
      valueLength = 0;
    }

    private void modelValue(int length) throws Refused {
      if (length > MAX_MODEL_BYTES) throw Refused.ambiguousModel("the model field is longer than " + MAX_MODEL_BYTES);
      try {
        model = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value, 0, length)).toString().trim();
      } catch (CharacterCodingException e) {
        throw Refused.ambiguousModel("the model field is not UTF-8");
      }
      value = null;
    }

    private static HeaderValue parse(String value, boolean withSubtype, String header) throws Refused {
      try {
        return HeaderValue.parse(value, withSubtype);
      } catch (HeaderValue.Malformed e) {
        throw Refused.malformed("part header " + header + ": " + e.getMessage());
      }
    }

    /** "model" to a parser that ignores case, undoes quoted-pairs or percent-escapes. */
    private static boolean looksLikeModel(HeaderValue.Param name) {
      return name.value().equalsIgnoreCase("model")
          || name.quoted() && name.raw().equalsIgnoreCase("model")
          || name.value().indexOf('%') >= 0 && percentDecoded(name.value()).equalsIgnoreCase("model");
    }

    private static String percentDecoded(String s) {
      StringBuilder out = new StringBuilder(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '%' && i + 2 < s.length()) {
          int hi = Character.digit(s.charAt(i + 1), 16);
          int lo = Character.digit(s.charAt(i + 2), 16);
          if (hi >= 0 && lo >= 0) {
            out.append((char) (hi * 16 + lo));
            i += 2;
            continue;
          }
        }
        out.append(c);
      }
      return out.toString();
    }
  }
}
