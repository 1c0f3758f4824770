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
}
