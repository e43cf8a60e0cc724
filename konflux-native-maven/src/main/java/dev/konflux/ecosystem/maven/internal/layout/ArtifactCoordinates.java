package dev.konflux.ecosystem.maven.internal.layout;

import java.util.Objects;

/**
 * The coordinates of one file in a Maven repository.
 *
 * @param groupId group id
 * @param artifactId artifact id
 * @param baseVersion the version directory ({@code 1.0} or {@code 1.0-SNAPSHOT})
 * @param fileVersion the version in the file name ({@code 1.0-20240101.120000-1} for a timestamped
 *     snapshot, else {@code baseVersion})
 * @param classifier the classifier, or empty
 * @param extension the extension ({@code jar}, {@code pom}, {@code tar.gz})
 */
public record ArtifactCoordinates(
    String groupId,
    String artifactId,
    String baseVersion,
    String fileVersion,
    String classifier,
    String extension) {

  /** Validates. */
  public ArtifactCoordinates {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(artifactId, "artifactId");
    Objects.requireNonNull(baseVersion, "baseVersion");
    Objects.requireNonNull(fileVersion, "fileVersion");
    Objects.requireNonNull(classifier, "classifier");
    Objects.requireNonNull(extension, "extension");
  }

  /**
   * @return the path of the version directory, {@code org/example/foo/1.0}
   */
  public String versionDirectory() {
    return groupId.replace('.', '/') + "/" + artifactId + "/" + baseVersion;
  }

  /**
   * @return the path of this file in the Maven 2 layout
   */
  public String path() {
    return versionDirectory()
        + "/"
        + artifactId
        + "-"
        + fileVersion
        + (classifier.isEmpty() ? "" : "-" + classifier)
        + "."
        + extension;
  }

  /**
   * @return {@code groupId:artifactId:extension[:classifier]:fileVersion}, as {@code mvn
   *     dependency:get} takes it
   */
  public String coordinates() {
    return groupId
        + ":"
        + artifactId
        + ":"
        + extension
        + (classifier.isEmpty() ? "" : ":" + classifier)
        + ":"
        + fileVersion;
  }
}
