/** What the services refuse, in one family of exceptions the admin API and the console each map once. */
package org.airouter.validation;
