package org.airouter.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/test-failures.sh, the last thing CI prints, over reports shaped like Failsafe's when a failed test is run
 * again: the first run's failure is the one that names the cause, and the .txt report keeps only the rerun's.
 */
class TestFailuresScriptTest {
  private static final String REPORT = """
      <?xml version="1.0" encoding="UTF-8"?>
      <testsuite name="org.example.CutIT" tests="3" failures="1">
        <testcase name="passes" classname="org.example.CutIT" time="0.1"/>
        <testcase name="servesFromMemory" classname="org.example.CutIT" time="1.2">
          <failure message="the proxy serves from memory ==&gt; expected: &lt;200&gt; but was: &lt;500&gt;"
              type="org.opentest4j.AssertionFailedError"><![CDATA[org.opentest4j.AssertionFailedError: \
      the proxy serves from memory ==> expected: <200> but was: <500>
      \tat org.junit.jupiter.api.AssertionFailureBuilder.build(AssertionFailureBuilder.java:151)
      \tat org.junit.jupiter.api.AssertEquals.failNotEqual(AssertEquals.java:197)
      \tat org.example.CutIT.servesFromMemory(CutIT.java:147)
      \tat frame.four(F.java:4)
      \tat frame.five(F.java:5)
      \tat frame.six(F.java:6)
      \tat frame.seven(F.java:7)
      Caused by: java.io.IOException: the database did not answer
      \tat cause.one(C.java:1)
      \tat cause.two(C.java:2)
      \tat cause.three(C.java:3)
      \t... 12 more
      ]]></failure>
          <rerunFailure message="the proxy serves from memory ==&gt; expected: &lt;200&gt; but was: &lt;502&gt;"
              type="org.opentest4j.AssertionFailedError"><stackTrace><![CDATA[...]]></stackTrace></rerunFailure>
        </testcase>
        <testcase name="flickers" classname="org.example.CutIT" time="0.3">
          <flakyFailure message="timed out once" type="java.lang.AssertionError"><stackTrace>x</stackTrace></flakyFailure>
        </testcase>
      </testsuite>
      """;

  @Test void namesTheFirstRunsFailureWithItsCauseEachRerunAndTheFlakes(@TempDir Path target) throws Exception {
    Path reports = Files.createDirectories(target.resolve("failsafe-reports-wildfly"));
    Files.writeString(reports.resolve("TEST-org.example.CutIT.xml"), REPORT);

    String out = run(target);

    assertTrue(out.contains("=== failed: failsafe-reports-wildfly/TEST-org.example.CutIT.xml\norg.example.CutIT.servesFromMemory\n"
        + "  first run: org.opentest4j.AssertionFailedError: the proxy serves from memory ==> expected: <200> but was: <500>\n"
        + "      at org.junit.jupiter.api.AssertionFailureBuilder.build(AssertionFailureBuilder.java:151)\n"), out);
    assertTrue(out.contains("at org.example.CutIT.servesFromMemory(CutIT.java:147)"), out);
    assertTrue(out.contains("at frame.six(F.java:6)") && !out.contains("frame.seven"), "six frames, not the whole trace: " + out);
    assertTrue(out.contains("Caused by: java.io.IOException: the database did not answer\n      at cause.one(C.java:1)\n"
        + "      at cause.two(C.java:2)\n"), out);
    assertFalse(out.contains("cause.three") || out.contains("12 more"), out);
    assertTrue(out.contains("  run again: the proxy serves from memory ==> expected: <200> but was: <502>\n"), out);
    assertTrue(out.contains("=== flaky (failed, then passed when run again): failsafe-reports-wildfly/TEST-org.example.CutIT.xml\n"
        + "  org.example.CutIT.flickers: timed out once\n"), out);
    assertFalse(out.contains("passes"), out);
  }

  @Test void saysSoWhenNothingFailed(@TempDir Path target) throws Exception {
    Path reports = Files.createDirectories(target.resolve("surefire-reports"));
    Files.writeString(reports.resolve("TEST-org.example.FineTest.xml"),
        "<testsuite name=\"org.example.FineTest\"><testcase name=\"fine\" classname=\"org.example.FineTest\"/></testsuite>");

    assertEquals("test reports: no failed and no flaky test under " + target + "/\n", run(target));
  }

  private static String run(Path target) throws Exception {
    Process script = new ProcessBuilder("bash", "scripts/test-failures.sh", target.toString()).redirectErrorStream(true)
        .start();
    assertTrue(script.waitFor(60, TimeUnit.SECONDS), "the script ended");
    String out = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, script.exitValue(), out);
    return out;
  }
}
