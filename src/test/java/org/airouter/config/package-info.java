/** ITs of configuration: the start-up file import and database changes reaching the running proxy. */
package org.airouter.config;
