package dev.konflux.ecosystem.api;

import dev.konflux.ecosystem.internal.json.SnapshotParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Konflux Snapshot: what a release receives.
 *
 * @param application the application name
 * @param components the components to release
 */
public record Snapshot(String application, List<Component> components) {

  /**
   * Validates and copies.
   *
   * @param application the application name
   * @param components the components to release
   */
  public Snapshot {
    Objects.requireNonNull(application, "application");
    components = components == null ? List.of() : List.copyOf(components);
  }

  /**
   * One component of a snapshot.
   *
   * @param name the component name
   * @param containerImage where its build artifact lives
   * @param sourceGitUrl the source repository URL, or {@code null}
   * @param sourceRevision the source revision, or {@code null}
   */
  public record Component(
      String name,
      ArtifactReference containerImage,
      @Nullable String sourceGitUrl,
      @Nullable String sourceRevision) {
    /**
     * Validates.
     *
     * @param name the component name
     * @param containerImage where its build artifact lives
     * @param sourceGitUrl the source repository URL, or {@code null}
     * @param sourceRevision the source revision, or {@code null}
     */
    public Component {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(containerImage, "containerImage");
    }

    /**
     * @return the source git URL, if known
     */
    public Optional<String> gitUrl() {
      return Optional.ofNullable(sourceGitUrl);
    }
  }

  /**
   * Parses Snapshot JSON ({@code {"application": …, "components": [{"name", "containerImage",
   * "source": {"git": {"url", "revision"}}}]}}). At most 4 MiB are read.
   *
   * @param json the JSON document
   * @return the snapshot
   * @throws InvalidInputException if it is not a valid snapshot
   * @throws IOException if reading fails
   */
  public static Snapshot parse(InputStream json) throws InvalidInputException, IOException {
    return SnapshotParser.parse(json);
  }
}
