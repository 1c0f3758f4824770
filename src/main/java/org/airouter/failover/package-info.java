/**
 * Failover's decisions, free of the servlet, the HTTP client and JPA: which target of a route to try next
 * ({@link org.airouter.failover.TargetPicker}), whether a failed attempt may be tried again
 * ({@link org.airouter.failover.RetryRules}, {@link org.airouter.failover.Replay}) and within which
 * {@link org.airouter.failover.Deadline}, each target's health ({@link org.airouter.failover.TargetHealthRegistry}),
 * and where a streamed answer commits ({@link org.airouter.failover.CommitPoint}). The proxy adapts its route
 * targets to {@link org.airouter.failover.Candidate} and its relay's reports to
 * {@link org.airouter.failover.AttemptOutcome}; everything here is then plain values and clocks.
 */
package org.airouter.failover;
