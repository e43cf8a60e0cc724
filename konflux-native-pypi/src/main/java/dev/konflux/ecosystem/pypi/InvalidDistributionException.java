package dev.konflux.ecosystem.pypi;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A wheel or sdist that must not be published, naming the file and the rule it broke. It is an
 * {@link InvalidInputException} (CLI exit code 4); the release writes nothing.
 */
public final class InvalidDistributionException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  private final String fileName;
  private final DistributionRule rule;
  private final String detail;

  /**
   * @param fileName the distribution's file name (untrusted text, already made printable)
   * @param rule the rule broken
   * @param detail what exactly is wrong
   */
  public InvalidDistributionException(String fileName, DistributionRule rule, String detail) {
    this(fileName, rule, detail, null);
  }

  /**
   * @param fileName the distribution's file name (untrusted text, already made printable)
   * @param rule the rule broken
   * @param detail what exactly is wrong
   * @param where where the file came from (layer digest, component), or {@code null}
   */
  public InvalidDistributionException(
      String fileName, DistributionRule rule, String detail, @Nullable String where) {
    super(fileName + (where == null ? "" : " (" + where + ")") + ": " + rule + ": " + detail);
    this.fileName = Objects.requireNonNull(fileName, "fileName");
    this.rule = Objects.requireNonNull(rule, "rule");
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  /**
   * @param where where the file came from (layer digest, component)
   * @return the same failure, its message naming where the file came from
   */
  public InvalidDistributionException from(String where) {
    InvalidDistributionException e =
        new InvalidDistributionException(fileName, rule, detail, where);
    e.setStackTrace(getStackTrace());
    return e;
  }

  /**
   * @return what exactly is wrong
   */
  public String detail() {
    return detail;
  }

  /**
   * @return the file name of the distribution
   */
  public String fileName() {
    return fileName;
  }

  /**
   * @return the rule it broke
   */
  public DistributionRule rule() {
    return rule;
  }
}
