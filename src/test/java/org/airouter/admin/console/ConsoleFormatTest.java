package org.airouter.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConsoleFormatTest {
  @Test void aCountReadsAsEnglish() {
    assertEquals("0 routes", ConsoleFormat.count(0, "route"));
    assertEquals("1 route", ConsoleFormat.count(1, "route"));
    assertEquals("2 client keys", ConsoleFormat.count(2, "client key"));
    assertEquals("1 target", new ConsoleFormat().counted(1, "target"));
  }
}
