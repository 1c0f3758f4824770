/** The admin console: in a real browser (ConsoleBrowserIT) and at the HTTP level (ConsoleSecurityIT). */
package org.airouter.console;
