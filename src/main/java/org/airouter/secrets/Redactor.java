package org.airouter.secrets;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.airouter.wire.JsonIo;
import org.airouter.wire.OpenAiError;

/**
 * The one rule for taking secrets out of what an upstream says before a client, a usage row or a log line sees it.
 * Upstreams echo what they were sent: part of a wrong key (OpenAI), all of it (a careless relay), a header's value.
 * So the route's own secrets go by value — the provider key (and any run of 8 or more of its characters), each route
 * header value of 8 characters or more (the token of an {@code Authorization}-style value too), query values that
 * look secret, each also URL-encoded — and anything key-shaped goes by pattern: {@code sk-…} ({@code sk-ant-…},
 * {@code sk-proj-…}), the router's own {@code ar-…}, {@code rk-…}, {@code pk-…}, Google's {@code AIza…},
 * {@code Bearer …}.
 *
 * <p>Text is redacted as the reader will see it: a JSON body's strings after JSON decoding (so {@code \u0073k-…} is
 * caught), then re-encoded; a text that is not JSON with its {@code \\uXXXX} escapes decoded first. Immutable and
 * thread-safe; built once per route snapshot, used only on error paths.
 */
public final class Redactor {
  public static final String MARK = "[redacted]";
  /** The key-shaped patterns only, for text that belongs to no route. */
  public static final Redactor PATTERNS = new Redactor(List.of(), null);

