/** The OpenAI wire format the router speaks to clients: error bodies and SSE framing. */
package org.airouter.wire;
