/** The admin console (Jakarta Faces): one thin page bean per view, calling the same services as the admin API. */
package org.airouter.admin.console;
