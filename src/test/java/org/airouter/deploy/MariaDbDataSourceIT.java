package org.airouter.deploy;

import org.airouter.testing.DatabaseTarget;
import org.airouter.testing.MockUpstream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tomcat, a container DataSource from server-config/tomcat/ROOT-mariadb.xml, MariaDB on 127.0.0.1:3306. */
@ExtendWith(ArquillianExtension.class)
class MariaDbDataSourceIT extends ContainerDataSourceIT {
  /** One per class: the extension stops it after the class, and the next class needs a running one. */
  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    return deploymentOn(DatabaseTarget.MARIADB, "ROOT-mariadb.xml", MariaDbDataSourceIT.class, upstream);
  }

  @Override String trueLiteral() { return "1"; }
}
