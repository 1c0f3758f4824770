package org.airouter.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every log line written in this JVM (the embedded Tomcat and the router's own, through java.util.logging) from
 * {@link #start()} on, formatted as the server would print it, stack traces included.
 */
public final class LogCapture extends Handler {
  private final List<String> lines = new ArrayList<>();
  private final SimpleFormatter formatter = new SimpleFormatter();

  private LogCapture() { setLevel(Level.ALL); }

  public static LogCapture start() {
    LogCapture capture = new LogCapture();
    Logger.getLogger("").addHandler(capture);
    return capture;
  }

  public synchronized List<String> lines() { return List.copyOf(lines); }

  @Override public synchronized void publish(LogRecord record) { lines.add(formatter.format(record)); }

  @Override public void flush() { }

  @Override public void close() { Logger.getLogger("").removeHandler(this); }
}
