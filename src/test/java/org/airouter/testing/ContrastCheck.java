package org.airouter.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * WCAG AA text contrast of the page the browser shows, computed in the page from the colours the browser really
 * uses (contrast.js beside this class): every visible text against its effective background, so a colour pair the
 * stylesheet never meant (text inheriting onto a tinted card, a translucent layer) is caught too.
 */
public final class ContrastCheck {
  private static final String SCRIPT = load();

  private ContrastCheck() {}

  /** One line per text below 4.5:1 (3:1 when large); empty when the page passes. */
  @SuppressWarnings("unchecked")
  public static List<String> problems(Browser browser) {
    return (List<String>) browser.script(SCRIPT);
  }

  private static String load() {
    try (InputStream in = ContrastCheck.class.getResourceAsStream("contrast.js")) {
      if (in == null) throw new IllegalStateException("contrast.js is not on the test class path");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
