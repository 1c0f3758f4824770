/**
 * Admission of client requests against limits and budgets (reserve, then settle), with counters in memory for one
 * instance or in Redis for several.
 */
package org.airouter.limits;
