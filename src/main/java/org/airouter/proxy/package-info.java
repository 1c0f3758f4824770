/** The /v1 proxy: non-blocking body reading, routing, the upstream call and the streaming relay back. */
package org.airouter.proxy;
