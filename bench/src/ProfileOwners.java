// Whose code burns the router's CPU: reads an async-profiler profile in collapsed form (one "frame;frame;...;leaf
// count" line per stack) and charges each sample to an owner, printed as a markdown table.
//   java ProfileOwners.java router-cpu.collapsed
// A sample is charged to the owner of the innermost frame that belongs to a known library, so the JDK code a library
// calls (collections, locks, NIO) counts as that library's. Samples that end in the kernel or a libc system call
// wrapper are one owner of their own: on this kind of VM a system call costs as much as the code around it, and
// the question those samples answer is "how many reads, writes and wake-ups", not "whose".
import java.nio.file.*;
import java.util.*;

public class ProfileOwners {
  static final String KERNEL = "kernel: socket reads/writes, epoll, thread wake-ups";
  static final String[][] OWNERS = {
      {"org/airouter/usage/", "usage records (JDBC batch into H2)"},
      {"org/h2/", "usage records (JDBC batch into H2)"},
      {"org/hibernate/", "usage records (JDBC batch into H2)"},
      {"org/airouter/", "router code (servlet, exchange, relay, keys, routing, metrics)"},
      {"org/eclipse/parsson/", "router code (servlet, exchange, relay, keys, routing, metrics)"},
      {"org/apache/hc/", "HttpClient 5 (I/O reactor, pool, exchange)"},
      {"org/apache/tomcat/", "Tomcat (connector, async request, servlet response)"},
      {"org/apache/coyote/", "Tomcat (connector, async request, servlet response)"},
      {"org/apache/catalina/", "Tomcat (connector, async request, servlet response)"}};
  static final List<String> SYSCALL_MARKS = List.of("__GI_", "epoll_", "futex", "pthread_cond", "__lll_", "syscall");

  public static void main(String[] a) throws Exception {
    Map<String, Long> samples = new HashMap<>(), kernel = new HashMap<>();
    long total = 0;
    for (String line : Files.readAllLines(Path.of(a[0]))) {
      int space = line.lastIndexOf(' ');
      if (space < 0) continue;
      long n = Long.parseLong(line.substring(space + 1).trim());
      String[] frames = line.substring(0, space).split(";");
      String owner = owner(frames);
      samples.merge(owner, n, Long::sum);
      if (owner.equals(KERNEL)) kernel.merge(kernelCall(frames), n, Long::sum);
      total += n;
    }
    table("owner", samples, total);
    table("kernel samples by call", kernel, total);
    System.out.printf("%d samples%n", total);
  }

  static void table(String title, Map<String, Long> counts, long total) {
    System.out.printf("| %s | share of the router's CPU samples |%n|---|---|%n", title);
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> System.out.printf(Locale.ROOT, "| %s | %.1f %% |%n", e.getKey(), 100.0 * e.getValue() / total));
    System.out.println();
  }

  /** The Java-side call a kernel sample is under: what the JVM asked the kernel for. */
  static String kernelCall(String[] frames) {
    for (int i = frames.length - 1; i >= 0; i--) {
      String f = frames[i];
      if (f.startsWith("sun/nio/ch/EventFD") || f.contains("LockSupport") || f.contains("Unsafe.park")
          || f.contains("Unsafe.unpark") || f.contains("Unsafe_Park") || f.contains("Unsafe_Unpark")) {
        return "thread park/unpark and selector wake-ups";
      }
      if (f.startsWith("sun/nio/ch/SocketDispatcher.write") || f.startsWith("sun/nio/ch/IOUtil.write")) return "socket writes";
      if (f.startsWith("sun/nio/ch/SocketDispatcher.read") || f.startsWith("sun/nio/ch/IOUtil.read")) return "socket reads";
      if (f.startsWith("sun/nio/ch/EPoll")) return "epoll (interest changes, waits)";
    }
    return "other (accept, close, timers, page faults)";
  }

  static String owner(String[] frames) {
    String leaf = frames[frames.length - 1];
    if (leaf.endsWith("_[k]") || SYSCALL_MARKS.stream().anyMatch(leaf::contains)) return KERNEL;
    for (int i = frames.length - 1; i >= 0; i--) {
      for (String[] o : OWNERS) if (frames[i].startsWith(o[0])) return o[1];
    }
    for (String f : frames) {
      if (f.contains("Compile") || f.contains("C2Compiler") || f.contains("C1 ")) return "JIT compiler";
      if (f.contains("GC") || f.contains("PSPromotion") || f.contains("Scavenge")) return "garbage collector";
    }
    return "JDK and JVM, other";
  }
}
