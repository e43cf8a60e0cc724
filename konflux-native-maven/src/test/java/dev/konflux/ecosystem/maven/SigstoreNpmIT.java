package dev.konflux.ecosystem.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.spi.SigstoreKeySigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The npm Sigstore verifier ({@code @sigstore/verify}) given the public key accepts every key-based
 * {@code .sigstore.json} the Maven target wrote, and so does our {@code BundleVerifier}; both
 * reject a tampered jar.
 */
class SigstoreNpmIT {
  @TempDir Path tmp;

  @Test
  void npmSigstoreVerifierAcceptsEveryBundleAndRejectsATamperedJar() throws Exception {
    NpmSigstoreInstall npm = NpmSigstoreInstall.install();
    SigstoreKeySigner signer = SigstoreBundlesTest.p256Signer();
    Path key = Files.writeString(tmp.resolve("cosign.pub"), signer.publicKeyPem());
    MavenReleases releases = new MavenReleases(tmp.resolve("layout"));
    Path out = tmp.resolve("out");
    MavenReleases.release(
        out,
        List.of(releases.tar(TestArchives.tar(MavenTargetTest.demoTree(tmp, "demo", "1.0")))),
        Map.of(),
        signer);
    Path maven = out.resolve("maven");
    List<Path> bundles;
    try (Stream<Path> walk = Files.walk(maven)) {
      bundles = walk.filter(p -> p.toString().endsWith(".sigstore.json")).sorted().toList();
    }
    assertEquals(4, bundles.size(), bundles.toString());
    for (Path bundle : bundles) {
      String name = bundle.getFileName().toString();
      Path file =
          bundle.resolveSibling(name.substring(0, name.length() - ".sigstore.json".length()));
      NpmSigstoreInstall.Result r = npm.verify(bundle, file, key);
      assertEquals("0 VERIFIED", (r.exit() + " " + r.output()).strip(), bundle.toString());
      assertTrue(
          SigstoreBundlesTest.verify(bundle, file, signer.publicKeyPem()).verified(),
          bundle.toString());
    }

    Path jar = maven.resolve("org/example/demo/1.0/demo-1.0.jar");
    Path tampered = Files.copy(jar, tmp.resolve("demo-1.0.jar"));
    Files.write(
        tampered,
        "appended".getBytes(StandardCharsets.US_ASCII),
        java.nio.file.StandardOpenOption.APPEND);
    Path jarBundle = maven.resolve("org/example/demo/1.0/demo-1.0.jar.sigstore.json");
    NpmSigstoreInstall.Result bad = npm.verify(jarBundle, tampered, key);
    assertEquals(1, bad.exit(), bad.output());
    assertTrue(bad.output().startsWith("FAILED"), bad.output());
    assertFalse(
        SigstoreBundlesTest.verify(jarBundle, tampered, signer.publicKeyPem()).verified(),
        "our verifier must reject the tampered jar too");
  }
}
