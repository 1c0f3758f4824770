/** Payload capture for debugging: request and answer bodies of chosen routes or keys, capped, redacted, kept a while. */
package org.airouter.capture;
