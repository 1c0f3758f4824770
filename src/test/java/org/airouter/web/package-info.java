/** ITs of browser-facing behaviour: CORS. */
package org.airouter.web;
