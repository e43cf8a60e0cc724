package dev.konflux.ecosystem.rpm.internal.repodata;

import java.util.Objects;

/**
 * A path a package owns, as {@code filelists.xml} lists it.
 *
 * @param path the absolute path
 * @param type what it is
 */
public record PackageFile(String path, Type type) {

  /** What a package path is; repodata distinguishes only these three. */
  public enum Type {
    /** A regular file, symlink or device (no {@code type} attribute). */
    FILE,
    /** A directory ({@code type="dir"}). */
    DIR,
    /** A {@code %ghost} file ({@code type="ghost"}). */
    GHOST
  }

  /** Validates. */
  public PackageFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
  }

  /**
   * Whether {@code primary.xml} lists this path too, by createrepo_c's (and yum's) rule: anything
   * under {@code /etc/}, {@code /usr/lib/sendmail}, and any path containing {@code bin/}.
   *
   * @param path an absolute path
   * @return whether it is a "primary" file
   */
  public static boolean isPrimary(String path) {
    return path.startsWith("/etc/") || path.equals("/usr/lib/sendmail") || path.contains("bin/");
  }
}
