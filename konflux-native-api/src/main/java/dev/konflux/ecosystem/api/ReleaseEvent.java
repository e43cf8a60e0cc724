package dev.konflux.ecosystem.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Progress of a release, delivered to a {@link ReleaseListener}. For each component the order is:
 * {@link ComponentStarted}, then any number of {@link BytesTransferred} and {@link FileProduced},
 * then exactly one of {@link ComponentFinished} or {@link ComponentFailed}. After all components
 * comes one {@link ReleaseCommitted} (or nothing, if the release failed and the output was left
 * untouched).
 */
public sealed interface ReleaseEvent {

  /**
   * Work on a component began.
   *
   * @param component the component name
   * @param reference what it is resolved from
   */
  record ComponentStarted(String component, String reference) implements ReleaseEvent {}

  /**
   * Bytes of a blob were read and verified.
   *
   * @param component the component name
   * @param digest the blob
   * @param bytesDone bytes of this blob read so far
   * @param bytesTotal the blob's size
   */
  record BytesTransferred(String component, Digest digest, long bytesDone, long bytesTotal)
      implements ReleaseEvent {}

  /**
   * A target wrote a file to the staging area.
   *
   * @param component the component name, or {@code null} for repository-wide files
   * @param ecosystem the target ecosystem
   * @param path the file's path relative to the output directory
   * @param size its size
   */
  record FileProduced(@Nullable String component, String ecosystem, String path, long size)
      implements ReleaseEvent {}

  /**
   * A component was resolved, verified and translated.
   *
   * @param component the component name
   * @param artifacts how many manifests it had
   */
  record ComponentFinished(String component, int artifacts) implements ReleaseEvent {}

  /**
   * A component failed; the release will not be committed.
   *
   * @param component the component name
   * @param reason the error message
   */
  record ComponentFailed(String component, String reason) implements ReleaseEvent {}

  /**
   * All outputs were moved into place.
   *
   * @param ecosystems the ecosystems whose directories were replaced
   * @param files how many files the release record lists
   */
  record ReleaseCommitted(List<String> ecosystems, int files) implements ReleaseEvent {}
}
