package org.airouter.app;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import org.airouter.security.oidc.OidcProvider;

/**
 * Starts the runtime with the application, so the first request does not pay for migrations and imports; and on
 * Tomcat, hooks the drain of open streams to the first sign of a stop ({@link TomcatContextStop}).
 */
@WebListener
public class Bootstrap implements ServletContextListener {
  @Inject RouterRuntime runtime;
  @Inject OidcProvider oidc;
  private TomcatContextStop stop;

  @Override public void contextInitialized(ServletContextEvent event) {
    var proxy = runtime.proxy();   // touching the application-scoped bean builds it
    oidc.enabled();   // reads the single sign-on settings now: a mistake in them stops the start, naming the setting
    stop = TomcatContextStop.register(event.getServletContext(), proxy::drain);
  }

  @Override public void contextDestroyed(ServletContextEvent event) {
    if (stop != null) stop.unregister();
  }
}
