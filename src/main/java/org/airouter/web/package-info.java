/** What the container serves for the whole application rather than for one feature: its error pages. */
package org.airouter.web;
