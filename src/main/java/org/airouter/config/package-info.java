/** Deployment settings read from system properties and environment variables. */
package org.airouter.config;
