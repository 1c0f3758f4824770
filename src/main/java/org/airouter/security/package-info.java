/** Who may use the admin API: the admin password (HTTP Basic) and admin tokens (Bearer), and the filter that asks. */
package org.airouter.security;
