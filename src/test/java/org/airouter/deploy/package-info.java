/**
 * The same acceptance suite on every server: embedded Tomcat in the default build, managed WildFly with
 * {@code -Pwildfly}, Payara Micro with {@code -Ppayara}; and a router on a container DataSource (JNDI).
 * <p>Test-only, with no package in src/main on purpose: what these test is the packaged WAR on a server (pom.xml's
 * server profiles select them by this path), not one package of the code.
 */
package org.airouter.deploy;
