package dev.konflux.ecosystem.testkit;

import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import java.util.List;
import java.util.Objects;

/**
 * What a testkit builder wrote into an {@link ArtifactStore}: the manifest (or index) descriptor, a
 * reference string the library's sources accept, and what the manifest lists.
 *
 * @param descriptor the descriptor of the manifest or index that was stored
 * @param reference a reference to it (by tag when one was given, else by digest)
 * @param contents the manifest's layers, or the index's child descriptors, in order
 */
public record StoredArtifact(Descriptor descriptor, String reference, List<Descriptor> contents) {

  /** Validates and copies. */
  public StoredArtifact {
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(reference, "reference");
    contents = contents == null ? List.of() : List.copyOf(contents);
  }

  /**
   * @return the manifest or index digest, the thing signatures sign
   */
  public Digest digest() {
    return descriptor.digest();
  }

  /**
   * @param title an {@code org.opencontainers.image.title} value
   * @return the layer carrying that title
   * @throws IllegalArgumentException if no layer has that title
   */
  public Descriptor layer(String title) {
    return contents.stream()
        .filter(d -> d.title().filter(title::equals).isPresent())
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("no layer titled " + title + " in " + digest()));
  }
}
