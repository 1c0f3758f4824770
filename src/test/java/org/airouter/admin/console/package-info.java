/**
 * The admin console: its page helpers (plain JUnit), each page in a real browser (one *BrowserIT per page or group of
 * pages, each deploying the WAR with its own data and signing in itself), and the HTTP level (ConsoleSecurityIT).
 */
package org.airouter.admin.console;
