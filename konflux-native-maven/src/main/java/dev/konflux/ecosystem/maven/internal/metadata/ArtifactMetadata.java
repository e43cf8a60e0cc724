package dev.konflux.ecosystem.maven.internal.metadata;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * An artifact-level {@code maven-metadata.xml}: the versions of one {@code groupId:artifactId} in
 * Maven's own version order ({@link ComparableVersion}, what Maven resolves ranges and {@code
 * LATEST}/{@code RELEASE} with), so {@code latest} and {@code release} are what Maven itself would
 * pick.
 *
 * @param groupId the group id
 * @param artifactId the artifact id
 * @param versions the versions, ascending in Maven order, no duplicates
 */
public record ArtifactMetadata(String groupId, String artifactId, List<String> versions) {

  /** Sorts, de-duplicates and copies. */
  public ArtifactMetadata {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(artifactId, "artifactId");
    List<String> sorted = new ArrayList<>(new LinkedHashSet<>(versions));
    sorted.sort((a, b) -> new ComparableVersion(a).compareTo(new ComparableVersion(b)));
    versions = List.copyOf(sorted);
  }

  /**
   * @param more versions to add
   * @return metadata with the union of versions
   */
  public ArtifactMetadata with(Collection<String> more) {
    List<String> all = new ArrayList<>(versions);
    all.addAll(more);
    return new ArtifactMetadata(groupId, artifactId, all);
  }

  /**
   * @return the highest version, snapshots included
   */
  public Optional<String> latest() {
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }

  /**
   * @return the highest version that is not a snapshot
   */
  public Optional<String> release() {
    for (int i = versions.size() - 1; i >= 0; i--) {
      if (!versions.get(i).endsWith("-SNAPSHOT")) {
        return Optional.of(versions.get(i));
      }
    }
    return Optional.empty();
  }
}
