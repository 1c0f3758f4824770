package org.airouter.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * For tests that need something outside the build (a database server, a browser). Normally a missing service skips
 * the test; with {@code -Dairouter.require-all=true} (CI) it fails it, so nothing is silently left untested.
 */
public final class Requirements {
  public static final String REQUIRE_ALL = "airouter.require-all";

  private Requirements() {}

  /** Continues if present; otherwise aborts the test (skipped) or, with airouter.require-all=true, fails it. */
  public static void require(boolean present, String reason) {
    if (present) return;
    if (Boolean.getBoolean(REQUIRE_ALL)) Assertions.fail("required but missing (" + REQUIRE_ALL + "=true): " + reason);
    System.out.println("[skipped] " + reason);
    Assumptions.abort(reason);
  }

  /**
   * For a part of the application that another issue is building and that has not reached this branch yet (the Faces
   * console while issue 7 was built): skips, even with airouter.require-all=true, naming what is missing. Decide
   * {@code present} from the built WAR, not from a flag, so the test runs for real, and must pass, the moment the part
   * is merged. Nothing outside the build (databases, browsers) may use this: those go through {@link #require}.
   */
  public static void builtElsewhere(boolean present, String missingPart) {
    if (present) return;
    String reason = "not in this build yet: " + missingPart;
    System.out.println("[skipped] " + reason);
    Assumptions.abort(reason);
  }
}
