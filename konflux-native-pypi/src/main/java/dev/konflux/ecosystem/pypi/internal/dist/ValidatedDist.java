package dev.konflux.ecosystem.pypi.internal.dist;

import dev.konflux.ecosystem.api.Digest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A distribution that passed validation, with what the index needs from it.
 *
 * @param name its parsed file name
 * @param metadataName {@code Name} from its core metadata
 * @param requiresPython {@code Requires-Python}, or {@code null}
 * @param metadataVersion {@code Metadata-Version} as written
 * @param coreMetadata the bytes to serve as {@code <file>.metadata} (the wheel's {@code METADATA},
 *     an sdist's {@code PKG-INFO} when its Metadata-Version is at least 2.2), or {@code null}
 * @param coreMetadataMember the archive member {@code coreMetadata} was read from
 * @param metadataBytes the {@code METADATA} / {@code PKG-INFO} bytes, whatever their version (the
 *     upload API sends their fields)
 * @param sboms PEP 770 SBOM members ({@code .dist-info/sboms/…}) of a wheel
 */
public record ValidatedDist(
    DistFileName name,
    String metadataName,
    @Nullable String requiresPython,
    String metadataVersion,
    byte @Nullable [] coreMetadata,
    String coreMetadataMember,
    byte[] metadataBytes,
    List<String> sboms) {

  /** Copies. */
  public ValidatedDist {
    sboms = List.copyOf(sboms);
  }

  /**
   * @return the sha256 of {@link #coreMetadata}, or {@code null}
   */
  public @Nullable Digest coreMetadataSha256() {
    return coreMetadata == null ? null : Digest.sha256Of(coreMetadata);
  }
}
