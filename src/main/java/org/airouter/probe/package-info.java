/** The online test: one real chat completion through a route, timed, for the console and the admin API. */
package org.airouter.probe;
