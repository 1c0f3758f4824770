package org.airouter.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonModelTest {

  private static JsonModel.Found find(String body) throws JsonModel.Malformed {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return JsonModel.find(bytes, bytes.length);
  }

  @Test
  void findsTheTopLevelModelAndNotNestedOnes() throws Exception {
    String body = "{\"messages\":[{\"role\":\"user\",\"model\":\"nested-in-array\"}],"
        + "\"metadata\":{\"model\":\"nested-in-object\"},\"model\":\"gpt-4o\",\"stream\":true}";
    JsonModel.Found found = find(body);
    assertEquals(JsonModel.Kind.STRING, found.kind());
    assertEquals("gpt-4o", found.model());
    assertEquals("\"gpt-4o\"", body.substring(found.start(), found.end()));
  }

  @Test
  void nestedModelAloneIsAbsent() throws Exception {
    JsonModel.Found found = find("{\"metadata\":{\"model\":\"x\"},\"input\":[\"model\"]}");
    assertEquals(JsonModel.Kind.ABSENT, found.kind());
    assertNull(found.model());
  }

  @Test
  void bodyWithoutModelIsAbsent() throws Exception {
    assertEquals(JsonModel.Kind.ABSENT, find("{}").kind());
    assertEquals(JsonModel.Kind.ABSENT, find(" {\"input\":\"hello\", \"models\":\"x\"} ").kind());
  }

  @ParameterizedTest
  @ValueSource(strings = {"42", "null", "true", "[\"gpt-4o\"]", "{\"id\":\"gpt-4o\"}", "-1.5e3"})
  void nonStringModelIsNotAString(String value) throws Exception {
    JsonModel.Found found = find("{\"model\":" + value + ",\"x\":1}");
    assertEquals(JsonModel.Kind.NOT_A_STRING, found.kind());
    assertNull(found.model());
  }

  @Test
  void escapesInTheModelStringAreDecoded() throws Exception {
    assertEquals("gpt-4o", find("{\"model\":\"gpt\\u002d4o\"}").model());
    assertEquals("a\"b\\c/d\ne", find("{\"model\":\"a\\\"b\\\\c\\/d\\ne\"}").model());
    assertEquals("modèle-é", find("{\"model\":\"mod\\u00e8le-é\"}").model());
  }

  /** An escaped field name is still "model" to the upstream's parser, so it must be to ours. */
  @Test
  void escapedFieldNameModelIsFound() throws Exception {
    JsonModel.Found found = find("{\"mod\\u0065l\":\"gpt-4o\"}");
    assertEquals(JsonModel.Kind.STRING, found.kind());
    assertEquals("gpt-4o", found.model());
  }

  /** Upstream parsers disagree on which duplicate wins; the router must not check one model and send another. */
  @Test
  void duplicateTopLevelModelIsRejected() {
    JsonModel.Malformed e = assertThrows(JsonModel.Malformed.class,
        () -> find("{\"model\":\"gpt-4o-mini\",\"x\":1,\"model\":\"gpt-4o\"}"));
    assertTrue(e.getMessage().contains("model"), e.getMessage());
    assertThrows(JsonModel.Malformed.class, () -> find("{\"model\":\"a\",\"mod\\u0065l\":\"b\"}"));
  }

  /**
   * Issue 14: some upstreams match keys without case, so "Model" beside (or instead of) "model" could route one model
   * and run another; the same for the fields that decide the answer's shape and its usage.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "{\"model\":\"gpt-4o-mini\",\"Model\":\"gpt-4o\"}",
      "{\"MODEL\":\"gpt-4o\"}",
      "{\"model\":\"a\",\"mod\\u0045l\":\"b\"}",                // escaped "modEl"
      "{\"model\":\"a\",\"stream\":false,\"Stream\":true}",
      "{\"model\":\"a\",\"\u017Ftream\":true}",                      // long s: "STREAM" upper-cased
      "{\"model\":\"a\",\"stream\":false,\"stream\":true}",
      "{\"model\":\"a\",\"stream_options\":{},\"stream_options\":{\"include_usage\":false}}",
      "{\"model\":\"a\",\"Stream_Options\":{}}"})
  void ourFieldsTwiceOrInAnotherCaseAreAmbiguous(String body) {
    assertThrows(JsonModel.Ambiguous.class, () -> find(body));
  }

  @Test
  void otherFieldsMayDifferOnlyInCase() throws Exception {
    assertEquals("gpt-4o", find("{\"model\":\"gpt-4o\",\"User\":\"a\",\"user\":\"b\",\"models\":1}").model());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",                                  // empty
      "   ",                               // only space
      "{\"model\":\"gpt-4o\"",             // truncated object
      "{\"model\":\"gpt-4o",               // truncated string
      "{\"model\":",                       // truncated value
      "{\"model\":\"x\"} trailing",        // trailing garbage
      "{\"model\":\"x\"}{}",               // two objects
      "{\"model\":\"\\x\"}",               // bad escape
      "{\"model\":\"\\u12G4\"}",           // bad unicode escape
      "{\"model\":\"\\u12\"}",             // short unicode escape
      "{\"a\":1.}",                        // bad numbers
      "{\"a\":-}",
      "{\"a\":.5}",
      "{\"a\":+1}",
      "{\"a\":1e}",
      "{\"a\":1e+}",
      "{\"model\":\"a\tb\"}",              // control characters in strings
      "{\"model\":\"a\nb\"}",
      "{\"a\u0001\":1}",
      "[{\"model\":\"x\"}]",               // not an object
      "\"model\"",
      "42",
      "{model:\"x\"}",                     // unquoted name
      "{\"model\" \"x\"}",                 // missing colon
      "{\"a\":1,}",                        // trailing comma
      "{\"a\":[1,]}",
      "{\"a\":tru}",                       // bad literals
      "{\"a\":nul}",
      "{\"a\":[1 2]}",
  })
  void malformedBodiesAreRejected(String body) {
    JsonModel.Malformed e = assertThrows(JsonModel.Malformed.class, () -> find(body));
    assertTrue(e.getMessage().contains("at byte"), e.getMessage());
  }

  @Test
  void onlyTheGivenLengthIsRead() throws Exception {
    byte[] buffer = "{\"model\":\"gpt-4o\"}GARBAGE-BEYOND-LENGTH".getBytes(StandardCharsets.UTF_8);
    assertEquals("gpt-4o", JsonModel.find(buffer, 18).model());
  }

  @Test
  void rewriteSplicesOnlyTheValueAndKeepsEveryOtherByte() throws Exception {
    String before = "{ \"messages\" : [ {\"role\":\"user\",\"content\":\"Grüß dich, 世界 😀 \\u00e9\"} ],\n\t\"model\"  :  ";
    String after = " ,\"temperature\":0.70, \"stop\":[\"\\n\"] }";
    String body = before + "\"gpt-4o\"" + after;
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    JsonModel.Found found = JsonModel.find(bytes, bytes.length);

    byte[] rewritten = JsonModel.rewrite(bytes, bytes.length, found, "upstream/model-\"x\"-é");

    String expected = before + "\"upstream/model-\\\"x\\\"-é\"" + after;
    assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), rewritten);
    JsonObject parsed = Json.createReader(new ByteArrayInputStream(rewritten)).readObject();
    assertEquals("upstream/model-\"x\"-é", parsed.getString("model"));
    assertEquals("upstream/model-\"x\"-é", JsonModel.find(rewritten, rewritten.length).model());
  }

  @Test
  void rewriteOfALongerAndAShorterNameKeepsTheRest() throws Exception {
    byte[] bytes = "{\"model\":\"m\",\"n\":1}".getBytes(StandardCharsets.UTF_8);
    JsonModel.Found found = JsonModel.find(bytes, bytes.length);
    assertEquals("{\"model\":\"a-much-longer-model-name\",\"n\":1}",
        new String(JsonModel.rewrite(bytes, bytes.length, found, "a-much-longer-model-name"), StandardCharsets.UTF_8));
    byte[] longer = "{\"n\":1,\"model\":\"a-much-longer-model-name\"}".getBytes(StandardCharsets.UTF_8);
    found = JsonModel.find(longer, longer.length);
    assertEquals("{\"n\":1,\"model\":\"m\"}",
        new String(JsonModel.rewrite(longer, longer.length, found, "m"), StandardCharsets.UTF_8));
  }

  @Test
  void rewriteEscapesControlCharactersInTheNewName() throws Exception {
    byte[] bytes = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);
    byte[] out = JsonModel.rewrite(bytes, bytes.length, JsonModel.find(bytes, bytes.length), "a\u0001b\\c");
    assertEquals("a\u0001b\\c", JsonModel.find(out, out.length).model());
  }

  @Test
  void nestingUpToTheLimitIsAccepted() throws Exception {
    assertEquals("m", find("{\"a\":" + "[".repeat(512) + "]".repeat(512) + ",\"model\":\"m\"}").model());
    assertEquals("m", find("{\"a\":" + "{\"b\":".repeat(511) + "1" + "}".repeat(511) + ",\"model\":\"m\"}").model());
  }

  @Test
  void nestingBeyondTheLimitIsRejectedWithoutBlowingTheStack() {
    JsonModel.Malformed e = assertThrows(JsonModel.Malformed.class,
        () -> find("{\"a\":" + "[".repeat(513) + "]".repeat(513) + "}"));
    assertTrue(e.getMessage().contains("nested too deeply"), e.getMessage());
    e = assertThrows(JsonModel.Malformed.class, () -> find("{\"a\":" + "[".repeat(1_000_000)));
    assertTrue(e.getMessage().contains("nested too deeply"), e.getMessage());
  }

  @Test void askingForUsageAddsStreamOptionsAsTheFirstField() throws Exception {
    byte[] body = "  {\"model\":\"m\",\"stream\":true}".getBytes(StandardCharsets.UTF_8);
    byte[] out = JsonModel.askForUsage(body, body.length);
    String text = new String(out, StandardCharsets.UTF_8);
    Assertions.assertEquals(
        "  {\"stream_options\":{\"include_usage\":true},\"model\":\"m\",\"stream\":true}", text);
    JsonModel.Found found = JsonModel.find(out, out.length);
    Assertions.assertTrue(found.stream() && found.streamOptions());
  }

  @Test void askingForUsageInAnEmptyObjectLeavesValidJson() throws Exception {
    byte[] body = "{ }".getBytes(StandardCharsets.UTF_8);
    byte[] out = JsonModel.askForUsage(body, body.length);
    JsonModel.find(out, out.length);   // parses
  }

  @Test void streamAndStreamOptionsAreNoted() throws Exception {
    byte[] plain = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);
    byte[] off = "{\"model\":\"m\",\"stream\":false}".getBytes(StandardCharsets.UTF_8);
    byte[] nested = "{\"model\":\"m\",\"x\":{\"stream\":true}}".getBytes(StandardCharsets.UTF_8);
    Assertions.assertFalse(JsonModel.find(plain, plain.length).stream());
    Assertions.assertFalse(JsonModel.find(off, off.length).stream());
    Assertions.assertFalse(JsonModel.find(nested, nested.length).stream());
  }

  @Test void numbersWithLeadingZerosAreRefused() {
    byte[] body = "{\"model\":\"m\",\"n\":01}".getBytes(StandardCharsets.UTF_8);
    Assertions.assertThrows(JsonModel.Malformed.class, () -> JsonModel.find(body, body.length));
  }
}
