/** Test harness: a scripted OpenAI-like upstream, HTTP helpers, config files and deployment wiring for the ITs. */
package org.airouter.testing;
