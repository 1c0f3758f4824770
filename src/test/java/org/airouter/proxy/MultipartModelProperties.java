package org.airouter.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The streaming multipart reader against a whole-body reference written from RFC 2046/7578 as plainly as possible
 * (find every "--boundary", check each is a delimiter, cut the parts, split their headers on CRLF), over generated
 * bodies: short boundaries that collide with content, names in other cases and spellings, duplicated parts and
 * headers, bytes inserted, removed or replaced anywhere, and the body handed over in chunks of random sizes.
 * Parameter values are read with {@link HeaderValue} on both sides; its own cases are in MultipartModelTest.
 */
class MultipartModelProperties {
  static final String REFUSED = "(refused)";

  record Body(byte[] bytes, String boundary, long chunkSeed) {
    @Override public String toString() {
      return "boundary=" + boundary + "\n" + new String(bytes, StandardCharsets.ISO_8859_1).replace("\r", "\\r");
    }
  }

  @Property(tries = 1000)
  void theStreamingReadingIsTheReferences(@ForAll("bodies") Body body) {
    String expected = Reference.read(body.bytes(), body.boundary());
    net.jqwik.api.statistics.Statistics.collect(expected == REFUSED ? "refused" : expected == null ? "no model" : "model");
    assertEquals(expected, streaming(body));
  }

