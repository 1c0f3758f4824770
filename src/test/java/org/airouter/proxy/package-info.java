/** ITs of the OpenAI-compatible surface at /v1: forwarding, streaming, errors. */
package org.airouter.proxy;
