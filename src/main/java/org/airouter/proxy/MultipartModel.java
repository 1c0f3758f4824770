package org.airouter.proxy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code model} form field of a multipart/form-data body, streaming past file parts. */
final class MultipartModel {
  private static final Pattern BOUNDARY = Pattern.compile("boundary=(\"([^\"]+)\"|[^;\\s]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern MODEL_FIELD = Pattern.compile("content-disposition:.*\\bname=\"?model\"?(;|\\s|$)",
      Pattern.CASE_INSENSITIVE);
  private static final int MAX_LINE = 8192;

  private MultipartModel() {}

  static String boundary(String contentType) {
    if (contentType == null) return null;
    Matcher m = BOUNDARY.matcher(contentType);
    if (!m.find()) return null;
    return m.group(2) != null ? m.group(2) : m.group(1);
  }

  /** The model field's value, or null if the body has none. */
  static String find(InputStream body, String boundary) throws IOException {
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    try (InputStream in = new BufferedInputStream(body, 64 * 1024)) {
      LineReader lines = new LineReader(in);
      byte[] line;
      while ((line = lines.next()) != null) {
        if (!startsWith(line, delimiter)) continue;
        boolean isModel = false;
        while ((line = lines.next()) != null && line.length > 0) {
          if (MODEL_FIELD.matcher(new String(line, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT)).find()) isModel = true;
        }
        if (!isModel) continue;
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        boolean first = true;
        while ((line = lines.next()) != null && !startsWith(line, delimiter)) {
          if (!first) value.write('\r');
          if (!first) value.write('\n');
          value.write(line, 0, line.length);
          first = false;
          if (value.size() > 1024) return null;   // not a model name
        }
        return value.toString(StandardCharsets.UTF_8).trim();
      }
      return null;
    }
  }

  private static boolean startsWith(byte[] line, byte[] prefix) {
    if (line.length < prefix.length) return false;
    for (int i = 0; i < prefix.length; i++) if (line[i] != prefix[i]) return false;
    return true;
  }

  /** CRLF-separated lines; a line longer than the limit (file content) is cut, which never hides a delimiter. */
  private static final class LineReader {
    private final InputStream in;
    private final byte[] buffer = new byte[MAX_LINE];

    LineReader(InputStream in) { this.in = in; }

    byte[] next() throws IOException {
      int length = 0;
      int c;
      boolean any = false;
      while ((c = in.read()) != -1) {
        any = true;
        if (c == '\n') break;
        if (length < MAX_LINE) buffer[length++] = (byte) c;
      }
      if (!any) return null;
      if (length > 0 && buffer[length - 1] == '\r') length--;
      return java.util.Arrays.copyOf(buffer, length);
    }
  }
}
