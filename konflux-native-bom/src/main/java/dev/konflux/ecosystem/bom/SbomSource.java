package dev.konflux.ecosystem.bom;

import dev.konflux.ecosystem.api.Digest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where an SBOM document came from, so that every error and decision can name it.
 *
 * @param digest the digest of the document's bytes (the blob or predicate)
 * @param referrer the digest of the referrer manifest that carried it, or {@code null}
 * @param mediaType its declared media type; a generic JSON or XML type is sniffed
 * @param size its declared size in bytes, or -1 when unknown
 */
public record SbomSource(Digest digest, @Nullable Digest referrer, String mediaType, long size) {

  /** Validates. */
  public SbomSource {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(mediaType, "mediaType");
  }

  /**
   * @param digest the document digest
   * @param mediaType its media type
   * @return a source with no referrer and unknown size
   */
  public static SbomSource of(Digest digest, String mediaType) {
    return new SbomSource(digest, null, mediaType, -1);
  }

  /**
   * @return "SBOM sha256:… (referrer sha256:…)"
   */
  public String describe() {
    return "SBOM " + digest + (referrer == null ? "" : " (referrer " + referrer + ")");
  }
}