  private static String streaming(Body body) {
    try {
      return MultipartModel.find(new Chunks(body.bytes(), new Random(body.chunkSeed())), body.boundary());
    } catch (MultipartModel.Refused e) {
      return REFUSED;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Provide Arbitrary<Body> bodies() { return Arbitraries.randomValue(MultipartModelProperties::body); }

  private static Body body(Random r) {
    String bchars = "ab1-_'()+,./:=? ";
    StringBuilder boundary = new StringBuilder();
    for (int i = 1 + (r.nextInt(3) == 0 ? 0 : r.nextInt(12)); i > 0; i--) boundary.append(bchars.charAt(r.nextInt(bchars.length())));
    while (boundary.length() > 0 && boundary.charAt(boundary.length() - 1) == ' ') boundary.setLength(boundary.length() - 1);
    if (boundary.length() == 0) boundary.append('z');
    String b = boundary.toString();
    String[] names = {"model", "file", "file", "prompt", "prompt", "models", "x", "Model", "\"mod\\el\"", "%6Dodel"};
    String[] values = {"gpt-4o", "whisper-1", " tts-1 ", "", "a\r\nb", "gpt-4o", "-", "\r", "\u00e9", "--" + b, "m".repeat(1030)};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (r.nextInt(8) == 0) out.writeBytes("preamble\r\n".getBytes(StandardCharsets.ISO_8859_1));
    for (int p = r.nextInt(5); p > 0; p--) {
      String name = r.nextInt(4) == 0 ? "model" : names[r.nextInt(r.nextInt(3) == 0 ? names.length : 7)];
      StringBuilder head = new StringBuilder("--").append(b).append("\r\n");
      String cd = r.nextInt(6) == 0 ? "content-disposition" : "Content-Disposition";
      head.append(cd).append(": form-data; name=").append(name.startsWith("\"") || r.nextBoolean() && name.indexOf('%') < 0
          ? (name.startsWith("\"") ? name : "\"" + name + "\"") : name);
      if (r.nextInt(5) == 0) head.append("; filename=\"f.wav\"");
      head.append("\r\n");
      if (r.nextInt(5) == 0) head.append("Content-Type: ").append(r.nextBoolean() ? "text/plain; charset=utf-8" : "audio/wav").append("\r\n");
      if (r.nextInt(12) == 0) head.append(cd).append(": form-data; name=\"y\"\r\n");
      head.append("\r\n").append(values[r.nextInt(values.length)]).append("\r\n");
      out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + b + "--" + (r.nextBoolean() ? "\r\n" : "")).getBytes(StandardCharsets.ISO_8859_1));
    byte[] bytes = out.toByteArray();
    for (int d = r.nextInt(3) == 0 ? 1 + r.nextInt(2) : 0; d > 0 && bytes.length > 1; d--) bytes = damage(bytes, r, b);
    return new Body(bytes, b, r.nextLong());
  }

  private static byte[] damage(byte[] bytes, Random r, String boundary) {
    byte[] pool = ("\r\n-\t :;\"" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    int at = r.nextInt(bytes.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, at);
    switch (r.nextInt(3)) {
      case 0 -> out.write(pool[r.nextInt(pool.length)]);                 // insert
      case 1 -> at++;                                                    // remove
      default -> { out.write(pool[r.nextInt(pool.length)]); at++; }      // replace
    }
    out.write(bytes, at, bytes.length - at);
    return out.toByteArray();
  }

  /** The body in reads of 1 to 40 bytes, so that every delimiter and header line is cut somewhere. */
  static final class Chunks extends InputStream {
    private final byte[] bytes;
    private final Random random;
    private int position;

    Chunks(byte[] bytes, Random random) {
      this.bytes = bytes;
      this.random = random;
    }

    @Override public int read() { return position < bytes.length ? bytes[position++] & 0xff : -1; }

    @Override public int read(byte[] b, int off, int len) {
      if (position >= bytes.length) return -1;
      int n = Math.min(Math.min(len, 1 + random.nextInt(40)), bytes.length - position);
      System.arraycopy(bytes, position, b, off, n);
      position += n;
      return n;
    }
  }

  /** RFC 2046 §5.1.1 and RFC 7578 on the whole body at once, with the router's rules for what is ambiguous. */
  static final class Reference {
    static String read(byte[] bytes, String boundary) {
      String s = new String(bytes, StandardCharsets.ISO_8859_1);
      String d = "--" + boundary;
      List<Integer> at = new ArrayList<>();
      for (int i = s.indexOf(d); i >= 0; i = s.indexOf(d, i + d.length())) at.add(i);
      if (at.isEmpty()) return REFUSED;
      if (at.get(0) != 0 && !s.startsWith("\r\n", at.get(0) - 2)) return REFUSED;
      String model = null;
      for (int k = 0; k < at.size(); k++) {
        int end = at.get(k) + d.length();
        if (s.startsWith("--", end)) {                        // the close delimiter: the last occurrence
          if (k != at.size() - 1) return REFUSED;
          String rest = s.substring(end + 2);
          return rest.isEmpty() || rest.startsWith("\r\n") ? model : REFUSED;
        }
        if (!s.startsWith("\r\n", end) || k + 1 == at.size()) return REFUSED;
        int next = at.get(k + 1);
        if (next - 2 < end + 2 || !s.startsWith("\r\n", next - 2)) return REFUSED;
        String part = s.substring(end + 2, next - 2);
        int split = part.indexOf("\r\n\r\n");
        if (split < 0 && !part.endsWith("\r\n")) return REFUSED;
        String value;
        String headerText;
        if (split < 0) return REFUSED;
        headerText = part.substring(0, split);
        value = part.substring(split + 4);
        String name = partName(headerText);
        if (name == REFUSED) return REFUSED;
        if (name == null) continue;
        if (model != null) return REFUSED;
        byte[] raw = value.getBytes(StandardCharsets.ISO_8859_1);
        if (raw.length > MultipartModel.MAX_MODEL_BYTES) return REFUSED;
        try {
          model = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(raw)).toString().trim();
        } catch (CharacterCodingException e) {
          return REFUSED;
        }
      }
      return REFUSED;   // no close delimiter
    }

    /** A name as a percent-decoding parser reads it; a broken escape decodes to nothing like "model". */
    private static String percentDecoded(String name) {
      try {
        return URLDecoder.decode(name.replace("+", "%2B"), StandardCharsets.ISO_8859_1);
      } catch (IllegalArgumentException brokenEscape) {
        return name;
      }
    }

    /** null for a field other than model, "model" for the model field, REFUSED for headers that are ambiguous. */
    private static String partName(String headerText) {
      Map<String, String> headers = new HashMap<>();
      if (headerText.isEmpty()) return REFUSED;
      for (String line : headerText.split("\r\n", -1)) {
        if (line.isEmpty() || line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) return REFUSED;
        if (line.charAt(0) == ' ' || line.charAt(0) == '\t') return REFUSED;
        for (char c : line.toCharArray()) if (c != '\t' && c < 0x20 || c == 0x7f) return REFUSED;
        int colon = line.indexOf(':');
        if (colon <= 0) return REFUSED;
        String name = line.substring(0, colon);
        for (char c : name.toCharArray()) if (!HeaderValue.isTokenChar(c)) return REFUSED;
        if (headers.put(name.toLowerCase(Locale.ROOT), line.substring(colon + 1).strip()) != null) return REFUSED;
      }
      try {
        String cdText = headers.get("content-disposition");
        if (cdText == null) return REFUSED;
        HeaderValue cd = HeaderValue.parse(cdText, false);
        if (!cd.type().equals("form-data") || cd.param("name*") != null || cd.param("name") == null) return REFUSED;
        HeaderValue.Param name = cd.param("name");
        if (!name.value().equals("model")) {
          boolean like = name.value().equalsIgnoreCase("model") || name.quoted() && name.raw().equalsIgnoreCase("model")
              || percentDecoded(name.value()).equalsIgnoreCase("model");
          return like ? REFUSED : null;
        }
        if (name.escaped() || cd.param("filename") != null || cd.param("filename*") != null) return REFUSED;
        String type = headers.get("content-type");
        if (type != null) {
          HeaderValue ct = HeaderValue.parse(type, true);
          HeaderValue.Param charset = ct.param("charset");
          if (!ct.type().equals("text/plain") || charset != null && !charset.value().equalsIgnoreCase("utf-8")
              && !charset.value().equalsIgnoreCase("us-ascii")) return REFUSED;
        }
        String cte = headers.get("content-transfer-encoding");
        if (cte != null && !List.of("7bit", "8bit", "binary").contains(cte.toLowerCase(Locale.ROOT))) return REFUSED;
        return "model";
      } catch (HeaderValue.Malformed | IllegalArgumentException e) {
        return REFUSED;
      }
    }
  }
}
