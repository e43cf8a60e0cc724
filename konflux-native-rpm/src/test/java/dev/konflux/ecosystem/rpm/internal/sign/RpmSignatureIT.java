package dev.konflux.ecosystem.rpm.internal.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.rpm.Fixtures;
import dev.konflux.ecosystem.rpm.RpmTool;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real {@code rpm -K} at signature level on packages signed by {@link RpmHeaderSigner}. */
class RpmSignatureIT {

  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({
    "rpm.org-rsa-2048-test,rpm.org-ed25519-test",
    "rpm.org-ed25519-test,rpm.org-rsa-2048-test"
  })
  void rpmAcceptsOurSignaturesWithOnlyOurKeyAndRejectsThemWithAnother(
      String keyName, String otherKey) throws Exception {
    RpmHeaderSigner signer =
        new RpmHeaderSigner(RpmHeaderSignerTest.key(keyName), RpmHeaderSignerTest.TIME);
    List<Path> signed = new ArrayList<>();
    for (String name : RpmHeaderSignerTest.GOOD) {
      Path out = tmp.resolve("out").resolve(name);
      try (InputStream in = Files.newInputStream(Fixtures.rpm(name))) {
        signer.signToFile(in, out, name);
      }
      signed.add(out);
      // The file-to-file path (direct buffers) too.
      Path viaFile = tmp.resolve("out-file").resolve(name);
      signer.signFile(Fixtures.rpm(name), viaFile, name);
      signed.add(viaFile);
    }

    RpmTool ours = new RpmTool(tmp.resolve("db-ours"));
    assertEquals(0, ours.importKey(Fixtures.key(keyName + ".pub")).exitCode());
    RpmTool.Result ok = ours.checkSignatures(signed);
    assertEquals(0, ok.exitCode(), ok.output());
    String expected =
        keyName.contains("rsa")
            ? "Header V4 RSA/SHA256 Signature"
            : "Header V4 EdDSA/SHA256 Signature";
    for (Path p : signed) {
      assertTrue(ok.output().contains(p + ":"), ok.output());
    }
    assertEquals(
        signed.size(),
        ok.output().lines().filter(l -> l.contains(expected) && l.endsWith(": OK")).count(),
        ok.output());
    assertTrue(ok.output().contains("Header SHA256 digest: OK"), ok.output());
    assertTrue(!ok.output().contains("BAD") && !ok.output().contains("NOKEY"), ok.output());

    RpmTool other = new RpmTool(tmp.resolve("db-other"));
    assertEquals(0, other.importKey(Fixtures.key(otherKey + ".pub")).exitCode());
    RpmTool.Result bad = other.checkSignatures(signed);
    assertNotEquals(0, bad.exitCode(), bad.output());
    assertTrue(bad.output().contains("NOKEY"), bad.output());

    RpmTool none = new RpmTool(tmp.resolve("db-none"));
    RpmTool.Result unsignedInput =
        none.checkSignatures(List.of(Fixtures.rpm("hello-2.0-1.x86_64.rpm")));
    assertNotEquals(
        0, unsignedInput.exitCode(), "an unsigned package must fail at signature level");
  }
}
