/** ITs of client keys: which header carries them, and what a disabled, expired or restricted key may do. */
package org.airouter.keys;
