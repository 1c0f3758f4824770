package org.airouter.failover;

import java.time.Instant;

/**
 * One target's health at one moment, for the console, the admin API and /metrics.
 *
 * @param lastErrorStatus the HTTP status of the last failure, 0 when it had none (a connection failure), -1 never
 * @param lastError       its message, as the relay reported it (already free of secrets), or null
 * @param reopensAt       the instant after which it takes requests again, or null when it does now
 */
public record HealthSnapshot(TargetKey key, HealthState state, int lastErrorStatus, String lastError,
    Instant lastErrorAt, Instant reopensAt) {}
