package dev.konflux.ecosystem.pypi.internal.dist;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Python project names: validity (core metadata spec) and normalisation (PEP 503, wheel escaping).
 */
public final class ProjectName {
  private ProjectName() {}

  /** Longest name accepted; longer names are not plausible and would only cost time. */
  public static final int MAX_LENGTH = 200;

  private static final Pattern VALID =
      Pattern.compile("[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]");
  private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

  /**
   * @param name a name from metadata or a file name
   * @return whether it is a valid project name
   */
  public static boolean isValid(String name) {
    return name != null && name.length() <= MAX_LENGTH && VALID.matcher(name).matches();
  }

  /**
   * @param name a project name
   * @return its PEP 503 normalised form: lower case, runs of {@code -_.} replaced by {@code -}
   */
  public static String normalize(String name) {
    return SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
  }

  /**
   * @param name a project name
   * @return the form used in wheel and sdist file names: lower case, runs of {@code -_.} replaced
   *     by {@code _}
   */
  public static String escape(String name) {
    return SEPARATORS.matcher(name).replaceAll("_").toLowerCase(Locale.ROOT);
  }
}
