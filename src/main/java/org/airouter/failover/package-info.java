/**
 * Failover's decisions, free of the servlet, the HTTP client and JPA, so each rule is tested with plain values and
 * a clock: {@link org.airouter.failover.AttemptPlan} runs one client request's attempt loop (which target next, after
 * which wait, or give up) from {@link org.airouter.failover.TargetPicker} (selection),
 * {@link org.airouter.failover.RetryRules} and {@link org.airouter.failover.Replay} (what may be tried again),
 * {@link org.airouter.failover.Deadline} (one per request), {@link org.airouter.failover.SameTargetWait} and
 * {@link org.airouter.failover.Fallbacks}; {@link org.airouter.failover.TargetHealthRegistry} keeps each target's
 * health on Resilience4j's circuit breaker; {@link org.airouter.failover.CommitPoint} finds a stream's first content
 * frame and {@link org.airouter.failover.KeepaliveSchedule} what to send before it. The proxy adapts its route
 * targets to {@link org.airouter.failover.Candidate} and its relay's reports to
 * {@link org.airouter.failover.AttemptOutcome}.
 */
package org.airouter.failover;
