package dev.konflux.ecosystem.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Index;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.MediaTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleArtifactsTest {

  @TempDir Path tmp;

  @Test
  void rpmExampleIsCompleteAndSigned() throws Exception {
    Path rpm = Files.writeString(tmp.resolve("hello-2.0-1.x86_64.rpm"), "bin");
    Path srpm = Files.writeString(tmp.resolve("hello-2.0-1.src.rpm"), "src");
    Path dir = tmp.resolve("work/layout");
    ExampleArtifacts.ExampleBuild build = ExampleArtifacts.rpmBuild(dir, List.of(rpm, srpm));

    assertEquals(tmp.resolve("work/cosign.pub").toAbsolutePath(), build.publicKey());
    assertEquals("oci-layout:" + dir + ":" + ExampleArtifacts.TAG, build.reference());
    LayoutAssertions.assertValidLayout(dir);
    Manifest artifact =
        LayoutAssertions.readArtifactManifest(dir, LayoutAssertions.tagged(dir, "build"));
    assertEquals(
        Set.of(
            "x86_64/hello-2.0-1.x86_64.rpm",
            "src/hello-2.0-1.src.rpm",
            "x86_64/build.log",
            "cg_import.json"),
        artifact.layers().stream().map(d -> d.title().orElseThrow()).collect(Collectors.toSet()));

    String hex = artifact.digest().hex();
    Set<String> tags =
        LayoutAssertions.readIndex(dir).manifests().stream()
            .map(d -> d.annotations().get(MediaTypes.ANNOTATION_REF_NAME))
            .filter(t -> t != null)
            .collect(Collectors.toSet());
    assertEquals(
        Set.of(
            "build",
            "sha256-" + hex,
            "sha256-" + hex + ".sig",
            "sha256-" + hex + ".att",
            "sha256-" + hex + ".sbom"),
        tags);

    Manifest sig =
        LayoutAssertions.readArtifactManifest(
            dir, LayoutAssertions.tagged(dir, "sha256-" + hex + ".sig"));
    Descriptor layer = sig.layers().get(0);
    assertTrue(
        SignatureChecks.verifies(
            SignatureChecks.readPem(build.publicKey()),
            LayoutAssertions.blob(dir, layer),
            Base64.getDecoder()
                .decode(layer.annotations().get(MediaTypes.ANNOTATION_COSIGN_SIGNATURE))));

    Index referrers =
        (Index) LayoutAssertions.readManifest(dir, LayoutAssertions.tagged(dir, "sha256-" + hex));
    assertEquals(
        List.of(
            MediaTypes.SIGSTORE_BUNDLE_V03,
            MediaTypes.SIGSTORE_BUNDLE_V03,
            MediaTypes.COSIGN_SBOM_ARTIFACT),
        referrers.manifests().stream().map(Descriptor::artifactType).toList());
  }

  @Test
  void mavenExampleNeedsNothingButTheModule() throws Exception {
    Path dir = tmp.resolve("maven");
    ExampleArtifacts.ExampleBuild build =
        ExampleArtifacts.mavenRepository(dir, tmp.resolve("keys/maven.pub"));
    LayoutAssertions.assertValidLayout(dir);
    assertEquals(
        MediaTypes.ARTIFACT_MAVEN_REPOSITORY_TAR, build.artifact().descriptor().artifactType());
    assertTrue(Files.readString(build.publicKey()).startsWith("-----BEGIN PUBLIC KEY-----"));
  }
}
