package dev.konflux.ecosystem.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.ReleaseRecord;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.TranslateResult;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.spi.FileOrigin;
import dev.konflux.ecosystem.testkit.ExampleArtifacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The component's SBOM (the testkit example's SPDX, which its verified provenance names) is
 * published at the main artifact's GAV as classifier {@code cyclonedx}, type {@code json},
 * converted to CycloneDX 1.6, checksummed and signed like every file, and {@code release.json}
 * names the SBOM referrer and document it came from.
 */
class MavenSbomAttachmentTest {
  private static final String SBOM = "com/example/demo/1.0/demo-1.0-cyclonedx.json";

  @TempDir Path tmp;

  @Test
  void theComponentsSbomIsAttachedAsClassifierCyclonedx() throws Exception {
    ExampleArtifacts.ExampleBuild build =
        ExampleArtifacts.mavenRepository(tmp.resolve("layout"), tmp.resolve("cosign.pub"));
    Path out = tmp.resolve("out");
    TranslateResult result =
        Translator.builder()
            .outputDirectory(out)
            .openPgpSigner(MavenReleases.signingKey())
            .releaseTime(MavenReleases.RELEASE_TIME)
            .verificationPolicy(
                VerificationPolicy.builder()
                    .addPublicKey(CosignPublicKey.fromPem(build.publicKey()))
                    .requireSbom(true)
                    .build())
            .build()
            .translate(TranslateRequest.of(List.of(ArtifactReference.parse(build.reference()))));
    Path maven = out.resolve("maven");
    MavenTargetTest.assertPublished(maven, SBOM);
    assertTrue(Files.notExists(maven.resolve("com/example/demo/1.0/demo-1.0-cyclonedx.xml")));
    // Whitespace aside (the file is pretty-printed):
    String bom = Files.readString(maven.resolve(SBOM)).replaceAll("\\s", "");
    assertTrue(bom.startsWith("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\""), bom);
    // Converted from the SPDX, which describes the artifact's layer by its checksum.
    assertTrue(
        bom.contains(
            "\"hashes\":[{\"alg\":\"SHA-256\",\"content\":\""
                + build.artifact().contents().get(0).digest().hex()
                + "\"}]"),
        bom);

    ReleaseRecord.FileEntry e =
        result.record().files().stream()
            .filter(f -> f.path().equals("maven/" + SBOM))
            .findFirst()
            .orElseThrow(() -> new AssertionError(SBOM + " not in release.json"));
    assertEquals(1, e.origins().size(), e.toString());
    FileOrigin origin = e.origins().get(0);
    assertNotEquals(build.artifact().digest(), origin.manifestDigest(), "names the SBOM referrer");
    assertTrue(
        Files.readString(out.resolve("release.json")).contains(origin.manifestDigest().toString()));
    // The jar itself is untouched and still comes from the tree.
    MavenTargetTest.assertPublished(maven, "com/example/demo/1.0/demo-1.0.jar");
  }
}
