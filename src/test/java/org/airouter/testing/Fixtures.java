package org.airouter.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.airouter.provider.ChunkTranslator;
import org.airouter.wire.SseEvent;
import org.airouter.wire.SseParser;

/** Recorded upstream bodies under src/test/resources/fixtures/, one behaviour per file, and what they translate to. */
public final class Fixtures {
  private Fixtures() {}

  public static String text(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) throw new IllegalArgumentException("no fixture " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonObject json(String name) {
    return Json.createReader(new StringReader(text(name))).readObject();
  }

  /** The SSE events of a fixture, parsed from chunks of {@code chunkSize} bytes (cut anywhere, as TCP does). */
  public static List<SseEvent> events(String name, int chunkSize) {
    byte[] bytes = text(name).getBytes(StandardCharsets.UTF_8);
    SseParser parser = new SseParser();
    List<SseEvent> events = new ArrayList<>();
    for (int i = 0; i < bytes.length; i += chunkSize) {
      parser.accept(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunkSize)), events::add);
    }
    parser.finish(events::add);
    return events;
  }

  /** Every payload the translator yields for a fixture stream, its finish included. */
  public static List<String> translate(ChunkTranslator translator, String name) {
    List<String> out = new ArrayList<>();
    for (SseEvent event : events(name, 7)) translator.translate(event, out::add);
    translator.finish(out::add);
    return out;
  }

  /** The chunk payloads as JSON (leaves out [DONE]). */
  public static List<JsonObject> chunks(List<String> payloads) {
    return payloads.stream().filter(p -> !p.equals("[DONE]") && !p.equals(ChunkTranslator.KEEP_ALIVE))
        .map(p -> Json.createReader(new StringReader(p)).readObject()).toList();
  }

  /** The content deltas of choice 0, joined. */
  public static String joinedContent(List<String> payloads) {
    StringBuilder b = new StringBuilder();
    for (JsonObject chunk : chunks(payloads)) {
      JsonArray choices = chunk.getJsonArray("choices");
      if (choices == null || choices.isEmpty()) continue;
      JsonObject delta = choices.getJsonObject(0).getJsonObject("delta");
      if (delta.get("content") instanceof JsonString s) b.append(s.getString());
    }
    return b.toString();
  }

  /** The last non-null finish reason. */
  public static String finishReason(List<String> payloads) {
    String reason = null;
    for (JsonObject chunk : chunks(payloads)) {
      JsonArray choices = chunk.getJsonArray("choices");
      if (choices != null && !choices.isEmpty() && choices.getJsonObject(0).get("finish_reason") instanceof JsonString s) {
        reason = s.getString();
      }
    }
    return reason;
  }

  /** Chunks that carry usage. */
  public static List<JsonObject> usageChunks(List<String> payloads) {
    return chunks(payloads).stream().filter(c -> c.get("usage") instanceof JsonObject).toList();
  }

  static boolean isNull(JsonValue v) { return v == null || v == JsonValue.NULL; }
}
