package org.airouter.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build's import check (issue 20: "a formatter or import check if it costs little"; this one reads every source
 * file once, well under a second): no class is named by its full package in code, where an import says it once at
 * the top, unless another class of that simple name is imported (then one of the two must be written in full); and no
 * import is left unused. Strings, comments and Javadoc are not code and are skipped.
 */
class SourceHygieneTest {
  private static final Pattern QUALIFIED =
      Pattern.compile("(?<![\\w.\"])(?:java|jakarta|javax|org|io|com)\\.(?:[a-z_][a-z0-9_]*\\.)+[A-Z]\\w*");
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final String TEXT_BLOCK = "\"\"\"";
  private static final Pattern IMPORT = Pattern.compile("^import ([\\w.]+)\\.(\\w+);$");

  @Test void noInlineQualifiedNamesAndNoUnusedImports() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path root : List.of(Path.of("src/main/java"), Path.of("src/test/java"))) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) check(file, found);
      }
    }
    assertEquals(List.of(), found);
  }

  private static void check(Path file, List<String> found) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<String> importedNames = lines.stream().map(l -> IMPORT.matcher(l.strip())).filter(Matcher::matches)
        .map(m -> m.group(2)).toList();
    StringBuilder code = new StringBuilder();
    boolean inComment = false;
    boolean inTextBlock = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (inTextBlock) {
        int end = line.indexOf(TEXT_BLOCK);
        if (end < 0) continue;
        inTextBlock = false;
        line = line.substring(end + TEXT_BLOCK.length());
      }
      int opens = line.indexOf(TEXT_BLOCK);   // nothing may follow it on its line: the text starts on the next
      if (opens >= 0) {
        inTextBlock = true;
        line = line.substring(0, opens);
      }
      if (inComment) {
        inComment = !line.contains("*/");
        continue;
      }
      if (line.startsWith("/*")) {
        inComment = !line.contains("*/");
        continue;
      }
      if (line.startsWith("import ") || line.startsWith("package ") || line.startsWith("//")) continue;
      String bare = STRING.matcher(line).replaceAll("\"\"");
      int comment = bare.indexOf("//");
      if (comment >= 0) bare = bare.substring(0, comment);
      Matcher qualified = QUALIFIED.matcher(bare);
      while (qualified.find()) {
        String name = qualified.group();
        if (importedNames.contains(name.substring(name.lastIndexOf('.') + 1))) continue;   // a clash: written in full
        found.add(file + ":" + (i + 1) + " names " + name + " inline; import it");
      }
      code.append(bare).append('\n');
    }
    for (String line : lines) {
      Matcher imported = IMPORT.matcher(line.strip());
      if (imported.matches() && !Pattern.compile("\\b" + imported.group(2) + "\\b").matcher(code).find()
          && !javadocNames(lines, imported.group(2))) {
        found.add(file + " imports " + imported.group(1) + "." + imported.group(2) + " and never uses it");
      }
    }
  }

  /** An import used only by a Javadoc {@code {@link}} is in use: javac resolves it there. */
  private static boolean javadocNames(List<String> lines, String simpleName) {
    Pattern link = Pattern.compile("\\{@(?:link|linkplain|value) " + simpleName + "\\b|@(?:see|throws) " + simpleName + "\\b");
    return lines.stream().anyMatch(l -> link.matcher(l).find());
  }
}
