package org.airouter.testing;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link RouterParts} per database for a whole test class, started on first use and closed (database dropped)
 * after the class. Register as a static {@code @RegisterExtension} field; each test asks for a cleaned one.
 */
public final class PerDatabase implements AfterAllCallback {
  private final Map<DatabaseTarget, RouterParts> started = new EnumMap<>(DatabaseTarget.class);

  /** The parts on this database, tables emptied. */
  public synchronized RouterParts clean(DatabaseTarget target) {
    return started.computeIfAbsent(target, RouterParts::start).clean();
  }

  @Override public synchronized void afterAll(ExtensionContext context) {
    RuntimeException first = null;
    for (RouterParts parts : started.values()) {
      try {
        parts.close();
      } catch (RuntimeException e) {
        if (first == null) first = e;
      }
    }
    started.clear();
    if (first != null) throw first;
  }
}
