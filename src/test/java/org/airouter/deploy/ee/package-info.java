/**
 * Tests that need a full Jakarta EE server started by their Maven profile ({@code -Pwildfly}, {@code -Ppayara}): the
 * operator files of server-config/ applied to the running server, then the router deployed on the database they
 * configure. The default (Tomcat) build excludes this package.
 */
package org.airouter.deploy.ee;