  private static final int MIN_VALUE = 8;
  private static final int MIN_FRAGMENT = 8;
  private static final Pattern KEY_SHAPED = Pattern.compile(
      "\\b(sk-ant|sk-proj|sk|ar|art|rk|pk)-[A-Za-z0-9_*.\\-]{6,}"
          + "|\\bAIza[0-9A-Za-z_\\-]{20,}"
          + "|\\b([Bb]earer)\\s+[A-Za-z0-9._~+/=*\\-]{6,}");
  private static final Pattern ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})|\\\\/");
  private static final Pattern SECRET_NAME = Pattern.compile(
      "(?i).*(key|token|secret|sig|auth|pass|credential|code).*");

  private final List<String> values;   // longest first, so a value inside another goes with it
  private final String providerKey;    // also redacted by fragment; null when short or absent

  private Redactor(List<String> values, String providerKey) {
    this.values = values;
    this.providerKey = providerKey;
  }

  /** The rule for one route: its provider key, its extra headers' values, its query values that look secret. */
  public static Redactor of(String providerKey, Map<String, String> headers, Map<String, String> query) {
    List<String> values = new ArrayList<>();
    if (providerKey != null && providerKey.strip().length() >= 4) values.add(providerKey.strip());
    headers.values().forEach(value -> {
      String v = value == null ? "" : value.strip();
      if (v.length() >= MIN_VALUE) values.add(v);
      int space = v.indexOf(' ');   // "Bearer xyz", "Basic xyz": the credential alone may be echoed
      if (space > 0 && v.length() - space - 1 >= MIN_VALUE) values.add(v.substring(space + 1).strip());
    });
    query.forEach((name, value) -> {
      String v = value == null ? "" : value.strip();
      boolean looksSecret = SECRET_NAME.matcher(name).matches() ? v.length() >= 4
          : v.length() >= 16 && v.chars().noneMatch(Character::isWhitespace);
      if (looksSecret) values.add(v);
    });
    List<String> all = new ArrayList<>(values);
    for (String v : values) {
      String encoded = URLEncoder.encode(v, StandardCharsets.UTF_8);
      if (!encoded.equals(v)) all.add(encoded);
    }
    all.sort(Comparator.comparingInt(String::length).reversed());
    String fragmented = providerKey != null && providerKey.strip().length() >= 12 ? providerKey.strip() : null;
    return new Redactor(List.copyOf(all), fragmented);
  }

  /** Text as a reader sees it; its {@code \\uXXXX} escapes are decoded first, so none hides a secret. */
  public String redact(String text) {
    if (text == null || text.isEmpty()) return text;
    String out = text.indexOf('\\') >= 0 ? unescape(text) : text;
    for (String value : values) {
      if (out.contains(value)) out = out.replace(value, MARK);
    }
    if (providerKey != null) out = withoutFragments(out);
    return keyShapedOut(out);
  }

  /** All four fields: a code or type can echo a key as well as a message can. */
  public OpenAiError redact(OpenAiError error) {
    return new OpenAiError(error.status(), redact(error.message()), redact(error.type()), redact(error.param()),
        redact(error.code()));
  }

  /** Every string in it, member names included, redacted after decoding. */
  public JsonValue redact(JsonValue value) {
    switch (value.getValueType()) {
      case STRING:
        String s = ((JsonString) value).getString();
        String r = redact(s);
        return r.equals(s) ? value : JsonIo.PROVIDER.createValue(r);
      case OBJECT:
        JsonObjectBuilder object = JsonIo.PROVIDER.createObjectBuilder();
        ((JsonObject) value).forEach((name, member) -> object.add(redact(name), redact(member)));
        return object.build();
      case ARRAY:
        JsonArrayBuilder array = JsonIo.PROVIDER.createArrayBuilder();
        ((JsonArray) value).forEach(element -> array.add(redact(element)));
        return array.build();
      default:
        return value;
    }
  }

  /** A JSON text decoded, redacted and re-encoded; a text that is not JSON, redacted as text. */
  public String redactJson(String text) {
    return JsonIo.read(text).map(json -> redact(json).toString()).orElseGet(() -> redact(text));
  }

  /** One SSE frame: each {@code data:} line's payload as JSON, every other line as text; line ends kept. */
  public String redactSseFrame(String frame) {
    StringBuilder out = new StringBuilder(frame.length());
    int start = 0;
    while (start < frame.length()) {
      int end = frame.indexOf('\n', start);
      end = end < 0 ? frame.length() : end + 1;
      String line = frame.substring(start, end);
      int body = line.length();
      while (body > 0 && (line.charAt(body - 1) == '\n' || line.charAt(body - 1) == '\r')) body--;
      String content = line.substring(0, body);
      if (content.startsWith("data:")) {
        String payload = content.substring(5);
        String lead = payload.startsWith(" ") ? " " : "";
        out.append("data:").append(lead).append(redactJson(payload.substring(lead.length())));
      } else {
        out.append(redact(content));
      }
      out.append(line, body, line.length());
      start = end;
    }
    return out.toString();
  }

  /** Any run of {@link #MIN_FRAGMENT} or more characters of the provider key: half a key is half a leak. */
  private String withoutFragments(String text) {
    StringBuilder out = null;
    int copied = 0;
    int i = 0;
    while (i + MIN_FRAGMENT <= text.length()) {
      int longest = 0;
      for (int j = 0; j + MIN_FRAGMENT <= providerKey.length(); j++) {
        if (!text.regionMatches(i, providerKey, j, MIN_FRAGMENT)) continue;
        int n = MIN_FRAGMENT;
        while (i + n < text.length() && j + n < providerKey.length() && text.charAt(i + n) == providerKey.charAt(j + n)) {
          n++;
        }
        longest = Math.max(longest, n);
      }
      if (longest == 0) {
        i++;
        continue;
      }
      if (out == null) out = new StringBuilder(text.length());
      out.append(text, copied, i).append(MARK);
      i += longest;
      copied = i;
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  private static String keyShapedOut(String text) {
    Matcher m = KEY_SHAPED.matcher(text);
    if (!m.find()) return text;
    StringBuilder out = new StringBuilder(text.length());
    do {
      String kept = m.group(1) != null ? m.group(1) + "-" : m.group(2) != null ? m.group(2) + " " : "";
      m.appendReplacement(out, Matcher.quoteReplacement(kept + MARK));
    } while (m.find());
    m.appendTail(out);
    return out.toString();
  }

  private static String unescape(String text) {
    Matcher m = ESCAPE.matcher(text);
    if (!m.find()) return text;
    StringBuilder out = new StringBuilder(text.length());
    do {
      String c = m.group(1) == null ? "/" : String.valueOf((char) Integer.parseInt(m.group(1), 16));
      m.appendReplacement(out, Matcher.quoteReplacement(c));
    } while (m.find());
    m.appendTail(out);
    return out.toString();
  }

  @Override public String toString() { return "Redactor[" + values.size() + " values]"; }
}
