package org.airouter.app;

import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * On Tomcat, keeps the host's error report valve from naming the server and its version, and from echoing the
 * reason. The router's web.xml sends every status it sees to its own JSON error page, but some requests are refused
 * before any application is chosen (an encoded slash, a malformed escape: 400), and those only the host's valve
 * answers. Operators can set the same in server.xml (server-config/tomcat); this makes a stock Tomcat quiet too.
 */
final class TomcatErrorReports {
  private static final Logger LOG = Logger.getLogger(TomcatErrorReports.class.getName());

  private TomcatErrorReports() {}

  static void quiet() {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      for (ObjectName valve : server.queryNames(new ObjectName("*:type=Valve,name=ErrorReportValve,*"), null)) {
        if (Boolean.TRUE.equals(server.getAttribute(valve, "showServerInfo"))
            || Boolean.TRUE.equals(server.getAttribute(valve, "showReport"))) {
          server.setAttribute(valve, new Attribute("showServerInfo", false));
          server.setAttribute(valve, new Attribute("showReport", false));
          LOG.info("Tomcat host " + valve.getKeyProperty("host") + ": error pages no longer show the server's name,"
              + " version or the reason");
        }
      }
    } catch (Exception | LinkageError e) {
      LOG.log(Level.FINE, "no Tomcat error report valve to adjust", e);   // not Tomcat, or JMX not reachable
    }
  }
}
