/** ITs of the OpenAI-compatible surface at /v1: forwarding, streaming, errors, CORS, and the official SDKs as clients. */
package org.airouter.proxy;
