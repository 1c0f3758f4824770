/**
 * The same acceptance suite on every server: embedded Tomcat in the default build, managed WildFly with
 * {@code -Pwildfly}, Payara Micro with {@code -Ppayara}; and a router on a container DataSource (JNDI).
 */
package org.airouter.deploy;
