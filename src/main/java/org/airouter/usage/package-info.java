/** Usage accounting: every proxied request recorded off the hot path, rolled up by the hour, and read back. */
package org.airouter.usage;
