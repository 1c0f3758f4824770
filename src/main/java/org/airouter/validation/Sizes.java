package org.airouter.validation;

/**
 * The longest text each kind of field may hold: what the admin API's Bean Validation and the services' own checks
 * (the config file and the console go through those) both use, and what the schema's columns are sized for.
 */
public final class Sizes {
  /** A route's, target's, key's, team's or token's name. */
  public static final int NAME = 100;
  /** A model name or pattern. */
  public static final int MODEL = 200;
  /** A base URL or an API key. */
  public static final int URL = 1000;
  /** An Azure api-version, an endpoint group's name. */
  public static final int TOKEN = 40;

  private Sizes() {}

  /** The reason a text is too long, as every check words it. */
  public static String atMost(int max) { return "at most " + max + " characters"; }
}
