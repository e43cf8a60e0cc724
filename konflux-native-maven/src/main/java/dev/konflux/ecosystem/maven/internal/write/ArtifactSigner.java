package dev.konflux.ecosystem.maven.internal.write;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Makes the armored detached OpenPGP signature ({@code .asc}) of one repository file.
 *
 * <p>TODO(core): implement with {@code spi.OpenPgpSigner#sign(MessageDigest, Instant)} once
 * public: it continues the SHA-256 state the file's checksums were computed with, so the file is
 * read once. Until then {@link OpenPgpKeyArtifactSigner} signs through today's
 * {@code OpenPgpSigningKey}, which can only sign a stream and so reads the written file again.
 */
public interface ArtifactSigner {
  /**
   * @param digests the file's digests, including the unfinished SHA-256 state of its bytes
   * @param file the file as written (only for signers that cannot continue a digest)
   * @param created the signature creation time
   * @return the ASCII-armored signature
   * @throws IOException if signing fails
   */
  String signArmored(FileDigests digests, Path file, Instant created) throws IOException;

  /** @return whether {@link #signArmored} reads the file (it cannot continue a digest state) */
  default boolean needsFile() {
    return true;
  }

  /** @return the fingerprint of the signing key, upper-case hex */
  String fingerprint();
}
