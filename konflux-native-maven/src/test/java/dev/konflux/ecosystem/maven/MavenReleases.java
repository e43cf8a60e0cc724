package dev.konflux.ecosystem.maven;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.TranslateResult;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.maven.internal.target.MavenTargetSession;
import dev.konflux.ecosystem.signing.OpenPgpKeyFile;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import dev.konflux.ecosystem.spi.SigstoreSigner;
import dev.konflux.ecosystem.testkit.ArtifactManifest;
import dev.konflux.ecosystem.testkit.OciLayoutStore;
import dev.konflux.ecosystem.testkit.OpenPgpTestKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stores Maven repository artifacts in an OCI layout and releases them with the real Translator.
 */
final class MavenReleases {
  /** Fixed per test run, and after the test key's creation (gpg refuses older signatures). */
  static final Instant RELEASE_TIME =
      Instant.now().plusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

  /** {@link #RELEASE_TIME} as maven-metadata.xml's lastUpdated. */
  static final String LAST_UPDATED =
      java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss", java.util.Locale.ROOT)
          .withZone(java.time.ZoneOffset.UTC)
          .format(RELEASE_TIME);

  private static OpenPgpTestKey testKey;
  private static OpenPgpSigner signingKey;

  private final Path layout;
  private int tags;

  MavenReleases(Path layout) {
    this.layout = layout;
  }

  static synchronized OpenPgpTestKey testKey() {
    if (testKey == null) {
      testKey = OpenPgpTestKey.ed25519("Konflux Maven Test <maven@test.invalid>");
    }
    return testKey;
  }

  static synchronized OpenPgpSigner signingKey() {
    if (signingKey == null) {
      try {
        signingKey =
            OpenPgpKeyFile.read(
                new ByteArrayInputStream(
                    testKey().secretKeyArmored().getBytes(StandardCharsets.US_ASCII)),
                null,
                null,
                "test key");
      } catch (IOException | InvalidInputException e) {
        throw new IllegalStateException(e);
      }
    }
    return signingKey;
  }

  /** Stores a one-layer tar artifact. */
  String tar(byte[] layer) {
    return store(MediaTypes.ARTIFACT_MAVEN_REPOSITORY_TAR, MediaTypes.OCI_LAYER_TAR, layer, null);
  }

  /** Stores a one-layer gzip tar artifact. */
  String tarGzip(byte[] layer) {
    return store(
        MavenTargetSession.ARTIFACT_MAVEN_REPOSITORY_TAR_GZIP,
        "application/vnd.oci.image.layer.v1.tar+gzip",
        layer,
        null);
  }

  /** Stores a one-layer zip artifact. */
  String zip(byte[] layer, String title) {
    return store(MediaTypes.ARTIFACT_MAVEN_ZIP, "application/zip", layer, title);
  }

  private String store(String artifactType, String layerType, byte[] layer, String title) {
    try {
      OciLayoutStore store = OciLayoutStore.open(layout);
      Descriptor blob = store.putBlob(layerType, layer);
      if (title != null) {
        blob =
            new Descriptor(
                blob.mediaType(),
                blob.digest(),
                blob.size(),
                null,
                Map.of(MediaTypes.ANNOTATION_TITLE, title));
      }
      return ArtifactManifest.of(artifactType)
          .layer(blob)
          .storeIn(store, "t" + (++tags))
          .reference();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Releases the references into {@code out}, signed with the test key, verification skipped. */
  static TranslateResult release(Path out, List<String> references, Map<String, String> options)
      throws KonfluxNativeException {
    return release(out, references, options, null);
  }

  /** Releases as above, with a Sigstore signer when {@code sigstore} is not null. */
  static TranslateResult release(
      Path out, List<String> references, Map<String, String> options, SigstoreSigner sigstore)
      throws KonfluxNativeException {
    List<ArtifactReference> refs = new ArrayList<>();
    for (String r : references) {
      refs.add(ArtifactReference.parse(r));
    }
    Translator.Builder b =
        Translator.builder()
            .outputDirectory(out)
            .openPgpSigner(signingKey())
            .releaseTime(RELEASE_TIME)
            .verificationPolicy(VerificationPolicy.skipVerification());
    options.forEach(b::option);
    if (sigstore != null) {
      b.sigstoreSigner(sigstore);
    }
    return b.build().translate(TranslateRequest.of(refs));
  }

  static TranslateResult release(Path out, String... references) throws KonfluxNativeException {
    return release(out, List.of(references), Map.of());
  }
}
