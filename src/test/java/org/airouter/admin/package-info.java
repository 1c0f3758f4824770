/** The admin JSON API, health and metrics, against the deployed WAR. */
package org.airouter.admin;
