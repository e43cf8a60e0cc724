package dev.konflux.ecosystem.maven.internal.pom;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the Maven target needs from a POM: its coordinates (with {@code groupId} and {@code version}
 * inherited from {@code <parent>} when absent) and which of the fields Maven Central requires it
 * has.
 *
 * @param groupId the effective group id
 * @param artifactId the artifact id
 * @param version the effective version
 * @param packaging the packaging ({@code jar} when absent)
 * @param hasName whether {@code <name>} is non-blank
 * @param hasDescription whether {@code <description>} is non-blank
 * @param hasUrl whether {@code <url>} is non-blank
 * @param hasLicenses whether {@code <licenses>} has a {@code <license>}
 * @param hasDevelopers whether {@code <developers>} has a {@code <developer>}
 * @param hasScm whether {@code <scm>} is present
 * @param parent the {@code <parent>}'s {@code groupId:artifactId:version}, or {@code null}
 */
public record Pom(
    String groupId,
    String artifactId,
    String version,
    String packaging,
    boolean hasName,
    boolean hasDescription,
    boolean hasUrl,
    boolean hasLicenses,
    boolean hasDevelopers,
    boolean hasScm,
    @Nullable String parent) {

  /** Validates. */
  public Pom {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(artifactId, "artifactId");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(packaging, "packaging");
  }

  /**
   * @return {@code groupId:artifactId:version}
   */
  public String gav() {
    return groupId + ":" + artifactId + ":" + version;
  }
}
