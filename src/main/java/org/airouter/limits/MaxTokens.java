package org.airouter.limits;

import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import org.airouter.wire.JsonIo;

/**
 * The completion ceiling a request names at its top level: {@code max_tokens}, {@code max_completion_tokens} or
 * {@code max_output_tokens} (Responses API). Read only for keys with limits; 0 when absent or unreadable.
 */
public final class MaxTokens {
  private MaxTokens() {}

  public static long of(byte[] body, int length) {
    if (body == null || length <= 0) return 0;
    try (JsonParser p = JsonIo.PROVIDER.createParser(new ByteArrayInputStream(body, 0, length))) {
      if (!p.hasNext() || p.next() != JsonParser.Event.START_OBJECT) return 0;
      long found = 0;
      while (p.hasNext()) {
        JsonParser.Event e = p.next();
        if (e == JsonParser.Event.END_OBJECT) break;
        if (e != JsonParser.Event.KEY_NAME) continue;
        String name = p.getString();
        JsonParser.Event value = p.next();
        if (value == JsonParser.Event.START_OBJECT) {
          p.skipObject();
        } else if (value == JsonParser.Event.START_ARRAY) {
          p.skipArray();
        } else if (value == JsonParser.Event.VALUE_NUMBER && (name.equals("max_tokens")
            || name.equals("max_completion_tokens") || name.equals("max_output_tokens"))) {
          found = Math.max(found, Math.max(0, p.getLong()));
        }
      }
      return found;
    } catch (RuntimeException unreadable) {
      return 0;   // the upstream reports a broken body; the estimate falls back to the default allowance
    }
  }
}
