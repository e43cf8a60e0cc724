package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Digest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a produced file's content came from.
 *
 * @param component the component name
 * @param reference the source reference, pinned to the root digest
 * @param manifestDigest the manifest whose layer held the content
 * @param layerDigest the layer (or referrer blob) digest
 * @param archiveEntry the path inside the layer when the layer is an archive, else {@code null}
 */
public record FileOrigin(
    String component,
    String reference,
    Digest manifestDigest,
    Digest layerDigest,
    @Nullable String archiveEntry) {
  /**
   * Validates.
   *
   * @param component the component name
   * @param reference the source reference, pinned to the root digest
   * @param manifestDigest the manifest whose layer held the content
   * @param layerDigest the layer (or referrer blob) digest
   * @param archiveEntry the path inside the layer when the layer is an archive, else {@code null}
   */
  public FileOrigin {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(manifestDigest, "manifestDigest");
    Objects.requireNonNull(layerDigest, "layerDigest");
  }

  /**
   * @param artifact the artifact
   * @param layerDigest the layer within it
   * @return the origin of a file taken whole from a layer
   */
  public static FileOrigin ofLayer(ComponentArtifact artifact, Digest layerDigest) {
    return new FileOrigin(
        artifact.component(),
        artifact.reference().toString(),
        artifact.manifest().digest(),
        layerDigest,
        null);
  }

  /**
   * @param artifact the artifact
   * @param layerDigest the archive layer
   * @param entry the entry inside it
   * @return the origin of a file taken from inside an archive layer
   */
  public static FileOrigin ofArchiveEntry(
      ComponentArtifact artifact, Digest layerDigest, String entry) {
    return new FileOrigin(
        artifact.component(),
        artifact.reference().toString(),
        artifact.manifest().digest(),
        layerDigest,
        entry);
  }
}
