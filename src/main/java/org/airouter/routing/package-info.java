/** Routes (stored), their in-memory snapshot, and the rule that picks one for a requested model. */
package org.airouter.routing;
