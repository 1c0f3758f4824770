package org.airouter.keys;

/** The outcome of checking a presented client key. */
public sealed interface KeyCheck {
  record Valid(ActiveKey key) implements KeyCheck {}

  /** Missing or unknown. */
  record Unknown() implements KeyCheck {}

  /** Known, but disabled or past its expiry. */
  record Inactive() implements KeyCheck {}
}
