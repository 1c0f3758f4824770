package org.airouter.deploy.ee;

import org.airouter.testing.DatabaseTarget;
import org.airouter.testing.MockUpstream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** WildFly with server-config/wildfly/datasource-postgresql.cli against PostgreSQL on 127.0.0.1:5432. */
@ExtendWith(ArquillianExtension.class)
class WildFlyPostgreSqlIT extends WildFlyDataSourceIT {
  /** One per class: the extension stops it after the class, and the next class needs a running one. */
  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    return deploymentOn(DatabaseTarget.POSTGRESQL, "postgresql", "driver.postgresql", WildFlyPostgreSqlIT.class, upstream);
  }
}
