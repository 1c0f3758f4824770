/**
 * Routes (stored, each with its targets: the upstreams behind it, and its failover settings), their in-memory
 * snapshot, and the rule that picks one for a requested model.
 */
package org.airouter.routing;
