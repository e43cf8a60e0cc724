package dev.konflux.ecosystem.bom.placement;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.bom.SbomSource;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An SBOM file written for an ecosystem, with what the target needs for its index and for {@code
 * release.json}: the file's digest and size, and the SBOM it came from (whose referrer the release
 * record names).
 *
 * @param file the written file
 * @param sha256 its SHA-256
 * @param size its size in bytes
 * @param mediaType its media type
 * @param source the SBOM document it was made from
 */
public record PlacedSbom(Path file, Digest sha256, long size, String mediaType, SbomSource source) {
  /** Validates. */
  public PlacedSbom {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(source, "source");
  }
}
