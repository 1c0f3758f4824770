package org.airouter.app;

import jakarta.servlet.ServletContext;
import java.lang.reflect.Field;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;

/**
 * On Tomcat, the first word that this application is being stopped, early enough to drain open streams.
 *
 * <p>Tomcat's context stop (StandardContext.stopInternal) unmaps the context, waits up to its {@code unloadDelay}
 * (2 s) for open asynchronous requests, then marks itself unavailable, and its connector then times out every
 * asynchronous request still open: a stream is cut without a last frame. Servlet {@code destroy()} and the context
 * listeners run only after that, too late. Before all of it, the context sends the notification
 * {@code j2ee.state.stopping}, on the stopping thread and synchronously: a listener that drains there holds the stop
 * until the open exchanges have ended, and everything that follows (usage flush, HttpClient close) comes after.
 *
 * <p>The context sends it to listeners added on the context object itself (not through the MBean server: Tomcat's
 * model MBean keeps its own listeners), so the object is reached through the servlet context's two private
 * {@code context} fields, as Tomcat 9 to 11 name them. Only JDK types are used; where the path does not exist (WildFly,
 * Payara, a changed Tomcat) nothing is registered and {@code ProxyServlet.destroy()} starts the drain.
 */
final class TomcatContextStop implements NotificationListener {
  private static final Logger LOG = Logger.getLogger(TomcatContextStop.class.getName());
  static final String STOPPING = "j2ee.state.stopping";

  private final NotificationEmitter context;
  private final Runnable drain;

  private TomcatContextStop(NotificationEmitter context, Runnable drain) {
    this.context = context;
    this.drain = drain;
  }

  /** Runs {@code drain} when Tomcat begins to stop this context; returns what undoes it, or null when not on Tomcat. */
  static TomcatContextStop register(ServletContext servletContext, Runnable drain) {
    try {
      // ApplicationContextFacade.context is the ApplicationContext, whose context is the StandardContext. A listener
      // that Tomcat counts as added by a library gets the facade wrapped (StandardContext.NoPluggabilityServletContext).
      Object facade = servletContext.getClass().getSimpleName().equals("NoPluggabilityServletContext")
          ? field(servletContext, "sc") : servletContext;
      Object standardContext = field(field(facade, "context"), "context");
      if (!(standardContext instanceof NotificationEmitter emitter)) return null;
      TomcatContextStop listener = new TomcatContextStop(emitter, drain);
      emitter.addNotificationListener(listener, null, null);
      LOG.fine("open streams drain when Tomcat begins to stop " + standardContext);
      return listener;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError notTomcat) {
      LOG.log(Level.FINE, "not on Tomcat: the drain starts with the servlet's destroy()", notTomcat);
      return null;
    }
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    if (owner == null) throw new NoSuchFieldException(name);
    for (Class<?> type = owner.getClass(); type != null; type = type.getSuperclass()) {
      try {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
      } catch (NoSuchFieldException next) {
        // a superclass may declare it
      }
    }
    throw new NoSuchFieldException(owner.getClass().getName() + "." + name);
  }

  @Override public void handleNotification(Notification notification, Object handback) {
    if (STOPPING.equals(notification.getType())) drain.run();
  }

  /** The application is gone: the context must not keep this listener (and our class loader) alive. */
  void unregister() {
    try {
      context.removeNotificationListener(this);
    } catch (Exception alreadyGone) {
      // nothing to remove
    }
  }
}
