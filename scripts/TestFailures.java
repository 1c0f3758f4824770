import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Prints which tests failed, and why, and which passed only when run again (flakes), from the Surefire and Failsafe
 * XML reports under a build directory (target/ by default). Run by scripts/test-failures.sh as a single-file program,
 * so it needs nothing but the JDK that runs Maven.
 *
 * <p>It reads the XML, not the .txt reports: when a failed test is run again (-Dit.reruns) and fails again, the .txt
 * holds only the rerun, while the first failure is usually the cause (a rerun in the same JVM can fail for reasons of
 * its own); the XML keeps both.
 */
public final class TestFailures {
  private static final int FRAMES = 6;
  private static final int CAUSE_FRAMES = 2;
  private static final int MAX_LINES = 30;
  private static final int LINE = 400;

  public static void main(String[] args) throws Exception {
    Path build = Path.of(args.length > 0 ? args[0] : "target");
    List<Path> reports = new ArrayList<>();
    if (Files.isDirectory(build)) {
      try (Stream<Path> dirs = Files.list(build)) {
        for (Path dir : dirs.filter(d -> d.getFileName().toString().matches("(surefire|failsafe)-reports.*")).sorted().toList()) {
          try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).sorted().forEach(reports::add);
          }
        }
      }
    }
    StringBuilder failed = new StringBuilder();
    StringBuilder flaky = new StringBuilder();
    for (Path report : reports) read(build.relativize(report), report, failed, flaky);
    System.out.print(failed);
    System.out.print(flaky);
    if (failed.isEmpty() && flaky.isEmpty()) {
      System.out.println("test reports: no failed and no flaky test under " + build + "/");
    } else if (failed.isEmpty()) {
      System.out.println("test reports: no failed test; the flaky ones above passed when run again (-Dit.reruns, pom.xml)");
    }
  }

  private static void read(Path name, Path report, StringBuilder failed, StringBuilder flaky) throws Exception {
    Element suite;
    try {
      suite = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile()).getDocumentElement();
    } catch (IOException | SAXException unreadable) {
      failed.append("=== unreadable report: ").append(name).append(": ").append(unreadable.getMessage()).append('\n');
      return;
    }
    StringBuilder failures = new StringBuilder();
    StringBuilder flakes = new StringBuilder();
    NodeList cases = suite.getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      Element testCase = (Element) cases.item(i);
      String test = testCase.getAttribute("classname") + "." + testCase.getAttribute("name");
      List<Element> first = children(testCase, "failure", "error");
      if (!first.isEmpty()) {
        failures.append(test).append('\n');
        for (Element f : first) failures.append("  first run: ").append(trace(f.getTextContent()));
        for (Element again : children(testCase, "rerunFailure", "rerunError")) {
          failures.append("  run again: ").append(line(again.getAttribute("message"))).append('\n');
        }
      }
      for (Element f : children(testCase, "flakyFailure", "flakyError")) {
        flakes.append("  ").append(test).append(": ").append(line(f.getAttribute("message"))).append('\n');
      }
    }
    if (!failures.isEmpty()) failed.append("=== failed: ").append(name).append('\n').append(failures);
    if (!flakes.isEmpty()) {
      flaky.append("=== flaky (failed, then passed when run again): ").append(name).append('\n').append(flakes);
    }
  }

  private static List<Element> children(Element parent, String... names) {
    List<Element> found = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && List.of(names).contains(e.getTagName())) found.add(e);
    }
    return found;
  }

  /** The message (even on several lines) and first frames of the exception and of each cause, not the whole trace. */
  private static String trace(String text) {
    StringBuilder out = new StringBuilder();
    int lines = 0;
    int frames = 0;
    int shownFrames = FRAMES;
    for (String l : text.strip().split("\n")) {
      boolean frame = l.strip().startsWith("at ");
      if (l.startsWith("Caused by:")) {
        frames = 0;
        shownFrames = CAUSE_FRAMES;
      }
      if ((frame && frames++ >= shownFrames) || l.strip().startsWith("... ")) continue;
      if (lines++ == MAX_LINES) {
        out.append("    ...\n");
        break;
      }
      out.append(out.isEmpty() ? "" : "      ").append(line(l.strip())).append('\n');
    }
    return out.toString();
  }

  private static String line(String l) {
    String flat = l.replace("\r", "").replace('\n', ' ').stripTrailing();
    return flat.length() > LINE ? flat.substring(0, LINE) + " ..." : flat;
  }
}
