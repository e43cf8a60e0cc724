package dev.konflux.ecosystem.pypi;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.testkit.NpmSigstoreVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real tools on a release's output: Debian's {@code twine check} passes on every published dist
 * (all have Metadata-Version 2.1 or 2.2, which twine 4.0.2 supports), and the npm Sigstore verifier
 * ({@code @sigstore/verify}) accepts every key-based PEP 740 attestation converted to a bundle
 * (with the certificate's public key as the trusted key; the verifier wants a CA chain for
 * certificates) and rejects a tampered one.
 */
class PythonToolsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;

  static Path pypi;
  static Releases.SigningKey key;

  @BeforeAll
  static void release() throws Exception {
    key = Releases.signingKey(work);
    List<Path> dists =
        List.of(
            TestDists.wheel("Demo.Pkg", "1.0").write(work.resolve("d")),
            TestDists.wheel("tool", "0.3").build("2").write(work.resolve("d")),
            TestDists.sdist("demo_pkg", "1.0").write(work.resolve("d")));
    Releases.release(
        work.resolve("out"),
        dists,
        work,
        Map.of(PypiTarget.OPTION_SIGSTORE_KEY, key.pem().toString()));
    pypi = work.resolve("out/pypi");
  }

  private static List<Path> dists() throws Exception {
    try (Stream<Path> s = Files.list(pypi.resolve("files"))) {
      return s.filter(p -> p.toString().endsWith(".whl") || p.toString().endsWith(".tar.gz"))
          .sorted()
          .toList();
    }
  }

  @Test
  void twineCheckPassesOnEveryDist() throws Exception {
    List<String> cmd = new ArrayList<>(List.of("twine", "check", "--strict"));
    List<Path> dists = dists();
    assertEquals(3, dists.size());
    dists.forEach(d -> cmd.add(d.toString()));
    Processes.Result r = Processes.run(work, cmd, Map.of(), 120);
    assertEquals(0, r.exit(), r.output());
    assertEquals(3, r.output().split("PASSED", -1).length - 1, r.output());
  }

  @Test
  void npmSigstoreVerifierAcceptsEveryAttestationConvertedToABundle() throws Exception {
    NpmSigstoreVerifier npm = NpmSigstoreVerifier.install(Path.of("target", "npm-sigstore"));
    Path pem = work.resolve("publisher.pub.pem");
    Files.writeString(
        pem,
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.pair().getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
    for (Path dist : dists()) {
      Pep740Attestation a =
          Pep740Attestation.parse(Files.readAllBytes(Path.of(dist + ".publish.attestation")));
      assertEquals(
          Digest.sha256Of(Files.readAllBytes(dist)).hex(),
          JSON.readTree(a.statement())
              .path("subject")
              .get(0)
              .path("digest")
              .path("sha256")
              .asText());
      Path bundle = work.resolve(dist.getFileName() + ".sigstore.json");
      Files.write(bundle, publicKeyBundle(a));
      NpmSigstoreVerifier.Verdict ok = npm.verify(bundle, dist, pem);
      assertEquals(0, ok.exitCode(), dist + ": " + ok.output());
      assertTrue(ok.verified(), ok.output());

      byte[] statement = a.statement();
      statement[statement.length - 3] ^= 1;
      Files.write(
          bundle,
          publicKeyBundle(
              new Pep740Attestation(statement, a.signature(), a.certificate(), List.of())));
      NpmSigstoreVerifier.Verdict bad = npm.verify(bundle, dist, pem);
      assertNotEquals(0, bad.exitCode(), bad.output());
      assertFalse(bad.verified(), bad.output());
    }
  }

  /** Our bundle form of the attestation, with the certificate replaced by a key hint. */
  static byte[] publicKeyBundle(Pep740Attestation a) throws Exception {
    ObjectNode b = (ObjectNode) JSON.readTree(a.toBundle());
    ObjectNode material = (ObjectNode) b.path("verificationMaterial");
    material.remove("certificate");
    material.putObject("publicKey").put("hint", "pypi-publisher");
    return JSON.writeValueAsBytes(b);
  }
}
