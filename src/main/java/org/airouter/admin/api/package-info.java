/** The admin JSON API under /api/admin/v1: thin JAX-RS resources over the same services as the console. */
package org.airouter.admin.api;
