package dev.konflux.ecosystem.rpm.internal.repodata;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One {@code rpm:entry} of a dependency list.
 *
 * @param name the capability
 * @param flags the comparison, or {@code null} if unversioned (then epoch, version and release are
 *     not written)
 * @param epoch the epoch of the compared version, or {@code null}
 * @param version the version, or {@code null}
 * @param release the release, or {@code null}
 * @param pre for requires: needed before install scripts run ({@code pre="1"})
 */
public record Dependency(
    String name,
    @Nullable DependencyFlags flags,
    @Nullable String epoch,
    @Nullable String version,
    @Nullable String release,
    boolean pre) {

  /** Validates. */
  public Dependency {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("dependency name is empty");
    }
  }

  /**
   * @param name the capability
   * @return an unversioned dependency
   */
  public static Dependency unversioned(String name) {
    return new Dependency(name, null, null, null, null, false);
  }
}
