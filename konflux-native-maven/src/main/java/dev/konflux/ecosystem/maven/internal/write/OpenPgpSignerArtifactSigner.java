package dev.konflux.ecosystem.maven.internal.write;

import dev.konflux.ecosystem.spi.OpenPgpArmor;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Signs through the release's {@link OpenPgpSigner}, continuing the SHA-256 or SHA-512 state the
 * file's checksums were computed with: the signature costs no second read of the file.
 */
public final class OpenPgpSignerArtifactSigner implements ArtifactSigner {
  private final OpenPgpSigner signer;

  /**
   * @param signer the release's signer
   */
  public OpenPgpSignerArtifactSigner(OpenPgpSigner signer) {
    this.signer = Objects.requireNonNull(signer, "signer");
  }

  @Override
  public String signArmored(FileDigests digests, @Nullable Path file, Instant created)
      throws IOException {
    MessageDigest data =
        digests
            .continuation(signer.hashAlgorithm())
            .orElseThrow(
                () ->
                    new IOException(
                        "the OpenPGP signer hashes with "
                            + signer.hashAlgorithm()
                            + "; Maven signatures support SHA-256 and SHA-512"));
    return OpenPgpArmor.armorSignature(signer.sign(data, created));
  }

  @Override
  public boolean needsFile() {
    return false;
  }

  @Override
  public String fingerprint() {
    return signer.fingerprint();
  }
}
