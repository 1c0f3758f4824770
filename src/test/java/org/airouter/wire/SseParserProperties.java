package org.airouter.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The SSE parser against a plain reading of the WHATWG event-stream rules (decode, split into lines, interpret each
 * line, dispatch on a blank one), over generated streams: fields with and without a space or a colon, comments,
 * unknown fields, CR, LF and CRLF line ends, a byte order mark, multi-byte and broken UTF-8, and cut into chunks
 * anywhere.
 */
class SseParserProperties {

  @Property(tries = 200)
  void eventsAreTheSameWhereverTheStreamIsCut(@ForAll("streams") byte[] stream, @ForAll("cuts") List<Integer> cuts) {
    assertEquals(parse(List.of(stream), true), parse(split(stream, cuts), true));
    assertEquals(parse(List.of(stream), false), parse(split(stream, cuts), false));
  }

  @Property(tries = 200)
  void eventsAreWhatTheWhatwgRulesSay(@ForAll("streams") byte[] stream) {
    assertEquals(Reference.events(stream, false), parse(List.of(stream), false), "as the stream goes");
    assertEquals(Reference.events(stream, true), parse(List.of(stream), true), "with the documented end-of-body rule");
  }

  private static List<SseEvent> parse(List<byte[]> chunks, boolean finish) {
    SseParser parser = new SseParser();
    List<SseEvent> events = new ArrayList<>();
    chunks.forEach(c -> parser.accept(c, events::add));
    if (finish) parser.finish(events::add);
    return events;
  }

  private static List<byte[]> split(byte[] stream, List<Integer> cuts) {
    List<byte[]> chunks = new ArrayList<>();
    int from = 0;
    for (int cut : cuts.stream().map(c -> Math.floorMod(c, stream.length + 1)).sorted().toList()) {
      chunks.add(Arrays.copyOfRange(stream, from, Math.max(from, cut)));
      from = Math.max(from, cut);
    }
    chunks.add(Arrays.copyOfRange(stream, from, stream.length));
    return chunks;
  }

  @Provide Arbitrary<List<Integer>> cuts() { return Arbitraries.integers().between(0, 10_000).list().ofMaxSize(12); }

  @Provide Arbitrary<byte[]> streams() {
    Arbitrary<String> text = Arbitraries.oneOf(
        Arbitraries.strings().withChars("abc {}\":,-_").ofMaxLength(12),
        Arbitraries.strings().withChars("xé€😀: ").ofMaxLength(6),
        Arbitraries.of("", " ", "[DONE]", "{\"a\":1}"));
    Arbitrary<String> field = Arbitraries.of("data", "event", "id", "retry", "", "Data", "dat", "data ", "x");
    Arbitrary<String> line = Arbitraries.oneOf(
        Combinators.combine(field, Arbitraries.of(":", ": ", ":  ", ""), text).as((f, sep, v) -> f + sep + v),
        text.map(t -> ":" + t),                  // a comment
        Arbitraries.just(""));                   // a blank line: dispatch
    Arbitrary<String> end = Arbitraries.of("\n", "\r\n", "\r");
    Arbitrary<byte[]> lineBytes = Combinators.combine(line, end, Arbitraries.integers().between(0, 30))
        .as((l, e, odd) -> {
          byte[] b = (l + e).getBytes(StandardCharsets.UTF_8);
          if (odd == 0 && b.length > 1) b = Arrays.copyOf(b, b.length - 1 - 0);   // a line cut short: another end
          if (odd == 1) {                                                          // broken UTF-8
            b = Arrays.copyOf(b, b.length + 1);
            System.arraycopy(b, 0, b, 1, b.length - 1);
            b[0] = (byte) 0xE2;
          }
          return b;
        });
    return Combinators.combine(Arbitraries.of(true, false, false, false), lineBytes.list().ofMaxSize(25))
        .as((bom, lines) -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          if (bom) out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
          lines.forEach(out::writeBytes);
          return out.toByteArray();
        });
  }

  /** https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation, read plainly. */
  static final class Reference {
    static List<SseEvent> events(byte[] stream, boolean dispatchAtEnd) {
      String text = new String(stream, StandardCharsets.UTF_8);
      if (text.startsWith("\uFEFF")) text = text.substring(1);
      List<SseEvent> events = new ArrayList<>();
      StringBuilder data = new StringBuilder();
      String[] type = {""};
      int start = 0;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c != '\r' && c != '\n') continue;
        line(text.substring(start, i), data, type, events);
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
        start = i + 1;
      }
      // The spec drops what follows the last line end and any event not ended by a blank line; the parser's
      // finish() reads that last line and dispatches (its documented deviation).
      if (dispatchAtEnd) {
        if (start < text.length()) line(text.substring(start), data, type, events);
        line("", data, type, events);
      }
      return events;
    }

    private static void line(String line, StringBuilder data, String[] type, List<SseEvent> events) {
      if (line.isEmpty()) {
        if (data.length() == 0) {
          type[0] = "";
          return;
        }
        String value = data.substring(0, data.length() - 1);   // the last LF
        events.add(new SseEvent(type[0].isEmpty() ? "message" : type[0], value));
        data.setLength(0);
        type[0] = "";
        return;
      }
      if (line.startsWith(":")) return;
      int colon = line.indexOf(':');
      String name = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) value = value.substring(1);
      if (name.equals("event")) type[0] = value;
      else if (name.equals("data")) data.append(value).append('\n');
    }
  }
}
