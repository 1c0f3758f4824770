/** Self-service for members: their own client keys within their team's limits and budget, and their own usage. */
package org.airouter.selfservice;
