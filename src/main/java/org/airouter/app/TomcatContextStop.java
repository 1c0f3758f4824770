package org.airouter.app;

import jakarta.servlet.ServletContext;
import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;

/**
 * On Tomcat, the first word that this application is being stopped, early enough to drain open streams.
 *
 * <p>Tomcat's context stop (StandardContext.stopInternal) unmaps the context, waits up to its {@code unloadDelay}
 * (2 s) for open asynchronous requests, then marks itself unavailable, and its connector then times out every
 * asynchronous request still open: a stream is cut without a last frame. Servlet {@code destroy()} and the context
 * listeners run only after that, too late. Before all of it, the context sends the JMX notification
 * {@code j2ee.state.stopping}, on the stopping thread and synchronously: a listener that drains there holds the stop
 * until the open exchanges have ended, and everything that follows (usage flush, HttpClient close) comes after.
 * Standard JMX only, no Tomcat classes; where there is no such MBean (WildFly, Payara) nothing is registered and
 * {@code ProxyServlet.destroy()} starts the drain.
 */
final class TomcatContextStop implements NotificationListener {
  private static final Logger LOG = Logger.getLogger(TomcatContextStop.class.getName());
  static final String STOPPING = "j2ee.state.stopping";

  private final MBeanServer server;
  private final ObjectName context;
  private final Runnable drain;

  private TomcatContextStop(MBeanServer server, ObjectName context, Runnable drain) {
    this.server = server;
    this.context = context;
    this.drain = drain;
  }

  /** Runs {@code drain} when Tomcat begins to stop this context; returns what undoes it, or null when not on Tomcat. */
  static TomcatContextStop register(ServletContext servletContext, Runnable drain) {
    try {
      String virtualServer = servletContext.getVirtualServerName();   // Tomcat: "<engine>/<host>"
      int slash = virtualServer == null ? -1 : virtualServer.indexOf('/');
      if (slash < 0) return null;
      String path = servletContext.getContextPath();
      String name = "//" + virtualServer.substring(slash + 1) + (path.isEmpty() ? "/" : path);
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      for (ObjectName candidate : server.queryNames(
          new ObjectName(virtualServer.substring(0, slash) + ":j2eeType=WebModule,*"), null)) {
        if (!name.equals(candidate.getKeyProperty("name"))) continue;
        TomcatContextStop listener = new TomcatContextStop(server, candidate, drain);
        server.addNotificationListener(candidate, listener, null, null);
        return listener;
      }
    } catch (Exception | LinkageError e) {
      LOG.log(Level.FINE, "no Tomcat context MBean to listen to", e);
    }
    return null;
  }

  @Override public void handleNotification(Notification notification, Object handback) {
    if (STOPPING.equals(notification.getType())) drain.run();
  }

  /** The application is gone: the MBean server must not keep this listener (and our class loader) alive. */
  void unregister() {
    try {
      server.removeNotificationListener(context, this);
    } catch (Exception alreadyGone) {
      // the context's MBean was unregistered with it
    }
  }
}
