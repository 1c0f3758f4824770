package org.airouter.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultipartModelTest {
  private static final String BOUNDARY = "----airouterBoundary7MA4YWxkTrZu0gW";

  @Test
  void boundaryIsReadUnquotedAndQuoted() throws Exception {
    assertEquals("abc123", MultipartModel.boundary("multipart/form-data; boundary=abc123"));
    assertEquals("abc123", MultipartModel.boundary("multipart/form-data;boundary=abc123; charset=utf-8"));
    assertEquals("a b:c=d", MultipartModel.boundary("multipart/form-data; boundary=\"a b:c=d\""));
    assertEquals("XyZ", MultipartModel.boundary("Multipart/Form-Data; BOUNDARY=XyZ"));
  }

  @Test
  void anotherTypeHasNoBoundary() throws Exception {
    assertNull(MultipartModel.boundary(null));
    assertNull(MultipartModel.boundary("multipart/mixed; boundary=abc"));
  }

  /** Issue 14: "xboundary=" was read as the boundary; so was the first of two. */
  @ParameterizedTest
  @ValueSource(strings = {
      "multipart/form-data", "multipart/form-data; xboundary=abc", "multipart/form-data; boundary=a; boundary=b",
      "multipart/form-data; boundary=a; BOUNDARY=b", "multipart/form-data; boundary*=utf-8''abc",
      "multipart/form-data; boundary = abc", "multipart/form-data; boundary=\"a;b\"", "multipart/form-data; boundary=\"\"",
      "multipart/form-data; boundary=\"ab \"", "multipart/form-data; boundary=\"abc", "multipart/form-data; charset",
      "multipart/form-data boundary=abc",
      "multipart/form-data; boundary=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
  void aMissingOrAmbiguousBoundaryIsRefused(String contentType) {
    assertThrows(MultipartModel.Refused.class, () -> MultipartModel.boundary(contentType));
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
    assertEquals("whisper-1", find(body));
  }

  @Test
  void headerNamesIgnoreCaseAndAPreambleAndEpilogueAreAllowed() throws Exception {
    String body = "ignored preamble\r\n--" + BOUNDARY + "\r\ncontent-DISPOSITION: form-data; name=\"model\"\r\n"
        + "Content-Type: text/plain; charset=UTF-8\r\n\r\ntts-1\r\n--" + BOUNDARY + "--\r\nepilogue";
    assertEquals("tts-1", find(body));
  }

  @Test
  void anEmptyModelFieldIsEmpty() throws Exception {
    assertEquals("", find(new String(new Form().field("model", "").end(), StandardCharsets.UTF_8)));
  }

  /** Issue 14: the first of two model fields was checked, and an upstream that takes the last got another model. */
  @Test
  void twoModelFieldsAreRefused() {
    byte[] body = new Form().field("model", "whisper-1").file("file", "a.wav", noisyBytes())
        .field("model", "gpt-4o-transcribe").end();
    refused(body, "ambiguous_field");
  }

  /** Part headers as each trick of issue 14 and its relatives wrote them; each is refused. */
  @ParameterizedTest
  @ValueSource(strings = {
      "Content-Disposition: form-data; name=\"Model\"",           // a case-insensitive upstream reads "model"
      "Content-Disposition: form-data; name=\"MODEL\"",
      "Content-Disposition: form-data; name=\"mod\\el\"",        // quoted-pair: "model" once unescaped
      "Content-Disposition: form-data; name=\"%6Dodel\"",         // percent-decoding upstreams
      "Content-Disposition: form-data; name*=utf-8''model",        // RFC 2231 form
      "Content-Disposition: form-data; name=\"x\"; name=\"model\"", // which name wins is the parser's choice
      "Content-Disposition: form-data; name=\"x\"\r\nContent-Disposition: form-data; name=\"model\"",
      "Content-Disposition: form-data; name=\"x\"\r\n ; name=\"model\"",   // folded
      "Content-Disposition : form-data; name=\"model\"",          // space before the colon
      "Content-Disposition: attachment; name=\"model\"",
      "Content-Type: text/plain",                                  // no Content-Disposition at all
      "Content-Disposition: form-data; name=\"model\"; filename=\"m.txt\"",
      "Content-Disposition: form-data; name=\"model\"\r\nContent-Transfer-Encoding: base64",
      "Content-Disposition: form-data; name=\"model\"\r\nContent-Type: text/plain; charset=utf-16",
      "Content-Disposition: form-data; name=\"model\"\nX-Bare: lf",
      "Content-Disposition: form-data; name=\"model\"\rX-Bare: cr",
      "Content-Disposition: form-data; name=model x"})
  void ambiguousPartHeadersAreRefused(String headers) {
    String body = "--" + BOUNDARY + "\r\n" + headers + "\r\n\r\nwhisper-1\r\n--" + BOUNDARY + "--\r\n";
    assertThrows(MultipartModel.Refused.class, () -> find(body));
  }

  /** Bodies that parsers split into different parts; refused whichever way this reader would have read them. */
  @ParameterizedTest
  @ValueSource(strings = {
      "--B\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\n--B\r\n"      // a delimiter after bare LF
          + "Content-Disposition: form-data; name=\"model\"\r\n\r\ngpt-4\r\n--B--\r\n",
      "--B\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx--B\r\n"          // not at a line start
          + "Content-Disposition: form-data; name=\"model\"\r\n\r\ngpt-4\r\n--B--\r\n",
      "--B\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--BB\r\n"     // a longer boundary
          + "Content-Disposition: form-data; name=\"model\"\r\n\r\ngpt-4\r\n--B--\r\n",
      "--B \r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ngpt-4\r\n--B--\r\n", // padding
      "--B\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ngpt-4\r\n--B--\r\n--B\r\n"  // after close
          + "Content-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n--B--\r\n",
      "--B\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ngpt-4\r\n",          // no close
      "--B\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n--B--\r\n",        // headers, no body
      "--B\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ngpt-4\r\n--B--x",
      "no delimiter at all"})
  void bodiesSplitDifferentlyByOtherParsersAreRefused(String body) {
    assertThrows(MultipartModel.Refused.class,
        () -> MultipartModel.find(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), "B"));
  }

  /** Issue 14: "content-disposition:" was matched anywhere in any header line. */
  @Test
  void onlyTheContentDispositionHeaderNamesThePart() throws Exception {
    String body = "--" + BOUNDARY + "\r\nX-Note: content-disposition: form-data; name=model\r\n"
        + "Content-Disposition: form-data; name=\"prompt\"\r\n\r\nwhisper-1\r\n--" + BOUNDARY + "--\r\n";
    assertNull(find(body));
  }

  @Test
  void aModelFieldLongerThanAnyModelNameOrNotUtf8IsRefused() {
    refused(new Form().field("model", "m".repeat(MultipartModel.MAX_MODEL_BYTES + 1)).end(), "ambiguous_field");
    byte[] latin1 = new Form().field("model", "gpt-\u00e9").end();
    byte[] asLatin1 = new String(latin1, StandardCharsets.UTF_8).getBytes(StandardCharsets.ISO_8859_1);
    refused(asLatin1, "ambiguous_field");
  }

  @Test
  void fieldsNamedLikeModelButNotSoAreIgnored() throws Exception {
    byte[] body = new Form().field("models", "x").field("model_version", "2").field("mode", "y")
        .field("model", "tts-1").end();
    assertEquals("tts-1", MultipartModel.find(new ByteArrayInputStream(body), BOUNDARY));
  }

  private static String find(String body) throws Exception {
    return MultipartModel.find(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), BOUNDARY);
  }

  private static void refused(byte[] body, String code) {
    MultipartModel.Refused e = assertThrows(MultipartModel.Refused.class,
        () -> MultipartModel.find(new ByteArrayInputStream(body), BOUNDARY));
    assertEquals(code, e.code, e.getMessage());
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
