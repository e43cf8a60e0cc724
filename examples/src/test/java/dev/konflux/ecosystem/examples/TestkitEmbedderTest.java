package dev.konflux.ecosystem.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.ReleaseRecord;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.TranslateResult;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.testkit.ExampleArtifacts;
import dev.konflux.ecosystem.testkit.OpenPgpTestKey;
import dev.konflux.ecosystem.testkit.RpmHeaderSignature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an embedder's test does with the testkit and the public API only: make a signed Konflux RPM
 * build artifact without RPM files, get a signing key in one call, release, assert every output
 * package is signed with that key without shelling out, and read and write {@code release.json}.
 */
class TestkitEmbedderTest {
  @TempDir Path tmp;

  @Test
  void signedSampleBuildReleasesIntoSignedPackagesAndARecordThatRoundTrips() throws Exception {
    ExampleArtifacts.ExampleBuild build = ExampleArtifacts.sampleRpmBuild(tmp.resolve("layout"));
    OpenPgpTestKey key = OpenPgpTestKey.ed25519("Embedder <embedder@test.invalid>");
    Path out = tmp.resolve("out");
    TranslateResult result =
        Translator.builder()
            .outputDirectory(out)
            .verificationPolicy(
                VerificationPolicy.builder()
                    .addPublicKey(CosignPublicKey.fromPem(build.publicKey()))
                    .build())
            .openPgpSigner(
                dev.konflux.ecosystem.signing.OpenPgpKeyFile.read(
                    new java.io.ByteArrayInputStream(
                        key.secretKeyArmored()
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                    null,
                    null,
                    "test key"))
            .build()
            .translate(TranslateRequest.of(List.of(ArtifactReference.parse(build.reference()))));

    List<Path> rpms;
    try (Stream<Path> walk = Files.walk(out.resolve("rpm"))) {
      rpms = walk.filter(p -> p.toString().endsWith(".rpm")).toList();
    }
    // noarch goes into every architecture's repository, x86_64 into its own.
    assertTrue(rpms.size() >= 2, rpms.toString());
    assertTrue(
        rpms.stream()
            .anyMatch(p -> p.endsWith("x86_64/Packages/konflux-hello-native-1.0-1.x86_64.rpm")));
    for (Path rpm : rpms) {
      RpmHeaderSignature.assertSignedBy(rpm, key.publicKeyArmored());
    }
    // And the check can fail: another key is not the one that signed.
    String other = OpenPgpTestKey.ed25519("Other <other@test.invalid>").publicKeyArmored();
    assertThrows(AssertionError.class, () -> RpmHeaderSignature.assertSignedBy(rpms.get(0), other));

    ReleaseRecord record;
    try (InputStream in = Files.newInputStream(out.resolve("release.json"))) {
      record = ReleaseRecord.read(in);
    }
    assertEquals(result.record(), record);
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    record.write(written);
    assertEquals(record, ReleaseRecord.read(new ByteArrayInputStream(written.toByteArray())));
    assertTrue(record.files().stream().anyMatch(f -> f.path().endsWith(".rpm")));
  }
}
