package org.airouter.testing;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR under test: the one Maven built (system property airouter.war), deployed at the context root. */
public final class Deployments {
  private Deployments() {}

  /**
   * The built WAR, named ROOT.war: the embedded Tomcat adapter derives the context path from the archive name, and
   * the router lives at "/" (so clients use base + "v1").
   */
  public static WebArchive router() {
    return ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(warFile()).as(WebArchive.class);
  }

  /** The built WAR file; fails clearly when the ITs run outside `mvn verify`. */
  public static File warFile() {
    String path = System.getProperty("airouter.war");
    if (path == null || path.isBlank()) {
      throw new IllegalStateException("system property airouter.war is not set: run the ITs with `mvn verify`");
    }
    File war = new File(path);
    if (!war.isFile()) throw new IllegalStateException("the WAR " + war + " does not exist: run `mvn verify` (package first)");
    return war;
  }

  /**
   * The injected URL with its host replaced by 127.0.0.1. Payara Micro reports the address of one of the machine's
   * network interfaces (here 192.0.2.2, which clients could not reach); every server under test listens on loopback.
   */
  public static URL onLoopback(URL url) {
    try {
      return new URL(url.getProtocol(), "127.0.0.1", url.getPort(), url.getFile());
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The router's base URL when no {@code @ArquillianResource URL} is at hand (unmanaged deployments):
   * http://127.0.0.1:${it.http.port}/, matching arquillian.xml.
   */
  public static URL baseUrl() {
    String port = System.getProperty("it.http.port");
    if (port == null) throw new IllegalStateException("system property it.http.port is not set: run the ITs with `mvn verify`");
    try {
      return new URL("http://127.0.0.1:" + port + "/");
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }
}
