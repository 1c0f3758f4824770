/** Prometheus metrics: the registry, per-request counters and histograms, and the /metrics endpoint. */
package org.airouter.metrics;
