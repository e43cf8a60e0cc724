package dev.konflux.ecosystem.rpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.MediaTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole RPM target on the rpm test-suite fixtures (signed, unsigned, i686, noarch), checked by
 * the real {@code rpm -K} at signature level with only our public key in a scratch rpmdb.
 */
class RpmTargetIT {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({
    "rpm.org-rsa-2048-test,rpm.org-ed25519-test,RSA",
    "rpm.org-ed25519-test,rpm.org-rsa-2048-test,EdDSA"
  })
  void everyOutputPackageVerifiesWithOurKeyOnly(String keyName, String otherKey, String algorithm)
      throws Exception {
    Path staging = Files.createDirectories(tmp.resolve("staging"));
    TestSession session =
        TestSession.open(new TestTargetContext(staging, RpmTargetTest.key(keyName), Map.of()));
    TestArtifacts a = RpmTargetTest.fixtures();
    session.add(a.artifact("hello", MediaTypes.ARTIFACT_RPM_BUILD), a);
    TestArtifacts b =
        new TestArtifacts()
            .rpm("x86_64/hello-2.0-1.x86_64.rpm", Fixtures.rpm("hello-2.0-1.x86_64-signed.rpm"));
    session.add(b.artifact("hello-signed", MediaTypes.ARTIFACT_RPM_BUILD), b);
    session.finish();

    List<Path> packages;
    try (Stream<Path> walk = Files.walk(staging)) {
      packages = walk.filter(p -> p.toString().endsWith(".rpm")).sorted().toList();
    }
    assertEquals(6, packages.size(), packages.toString());

    RpmTool ours = new RpmTool(tmp.resolve("db-ours"));
    assertEquals(0, ours.importKey(Fixtures.key(keyName + ".pub")).exitCode());
    RpmTool.Result ok = ours.checkSignatures(packages);
    assertEquals(0, ok.exitCode(), ok.output());
    long good =
        ok.output()
            .lines()
            .filter(
                l ->
                    l.contains("Header V4 " + algorithm + "/SHA256 Signature")
                        && l.endsWith(": OK"))
            .count();
    assertEquals(packages.size(), good, ok.output());

    // The published public key is the one rpm needs.
    RpmTool published = new RpmTool(tmp.resolve("db-published"));
    assertEquals(0, published.importKey(staging.resolve("x86_64/RPM-GPG-KEY-konflux")).exitCode());
    assertEquals(0, published.checkSignatures(packages).exitCode());

    RpmTool other = new RpmTool(tmp.resolve("db-other"));
    assertEquals(0, other.importKey(Fixtures.key(otherKey + ".pub")).exitCode());
    RpmTool.Result bad = other.checkSignatures(packages);
    assertNotEquals(0, bad.exitCode(), bad.output());
    assertTrue(bad.output().contains("NOKEY"), bad.output());
  }
}
