package dev.konflux.ecosystem.maven.internal.write;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Makes the armored detached OpenPGP signature ({@code .asc}) of one repository file.
 *
 * <p>{@link OpenPgpSignerArtifactSigner} signs through the release's {@code spi.OpenPgpSigner},
 * continuing the digest state of the file's one read.
 */
public interface ArtifactSigner {
  /**
   * @param digests the file's digests, including the unfinished SHA-256 state of its bytes
   * @param file the file as written (for signers that cannot continue a digest; may be {@code
   *     null})
   * @param created the signature creation time
   * @return the ASCII-armored signature
   * @throws IOException if signing fails
   */
  String signArmored(FileDigests digests, @Nullable Path file, Instant created) throws IOException;

  /**
   * @return whether {@link #signArmored} reads the file (it cannot continue a digest state)
   */
  default boolean needsFile() {
    return true;
  }

  /**
   * @return the fingerprint of the signing key, upper-case hex
   */
  String fingerprint();
}
