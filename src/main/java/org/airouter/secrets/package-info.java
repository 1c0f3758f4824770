/**
 * Encryption of provider keys, keyed hashing of client keys, constant-time comparison (JDK only), and the one
 * redaction rule for what upstreams say ({@link org.airouter.secrets.Redactor}, which reads JSON through wire).
 */
package org.airouter.secrets;
