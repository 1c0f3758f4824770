/** What operators see of proxied requests outside the router: the access log and OpenTelemetry traces. */
package org.airouter.observability;
