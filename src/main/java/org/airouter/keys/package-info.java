/** Client keys: issued once, stored as keyed hashes, checked from an in-memory table. */
package org.airouter.keys;
