package org.airouter.validation;

/** Another one of its kind already has the name (a 409). */
public abstract class DuplicateName extends RuntimeException {
  /** @param aThing "A route", "An admin token": the start of the message */
  protected DuplicateName(String aThing, String name) { super(aThing + " named '" + name + "' already exists."); }
}
