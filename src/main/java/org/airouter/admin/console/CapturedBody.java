package org.airouter.admin.console;

import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.airouter.wire.JsonIo;

/**
 * One captured body as the captures page shows it: pretty-printed when it is a whole JSON document (a body cut at the
 * cap is not, and is shown as stored), with its size and whether it was cut. The page escapes the text; this class
 * never renders markup.
 */
public record CapturedBody(String text, boolean json, long bytes, long keptBytes, boolean truncated) {
  private static final Map<String, ?> PRETTY = Map.of(JsonGenerator.PRETTY_PRINTING, true);

  public static CapturedBody of(String stored, long bytes, boolean truncated) {
    String text = stored == null ? "" : stored;
    long kept = text.getBytes(StandardCharsets.UTF_8).length;
    Optional<String> pretty = truncated ? Optional.empty() : pretty(text);
    return new CapturedBody(pretty.orElse(text), pretty.isPresent(), bytes, kept, truncated);
  }

  static Optional<String> pretty(String text) {
    String trimmed = text.strip();
    if (!(trimmed.startsWith("{") || trimmed.startsWith("["))) return Optional.empty();
    Optional<JsonValue> value = JsonIo.read(trimmed);
    if (value.isEmpty() || !(value.get() instanceof JsonStructure structure)) return Optional.empty();
    StringWriter out = new StringWriter();
    try (JsonWriter writer = JsonIo.PROVIDER.createWriterFactory(PRETTY).createWriter(out)) {
      writer.write(structure);
    }
    return Optional.of(out.toString().strip());
  }
}
