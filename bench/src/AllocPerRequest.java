// Bytes the router's JVM allocated over a JFR recording of jdk.ThreadAllocationStatistics (cumulative bytes per
// thread, at the recording's start and end): the sum over threads of the last sample minus the first, divided by the requests
// served meanwhile. Unlike CPU time, it does not change with how busy the machine's other processes keep the cores.
//   java AllocPerRequest recording.jfr REQUESTS   →   prints bytes per request
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

public class AllocPerRequest {
  public static void main(String[] a) throws Exception {
    Map<Long, long[]> byThread = new HashMap<>();   // thread id → {first, last}
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(a[0]))) {
      if (!e.getEventType().getName().equals("jdk.ThreadAllocationStatistics")) continue;
      long tid = e.getThread("thread") == null ? -1 : e.getThread("thread").getJavaThreadId();
      long v = e.getLong("allocated");
      long[] fl = byThread.computeIfAbsent(tid, k -> new long[] {v, v});
      fl[0] = Math.min(fl[0], v);
      fl[1] = Math.max(fl[1], v);
    }
    long total = 0;
    for (long[] fl : byThread.values()) total += fl[1] - fl[0];
    System.out.printf(java.util.Locale.ROOT, "%.0f%n", total / Double.parseDouble(a[1]));
  }
}
