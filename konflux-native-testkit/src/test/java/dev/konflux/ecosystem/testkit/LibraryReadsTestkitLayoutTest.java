package dev.konflux.ecosystem.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.LayoutReference;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.ManifestOrIndex;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The library's own OCI layout source reads what the testkit writes, as a directory and as a tar.
 */
class LibraryReadsTestkitLayoutTest {

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void exampleRpmBuildResolvesVerifiesAndHasAllReferrers(boolean asTar) throws Exception {
    Path rpm = Files.writeString(tmp.resolve("hello-2.0-1.x86_64.rpm"), "bin");
    Path srpm = Files.writeString(tmp.resolve("hello-2.0-1.src.rpm"), "src");
    Path dir = tmp.resolve("layout");
    ExampleArtifacts.ExampleBuild build =
        ExampleArtifacts.rpmBuild(dir, List.of(rpm, srpm), tmp.resolve("k.pub"));
    String reference = build.reference();
    if (asTar) {
      Path tar = tmp.resolve("layout.tar");
      try (OciLayoutStore store = OciLayoutStore.open(dir)) {
        store.writeTar(tar);
      }
      reference = OciLayoutStore.archiveReference(tar, ExampleArtifacts.TAG);
    }

    LayoutReference ref = (LayoutReference) ArtifactReference.parse(reference);
    try (ArtifactSource source = ArtifactSources.open(ref, SourceOptions.defaults())) {
      ManifestOrIndex resolved = source.resolve(ref);
      Manifest manifest = assertInstanceOf(Manifest.class, resolved);
      assertEquals(build.artifact().digest(), manifest.digest());
      assertEquals(MediaTypes.ARTIFACT_RPM_BUILD, manifest.effectiveArtifactType());
      for (Descriptor layer : manifest.layers()) {
        try (InputStream in = source.open(layer)) {
          byte[] read = in.readAllBytes();
          assertEquals(layer.size(), read.length);
        }
      }
      try (InputStream in = source.open(build.artifact().layer("x86_64/hello-2.0-1.x86_64.rpm"))) {
        assertArrayEquals(Files.readAllBytes(rpm), in.readAllBytes());
      }

      // Also by digest, as a release pins it.
      assertEquals(manifest.digest(), source.resolve(ref.withDigest(manifest.digest())).digest());

      List<Referrer> referrers = source.referrers(manifest.digest());
      Map<Referrer.Kind, Long> kinds =
          referrers.stream().collect(Collectors.groupingBy(Referrer::kind, Collectors.counting()));
      assertEquals(
          Map.of(
              Referrer.Kind.COSIGN_SIGNATURE, 1L,
              Referrer.Kind.COSIGN_ATTESTATION, 1L,
              Referrer.Kind.COSIGN_SBOM, 1L,
              Referrer.Kind.SIGSTORE_BUNDLE, 2L,
              Referrer.Kind.SBOM, 1L),
          kinds);
      // The OCI 1.1 referrers are listed both in index.json and in the tag schema index; each is
      // reported once.
      assertEquals(
          3,
          referrers.stream().filter(r -> r.discovery() == Referrer.Discovery.COSIGN_TAG).count());
      assertEquals(
          3,
          referrers.stream()
              .filter(
                  r ->
                      r.discovery() == Referrer.Discovery.LAYOUT_INDEX
                          || r.discovery() == Referrer.Discovery.TAG_SCHEMA)
              .count());
      assertEquals(
          referrers.size(), referrers.stream().map(r -> r.manifest().digest()).distinct().count());
    }
  }

  @Test
  void tagSchemaIndexResolvesToTheReferrerManifests() throws Exception {
    Path dir = tmp.resolve("layout");
    ExampleArtifacts.ExampleBuild build =
        ExampleArtifacts.mavenRepository(dir, tmp.resolve("k.pub"));
    LayoutReference ref =
        (LayoutReference)
            ArtifactReference.parse(
                "oci-layout:" + dir + ":" + build.artifact().digest().asTagPrefix());
    try (ArtifactSource source = ArtifactSources.open(ref, SourceOptions.defaults())) {
      ManifestOrIndex schema = source.resolve(ref);
      assertEquals(3, ((dev.konflux.ecosystem.api.Index) schema).manifests().size());
      for (Descriptor d : ((dev.konflux.ecosystem.api.Index) schema).manifests()) {
        Manifest m = source.fetchManifest(d);
        assertEquals(build.artifact().digest(), m.subject().digest());
      }
    }
  }
}
