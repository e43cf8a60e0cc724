package dev.konflux.ecosystem.sigstore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.testkit.ArtifactManifest;
import dev.konflux.ecosystem.testkit.OciLayoutStore;
import dev.konflux.ecosystem.testkit.ReleaseGateProbe;
import dev.konflux.ecosystem.testkit.StoredArtifact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An OCI layout holding one RPM build artifact and, as OCI 1.1 referrers, the Sigstore bundles a
 * test made over its manifest bytes; the gate runs on it through {@link ReleaseGateProbe} (a
 * Translator dry run), so these tests reach the gate only through the public API.
 */
final class GateLayout {
  final Path dir;
  final StoredArtifact artifact;
  final byte[] manifestBytes;
  private final OciLayoutStore store;

  private GateLayout(
      Path dir, OciLayoutStore store, StoredArtifact artifact, byte[] manifestBytes) {
    this.dir = dir;
    this.store = store;
    this.artifact = artifact;
    this.manifestBytes = manifestBytes;
  }

  static GateLayout create(Path dir) throws IOException {
    OciLayoutStore store = OciLayoutStore.open(dir.resolve("layout"));
    Descriptor rpm =
        store.putBlob(MediaTypes.RPM, "not really an rpm".getBytes(StandardCharsets.UTF_8));
    StoredArtifact artifact =
        ArtifactManifest.of(MediaTypes.ARTIFACT_RPM_BUILD)
            .layer(
                new Descriptor(
                    rpm.mediaType(),
                    rpm.digest(),
                    rpm.size(),
                    null,
                    Map.of(MediaTypes.ANNOTATION_TITLE, "x86_64/app-1.0-1.x86_64.rpm")))
            .storeIn(store, "build");
    return new GateLayout(
        dir, store, artifact, Files.readAllBytes(store.blobPath(artifact.digest())));
  }

  /**
   * Attaches a bundle as a referrer; returns the referrer manifest (its only layer is the bundle).
   */
  StoredArtifact attach(ObjectNode bundle) throws IOException {
    Descriptor layer =
        store.putBlob(
            MediaTypes.SIGSTORE_BUNDLE_V03, bundle.toString().getBytes(StandardCharsets.UTF_8));
    return ArtifactManifest.of(MediaTypes.SIGSTORE_BUNDLE_V03)
        .layer(layer)
        .subject(artifact.descriptor())
        .storeIn(store, null);
  }

  Path writeTrustedRoot(ObjectNode root) throws IOException {
    return Files.writeString(dir.resolve("trusted_root.json"), root.toString());
  }

  List<VerificationDecision> verify(VerificationPolicy policy)
      throws KonfluxNativeException, IOException {
    return ReleaseGateProbe.verify(
        "app",
        ArtifactReference.parse("oci-layout:" + dir.resolve("layout") + ":build"),
        policy,
        Files.createTempDirectory(dir, "probe"));
  }
}
