package dev.konflux.ecosystem.util;

/**
 * The limits every parser of untrusted JSON in this project applies (the api's own parser among
 * them), so that a hostile document costs bounded memory and time. A module that parses JSON with
 * its own library configures it with these values and rejects duplicate object keys.
 */
public final class JsonLimits {
  /** Deepest nesting of arrays and objects accepted. */
  public static final int MAX_NESTING_DEPTH = 64;

  /** Longest string value accepted, in characters. */
  public static final int MAX_STRING_LENGTH = 8 * 1024 * 1024;

  /** Longest number literal accepted, in characters. */
  public static final int MAX_NUMBER_LENGTH = 64;

  private JsonLimits() {}
}
