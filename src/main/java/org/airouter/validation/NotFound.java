package org.airouter.validation;

/** Nothing has the id (or name) asked for (a 404). */
public abstract class NotFound extends RuntimeException {
  protected NotFound(String message) { super(message); }

  /** "No {@code thing} with id {@code id}." */
  protected NotFound(String thing, long id) { this("No " + thing + " with id " + id + "."); }
}
