package org.airouter.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A streamed response: each SSE frame with the moment it arrived; for a non-SSE answer (an error) the body. */
/**
 * @param brokenOff null if the stream ended cleanly; otherwise how reading it failed (e.g. the router reset the connection)
 */
public record SseStream(int status, HttpHeaders headers, Instant sentAt, List<Frame> frames, String body, String brokenOff) {

  /** One event's data (multi-line data joined with \n) and when its terminating blank line arrived. */
  public record Frame(String data, Instant at) {
    public boolean isDone() { return "[DONE]".equals(data); }

    /** The data as a JSON object, or null for [DONE] and non-JSON data. */
    public JsonObject json() {
      try (JsonReader r = Json.createReader(new StringReader(data))) {
        JsonValue v = r.readValue();
        return v.getValueType() == JsonValue.ValueType.OBJECT ? v.asJsonObject() : null;
      } catch (RuntimeException notJson) {
        return null;
      }
    }
  }

  public String header(String name) {
    return headers.firstValue(name).orElse(null);
  }

  public boolean isEventStream() {
    String type = header("content-type");
    return type != null && type.startsWith("text/event-stream");
  }

  public Instant firstFrameAt() {
    if (frames.isEmpty()) throw new AssertionError("no SSE frame arrived; status " + status + ", body: " + body);
    return frames.get(0).at();
  }

  public Frame lastFrame() {
    if (frames.isEmpty()) throw new AssertionError("no SSE frame arrived; status " + status + ", body: " + body);
    return frames.get(frames.size() - 1);
  }

  public List<String> data() {
    return frames.stream().map(Frame::data).toList();
  }

  /** The concatenated choices[0].delta.content of all chat.completion.chunk frames. */
  public String joinedContent() {
    StringBuilder text = new StringBuilder();
    for (Frame f : frames) {
      JsonObject json = f.json();
      if (json == null || !json.containsKey("choices")) continue;
      for (JsonValue choice : json.getJsonArray("choices")) {
        JsonObject delta = choice.asJsonObject().getJsonObject("delta");
        if (delta != null && delta.get("content") instanceof JsonString s) text.append(s.getString());
      }
    }
    return text.toString();
  }

  /** The body as JSON, for a non-stream (error) answer. */
  public JsonObject json() {
    try (JsonReader r = Json.createReader(new StringReader(body))) {
      return r.readObject();
    } catch (RuntimeException e) {
      throw new AssertionError("expected a JSON body (status " + status + "), got: " + body, e);
    }
  }

  /**
   * Reads SSE frames until the stream ends, calling onFrame as each arrives (it may throw to stop reading early).
   * Comment lines and other fields are ignored; frames without data are dropped.
   */
  static List<Frame> readFrames(InputStream in, Consumer<Frame> onFrame) throws IOException {
    List<Frame> frames = new ArrayList<>();
    readFrames(in, frames, onFrame);
    return frames;
  }

  /** As above, collecting into frames (which keeps what arrived if reading then fails). */
  static void readFrames(InputStream in, List<Frame> frames, Consumer<Frame> onFrame) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    StringBuilder data = null;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.isEmpty()) {
        if (data != null) {
          Frame frame = new Frame(data.toString(), Instant.now());
          frames.add(frame);
          data = null;
          onFrame.accept(frame);
        }
      } else if (line.startsWith("data:")) {
        String value = line.substring(5);
        if (value.startsWith(" ")) value = value.substring(1);
        if (data == null) data = new StringBuilder(value); else data.append('\n').append(value);
      }
    }
    if (data != null) frames.add(new Frame(data.toString(), Instant.now()));   // unterminated last frame
  }
}
