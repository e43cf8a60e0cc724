package dev.konflux.ecosystem.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * A password, token or passphrase. It never prints its content: {@link #toString()} gives a fixed
 * mask, so a secret in a record, log line or exception message cannot leak.
 */
public final class Secret {
  private final char[] value;

  private Secret(char[] value) {
    this.value = value.clone();
  }

  /**
   * @param value the secret text
   * @return a secret holding a copy of it
   */
  public static Secret of(String value) {
    return new Secret(Objects.requireNonNull(value, "value").toCharArray());
  }

  /**
   * @param value the secret characters (copied)
   * @return a secret holding a copy of them
   */
  public static Secret of(char[] value) {
    return new Secret(Objects.requireNonNull(value, "value"));
  }

  /**
   * Reads a secret from an environment variable.
   *
   * @param name the variable
   * @return the secret
   * @throws InvalidInputException if the variable is not set
   */
  public static Secret fromEnvironment(String name) throws InvalidInputException {
    String v = System.getenv(name);
    if (v == null) {
      throw new InvalidInputException("environment variable " + name + " is not set");
    }
    return of(v);
  }

  /**
   * @return a copy of the characters; clear it after use
   */
  public char[] reveal() {
    return value.clone();
  }

  /**
   * @return the secret as a string, for APIs that need one
   */
  public String revealAsString() {
    return new String(value);
  }

  /**
   * @return whether the secret is empty
   */
  public boolean isEmpty() {
    return value.length == 0;
  }

  @Override
  public String toString() {
    return "Secret[****]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && Arrays.equals(value, s.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }
}
