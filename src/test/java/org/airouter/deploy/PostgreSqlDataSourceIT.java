package org.airouter.deploy;

import org.airouter.testing.DatabaseTarget;
import org.airouter.testing.MockUpstream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tomcat, a container DataSource from server-config/tomcat/ROOT-postgresql.xml, PostgreSQL on 127.0.0.1:5432. */
@ExtendWith(ArquillianExtension.class)
class PostgreSqlDataSourceIT extends ContainerDataSourceIT {
  /** One per class: the extension stops it after the class, and the next class needs a running one. */
  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    return deploymentOn(DatabaseTarget.POSTGRESQL, "ROOT-postgresql.xml", PostgreSqlDataSourceIT.class, upstream);
  }
}
