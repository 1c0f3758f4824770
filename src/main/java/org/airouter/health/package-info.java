/** Liveness and readiness for load balancers and orchestrators: no auth, no secrets. */
package org.airouter.health;
