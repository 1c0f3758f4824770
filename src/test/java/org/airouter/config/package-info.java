/** Tests of the settings: where each server keeps the data directory when none is set. */
package org.airouter.config;
