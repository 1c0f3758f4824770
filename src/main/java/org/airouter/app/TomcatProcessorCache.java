package org.airouter.app;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * On Tomcat, turns off the connector's processor cache ({@code processorCache="0"}). When a streaming client vanishes,
 * Tomcat may handle a late error event of that connection after its processor was recycled for another connection
 * (Tomcat bug 61768), and the other connection's request fails with a 500: seen here in about one run in five of
 * the streaming tests. Without reuse the late event finds nothing to break. The cost is a new processor, with its
 * buffers, for each request that arrives on an idle keep-alive connection: measured against the cache on, no
 * difference in CPU or throughput (bench/README.md). Operators can set it in server.xml instead
 * (server-config/tomcat) and switch this off with {@code airouter.tomcat-processor-cache-off=false}.
 */
final class TomcatProcessorCache {
  private static final Logger LOG = Logger.getLogger(TomcatProcessorCache.class.getName());

  private TomcatProcessorCache() {}

  static void turnOff() {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      Set<ObjectName> handlers = server.queryNames(new ObjectName("*:type=ProtocolHandler,*"), null);
      for (ObjectName handler : handlers) {
        Object current = server.getAttribute(handler, "processorCache");
        if (current instanceof Integer size && size != 0) {
          server.setAttribute(handler, new Attribute("processorCache", 0));
          LOG.info("Tomcat connector " + handler.getKeyProperty("port") + ": processor cache turned off "
              + "(was " + size + "; see Tomcat bug 61768)");
        }
      }
    } catch (Exception | LinkageError e) {
      LOG.log(Level.FINE, "no Tomcat connector to adjust", e);   // not Tomcat, or JMX not reachable
    }
  }
}
