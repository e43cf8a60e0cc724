package dev.konflux.ecosystem.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.Referrer;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.spi.ArtifactSource;
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
 * The builders and signers write through {@link RegistryArtifactStore} into a real docker-registry
 * 2.8 (no referrers API), and the library's registry source finds the artifact, its cosign tags
 * and, through the tag schema, its OCI 1.1 referrers.
 */
class RegistryRoundTripIT {

  @RegisterExtension
  static final DockerRegistryExtension REGISTRY = DockerRegistryExtension.anonymous();

  @TempDir Path tmp;

  @Test
  void signedExampleBuildIsReadBackFromTheRegistry() throws Exception {
    Path rpm = Files.writeString(tmp.resolve("hello-2.0-1.x86_64.rpm"), "bin");
    RegistryArtifactStore store = REGISTRY.registry().store("konflux/hello");
    ExampleArtifacts.ExampleBuild build =
        ExampleArtifacts.rpmBuild(store, List.of(rpm), tmp.resolve("k.pub"));

    SourceOptions options =
        SourceOptions.builder().plainHttp(REGISTRY.registry().hostAndPort()).maxAttempts(1).build();
    try (ArtifactSource source =
        RegistrySources.open(REGISTRY.registry().hostAndPort(), "konflux/hello", options)) {
      Manifest manifest =
          assertInstanceOf(
              Manifest.class, source.resolve(ArtifactReference.parse(build.reference())));
      assertEquals(build.artifact().digest(), manifest.digest());
      assertEquals(MediaTypes.ARTIFACT_RPM_BUILD, manifest.artifactType());
      try (InputStream in = source.open(build.artifact().layer("x86_64/hello-2.0-1.x86_64.rpm"))) {
        assertArrayEquals(Files.readAllBytes(rpm), in.readAllBytes());
      }
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
      assertEquals(
          3,
          referrers.stream().filter(r -> r.discovery() == Referrer.Discovery.TAG_SCHEMA).count());
    }
  }
}
