package dev.konflux.ecosystem.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.Referrer;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.spi.ArtifactSource;
import dev.konflux.ecosystem.util.ArtifactSources;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Konflux-shaped RPM build artifact with everything Konflux hangs off it (cosign .sig/.att/.sbom
 * tags and OCI referrers in the tag schema), written by the testkit builders into a real
 * docker-registry and read back through the registry source.
 */
class KonfluxArtifactRegistryIT {

  @RegisterExtension
  static final DockerRegistryExtension REGISTRY = DockerRegistryExtension.anonymous();

  @TempDir Path tmp;

  @Test
  void rpmBuildWithAllSupplyChainMetadataRoundTrips() throws Exception {
    RegistryArtifactStore store = REGISTRY.registry().store("konflux-ci/rpm-build");
    Path foo = SampleRpms.writeTo(tmp, SampleRpms.NOARCH);
    Path hello = SampleRpms.writeTo(tmp, SampleRpms.X86_64);
    StoredArtifact artifact =
        RpmBuildArtifact.create()
            .nvr("konflux-hello", "1.0", "1")
            .addRpm(foo, "noarch/" + SampleRpms.NOARCH)
            .addRpm(hello, "x86_64/" + SampleRpms.X86_64)
            .withCgImport()
            .tag("build")
            .writeTo(store);

    CosignKeyPair key = CosignKeyPair.generate();
    CosignSigner cosign = CosignSigner.with(key);
    StoredArtifact sig = cosign.sign(store, artifact.descriptor(), "quay.io/konflux-ci/rpm-build");
    StoredArtifact att =
        cosign.attest(
            store, artifact.descriptor(), "quay.io/konflux-ci/rpm-build", SlsaProvenance.v1());
    byte[] spdx = SbomDocuments.spdx("hello", artifact.contents());
    StoredArtifact cosignSbom =
        cosign.attachSbom(store, artifact.descriptor(), MediaTypes.SPDX_JSON, spdx);
    ReferrerSigner referrerSigner = ReferrerSigner.with(key);
    StoredArtifact bundle = referrerSigner.signatureBundle(store, artifact.descriptor());
    StoredArtifact sbomReferrer =
        referrerSigner.sbom(store, artifact.descriptor(), MediaTypes.SPDX_JSON, spdx);

    SourceOptions options =
        SourceOptions.builder().plainHttp(REGISTRY.registry().hostAndPort()).build();
    ArtifactReference ref = ArtifactReference.parse(artifact.reference());
    try (ArtifactSource source = ArtifactSources.open(ref, options)) {
      Manifest manifest = assertInstanceOf(Manifest.class, source.resolve(ref));
      assertEquals(artifact.digest(), manifest.digest());
      assertEquals(MediaTypes.ARTIFACT_RPM_BUILD, manifest.effectiveArtifactType());
      for (Path rpm : List.of(foo, hello)) {
        Descriptor layer =
            manifest.layers().stream()
                .filter(l -> l.title().orElse("").endsWith(rpm.getFileName().toString()))
                .findFirst()
                .orElseThrow();
        try (InputStream in = source.open(layer)) {
          assertArrayEquals(Files.readAllBytes(rpm), in.readAllBytes());
        }
      }

      List<Referrer> referrers = source.referrers(manifest.digest());
      Map<Object, Referrer> byDigest =
          referrers.stream().collect(Collectors.toMap(r -> r.manifest().digest(), r -> r));
      assertEquals(5, referrers.size(), referrers.toString());
      assertEquals(Referrer.Kind.COSIGN_SIGNATURE, byDigest.get(sig.digest()).kind());
      assertEquals(Referrer.Kind.COSIGN_ATTESTATION, byDigest.get(att.digest()).kind());
      assertEquals(Referrer.Kind.COSIGN_SBOM, byDigest.get(cosignSbom.digest()).kind());
      assertEquals(Referrer.Kind.SIGSTORE_BUNDLE, byDigest.get(bundle.digest()).kind());
      assertEquals(Referrer.Kind.SBOM, byDigest.get(sbomReferrer.digest()).kind());
      assertEquals(Referrer.Discovery.TAG_SCHEMA, byDigest.get(bundle.digest()).discovery());
      assertEquals(Referrer.Discovery.COSIGN_TAG, byDigest.get(sig.digest()).discovery());
      assertTrue(referrers.stream().allMatch(r -> r.subject().equals(artifact.digest())));

      // The signature payload streams and verifies like any blob.
      Descriptor payload = byDigest.get(sig.digest()).manifest().layers().get(0);
      try (InputStream in = source.open(payload)) {
        assertTrue(
            new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .contains(artifact.digest().toString()));
      }
    }
  }
}
