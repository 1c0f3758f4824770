/** Encryption of provider keys, keyed hashing of client keys, constant-time comparison. JDK only. */
package org.airouter.secrets;
