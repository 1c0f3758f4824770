/**
 * Test-only, with no package in src/main on purpose: what it tests is bench/ (the load tools beside the project, not
 * part of the WAR), so there is no main package for it to mirror.
 */
package org.airouter.bench;
