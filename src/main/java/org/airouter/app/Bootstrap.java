package org.airouter.app;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/** Starts the runtime with the application, so the first request does not pay for migrations and imports. */
@WebListener
public class Bootstrap implements ServletContextListener {
  @Inject RouterRuntime runtime;

  @Override public void contextInitialized(ServletContextEvent event) {
    runtime.proxy();   // touching the application-scoped bean builds it
  }
}
