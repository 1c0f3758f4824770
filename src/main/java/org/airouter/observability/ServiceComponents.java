package org.airouter.observability;

import io.opentelemetry.common.ComponentLoader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The OpenTelemetry SDK's plug-ins (exporters, propagators, samplers) as the WAR's class loader finds them, skipping any
 * the server's own class path names but cannot load as one of ours: where the server ships OpenTelemetry too, its
 * service files are visible through the WAR's loader, and one provider class that only the server has would otherwise
 * stop the whole configuration ({@link ServiceConfigurationError}: "not a subtype").
 */
final class ServiceComponents implements ComponentLoader {
  private static final Logger LOG = Logger.getLogger(ServiceComponents.class.getName());

  private final ClassLoader loader;

  ServiceComponents(ClassLoader loader) { this.loader = loader; }

  @Override public <T> Iterable<T> load(Class<T> spi) {
    List<T> found = new ArrayList<>();
    Iterator<T> providers = ServiceLoader.load(spi, loader).iterator();
    for (int guard = 0; guard < 1_000; guard++) {
      try {
        if (!providers.hasNext()) break;
        found.add(providers.next());
      } catch (ServiceConfigurationError notOurs) {
        LOG.log(Level.FINE, "Skipped an OpenTelemetry provider the WAR cannot use", notOurs);
      }
    }
    return found;
  }
}
