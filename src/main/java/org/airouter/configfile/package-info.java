/** The configuration file format (ours and the original Worker's) and its idempotent import. */
package org.airouter.configfile;
