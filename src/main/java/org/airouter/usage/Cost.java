package org.airouter.usage;

/**
 * What one request cost when it was recorded, in billionths of a USD; {@code priced} false when its model had no
 * price (the cost is then 0, and the console flags it).
 */
public record Cost(long nanos, boolean priced) {
  public static final Cost UNPRICED = new Cost(0, false);
  public static final Cost ZERO = new Cost(0, true);

  public double usd() { return nanos / 1e9; }
}
