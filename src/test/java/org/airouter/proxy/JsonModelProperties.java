package org.airouter.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.airouter.wire.JsonIo;

/**
 * The JSON scanner against Parsson over generated objects: keys and strings with escapes of every kind, nesting,
 * numbers, white space anywhere, keys twice and in other cases. Where keys the router acts on are given twice or in
 * another case, the scanner must refuse; otherwise its model, stream and stream_options must be Parsson's, and a
 * model rewrite must change that value and nothing else.
 */
class JsonModelProperties {
  private static final List<String> OURS = List.of("model", "stream", "stream_options");

  /** One member as written: the key's decoded text, its JSON spelling, and the value's JSON text. */
  record Member(String key, String keyJson, String valueJson) {}

  @Property(tries = 300)
  void theScannersReadingIsParssons(@ForAll("objects") List<Member> members, @ForAll("spaces") String space) throws Exception {
    byte[] body = write(members, space);
    if (ambiguous(members)) {
      assertThrows(JsonModel.Ambiguous.class, () -> JsonModel.find(body, body.length));
      return;
    }
    JsonObject reference = JsonIo.PROVIDER.createReader(new ByteArrayInputStream(body)).readObject();
    JsonModel.Found found = JsonModel.find(body, body.length);

    JsonValue model = reference.get("model");
    assertEquals(model == null ? JsonModel.Kind.ABSENT
        : model instanceof JsonString ? JsonModel.Kind.STRING : JsonModel.Kind.NOT_A_STRING, found.kind());
    if (model instanceof JsonString s) assertEquals(s.getString(), found.model());
    assertEquals(reference.get("stream") == JsonValue.TRUE, found.stream());
    assertEquals(reference.containsKey("stream_options"), found.streamOptions());

    if (found.kind() != JsonModel.Kind.ABSENT) {
      byte[] rewritten = JsonModel.rewrite(body, body.length, found, "other\"model\u00e9\n");
      JsonObject after = JsonIo.PROVIDER.createReader(new ByteArrayInputStream(rewritten)).readObject();
      assertEquals("other\"model\u00e9\n", after.getString("model"));
      assertEquals(without(reference), without(after), "every other field as it was");
    }
  }

  @Property(tries = 300)
  void aBodyParssonRefusesIsRefused(@ForAll("objects") List<Member> members, @ForAll("spaces") String space,
                                    @ForAll("damage") Damage damage) {
    byte[] body = damage.apply(write(members, space));
    boolean parsson;
    try {
      JsonIo.PROVIDER.createReader(new ByteArrayInputStream(body)).readObject();
      parsson = true;
    } catch (RuntimeException e) {
      parsson = false;
    }
    if (!parsson) assertThrows(JsonModel.Malformed.class, () -> JsonModel.find(body, body.length));
  }

  /** Cuts a byte out, or puts one of JSON's structural characters in. */
  record Damage(int at, byte put, boolean cut) {
    byte[] apply(byte[] body) {
      int i = Math.floorMod(at, body.length);
      byte[] out = new byte[cut ? body.length - 1 : body.length + 1];
      System.arraycopy(body, 0, out, 0, i);
      if (cut) {
        System.arraycopy(body, i + 1, out, i, body.length - i - 1);
      } else {
        out[i] = put;
        System.arraycopy(body, i, out, i + 1, body.length - i);
      }
      return out;
    }
  }

  @Provide Arbitrary<Damage> damage() {
    Arbitrary<Byte> put = Arbitraries.of("{}[]\",:\\ 0e-.tn\u0001".chars().mapToObj(c -> (byte) c).toList());
    return Combinators.combine(Arbitraries.integers(), put, Arbitraries.of(true, false)).as(Damage::new);
  }

  static boolean ambiguous(List<Member> members) {
    Set<String> seen = new HashSet<>();
    for (Member m : members) {
      for (String ours : OURS) {
        if (m.key().equals(ours) && !seen.add(ours)) return true;
        if (!m.key().equals(ours) && m.key().equalsIgnoreCase(ours)) return true;
      }
    }
    return false;
  }

  private static JsonObject without(JsonObject o) {
    return JsonIo.PROVIDER.createObjectBuilder(o).remove("model").build();
  }

  private static byte[] write(List<Member> members, String space) {
    StringBuilder out = new StringBuilder(space).append('{');
    for (int i = 0; i < members.size(); i++) {
      if (i > 0) out.append(space).append(',');
      Member m = members.get(i);
      out.append(space).append(m.keyJson()).append(space).append(':').append(space).append(m.valueJson());
    }
    return out.append(space).append('}').append(space).toString().getBytes(StandardCharsets.UTF_8);
  }

  @Provide Arbitrary<String> spaces() { return Arbitraries.of("", " ", "\n", "\t \r\n"); }

  @Provide Arbitrary<List<Member>> objects() {
    Arbitrary<String> key = Arbitraries.oneOf(
        Arbitraries.of("model", "stream", "stream_options", "messages", "user", "models", "mode", "n"),
        Arbitraries.of("Model", "MODEL", "Stream", "STREAM_OPTIONS", "\u017Ftream", "mod\u0131l"),
        text());
    Arbitrary<Member> member = Combinators.combine(key, Arbitraries.integers().between(0, 3), value(3))
        .as((k, style, v) -> new Member(k, quote(k, style), v));
    return member.list().ofMaxSize(8);
  }

  private static final String CHARS = "abz MOD\"\\/\b\f\n\r\t\u0001\u007f\u00e9\u20ac\ud83d\ude00";

  private static Arbitrary<String> text() {
    return Arbitraries.strings().withChars(CHARS).ofMaxLength(10);
  }

  /** Nested values from jqwik's random source: recursive arbitraries cost more to build than the scanner to test. */
  private static Arbitrary<String> value(int depth) { return Arbitraries.randomValue(r -> value(r, depth)); }

  private static String value(Random r, int depth) {
    switch (depth == 0 ? r.nextInt(2) : r.nextInt(4)) {
      case 0 -> {
        StringBuilder t = new StringBuilder();
        for (int i = r.nextInt(10); i > 0; i--) t.append(CHARS.charAt(r.nextInt(CHARS.length())));
        return quote(t.toString(), r.nextInt(4));
      }
      case 1 -> {
        String[] scalars = {"true", "false", "null", "0", "-0", "12", "-3.5e+7", "1E-2", "0.25"};
        return scalars[r.nextInt(scalars.length)];
      }
      case 2 -> {
        StringBuilder a = new StringBuilder("[");
        for (int i = r.nextInt(4); i > 0; i--) a.append(value(r, depth - 1)).append(i > 1 ? "," : "");
        return a.append(']').toString();
      }
      default -> {
        StringBuilder o = new StringBuilder("{");
        for (int i = r.nextInt(4); i > 0; i--) {
          o.append(value(r, 0).startsWith("\"") ? quote("model", r.nextInt(4)) : quote("k" + i, 0)).append(':')
              .append(value(r, depth - 1)).append(i > 1 ? " , " : "");
        }
        return o.append('}').toString();
      }
    }
  }

  /** A JSON string in one of four spellings: minimal, every character \\u-escaped, upper-case hex, or "\/". */
  static String quote(String s, int style) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (style == 1 || style == 2) {
        String hex = String.format("%04x", (int) c);
        out.append("\\u").append(style == 2 ? hex.toUpperCase(Locale.ROOT) : hex);
        continue;
      }
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '/' -> out.append(style == 3 ? "\\/" : "/");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    return out.append('"').toString();
  }
}
