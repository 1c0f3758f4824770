package org.airouter.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartModelTest {
  private static final String BOUNDARY = "----airouterBoundary7MA4YWxkTrZu0gW";

  @Test
  void boundaryIsReadUnquotedAndQuoted() {
    assertEquals("abc123", MultipartModel.boundary("multipart/form-data; boundary=abc123"));
    assertEquals("abc123", MultipartModel.boundary("multipart/form-data;boundary=abc123; charset=utf-8"));
    assertEquals("a b;c=d", MultipartModel.boundary("multipart/form-data; boundary=\"a b;c=d\""));
    assertEquals("XyZ", MultipartModel.boundary("Multipart/Form-Data; BOUNDARY=XyZ"));
  }

  @Test
  void missingBoundaryIsNull() {
    assertNull(MultipartModel.boundary(null));
    assertNull(MultipartModel.boundary("multipart/form-data"));
  }

  @Test
  void modelBeforeALargeBinaryFileIsFound() throws Exception {
    byte[] body = new Form().field("model", "whisper-1").file("file", "audio.wav", noisyBytes()).end();
    assertEquals("whisper-1", MultipartModel.find(new ByteArrayInputStream(body), BOUNDARY));
  }

  @Test
  void modelAfterALargeBinaryFileIsFound() throws Exception {
    byte[] body = new Form().field("language", "en").file("file", "audio.wav", noisyBytes())
        .field("model", "gpt-4o-transcribe").field("prompt", "hello").end();
    assertEquals("gpt-4o-transcribe", MultipartModel.find(new ByteArrayInputStream(body), BOUNDARY));
  }

  @Test
  void bodyWithoutModelIsNull() throws Exception {
    byte[] body = new Form().field("language", "en").file("file", "audio.wav", noisyBytes()).end();
    assertNull(MultipartModel.find(new ByteArrayInputStream(body), BOUNDARY));
  }

  @Test
  void aFileNamedModelIsNotTheModelField() throws Exception {
    byte[] body = new Form().file("file", "model", "not-a-model".getBytes(StandardCharsets.US_ASCII))
        .field("model_version", "2").field("model", "tts-1").end();
    assertEquals("tts-1", MultipartModel.find(new ByteArrayInputStream(body), BOUNDARY));
  }

  @Test
  void unquotedFieldNameAndSurroundingSpaceAreAccepted() throws Exception {
    String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=model\r\n\r\n  whisper-1 \r\n--"
        + BOUNDARY + "--\r\n";
    assertEquals("whisper-1",
        MultipartModel.find(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), BOUNDARY));
  }

  /** 3 MB of random bytes with CR, LF, CRLF and near-delimiters scattered through them. */
  private static byte[] noisyBytes() {
    byte[] bytes = new byte[3 * 1024 * 1024];
    Random random = new Random(42);
    random.nextBytes(bytes);
    byte[] nearDelimiter = ("\r\n--" + BOUNDARY.substring(0, 10)).getBytes(StandardCharsets.US_ASCII);
    for (int at = 1000; at + 64 < bytes.length; at += 50_000) {
      bytes[at] = '\r';
      bytes[at + 1] = '\n';
      bytes[at + 7] = '\n';
      System.arraycopy(nearDelimiter, 0, bytes, at + 20, nearDelimiter.length);
    }
    return bytes;
  }

  private static final class Form {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Form field(String name, String value) {
      write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
      return this;
    }

    Form file(String name, String filename, byte[] content) {
      write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
          + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
      out.writeBytes(content);
      write("\r\n");
      return this;
    }

    byte[] end() {
      write("--" + BOUNDARY + "--\r\n");
      return out.toByteArray();
    }

    private void write(String s) { out.writeBytes(s.getBytes(StandardCharsets.UTF_8)); }
  }
}
