package org.airouter.testing;

import java.lang.management.ManagementFactory;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Turns off the embedded Tomcat's processor cache (the same setting the operator applies: {@code processorCache="0"},
 * see server-config/tomcat). Tomcat may process a late error event of a connection whose client vanished mid-stream
 * after that connection's processor was recycled for another connection (Tomcat bug 61768): the stranger's request
 * then fails with a 500. Without reuse, the late event finds nothing to break.
 */
public final class TomcatProcessors {
  private TomcatProcessors() {}

  public static void noReuse() {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      for (ObjectName handler : server.queryNames(new ObjectName("*:type=ProtocolHandler,*"), null)) {
        server.setAttribute(handler, new Attribute("processorCache", 0));
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot configure the embedded Tomcat's connector", e);
    }
  }
}
