package dev.konflux.ecosystem.maven.internal.write;

import dev.konflux.ecosystem.api.OpenPgpSigningKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * Signs with today's {@link OpenPgpSigningKey} (SHA-256, v4, binary document). It cannot
 * continue a digest, so it reads the written file a second time.
 * TODO(core): replace with an adapter over spi.OpenPgpSigner once public.
 */
public final class OpenPgpKeyArtifactSigner implements ArtifactSigner {
  private final OpenPgpSigningKey key;

  /** @param key the release's signing key */
  public OpenPgpKeyArtifactSigner(OpenPgpSigningKey key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  @Override
  public String signArmored(FileDigests digests, Path file, Instant created) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return key.signDetachedArmored(in, created);
    }
  }

  @Override
  public String fingerprint() {
    return key.fingerprint();
  }
}
