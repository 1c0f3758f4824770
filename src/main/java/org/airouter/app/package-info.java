/** Application start and stop: builds the parts in order and keeps their snapshots fresh. */
package org.airouter.app;
