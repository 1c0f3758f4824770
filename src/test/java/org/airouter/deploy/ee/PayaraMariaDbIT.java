package org.airouter.deploy.ee;

import org.airouter.testing.DatabaseTarget;
import org.airouter.testing.MockUpstream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Payara Micro with server-config/payara/datasource-mariadb.asadmin against MariaDB on 127.0.0.1:3306. */
@ExtendWith(ArquillianExtension.class)
class PayaraMariaDbIT extends PayaraDataSourceIT {
  /** One per class: the extension stops it after the class, and the next class needs a running one. */
  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    return deploymentOn(DatabaseTarget.MARIADB, "mariadb", PayaraMariaDbIT.class, upstream);
  }

  @Override String trueLiteral() { return "1"; }
}
