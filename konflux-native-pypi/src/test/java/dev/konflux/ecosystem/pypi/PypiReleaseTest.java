package dev.konflux.ecosystem.pypi;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.TranslateResult;
import dev.konflux.ecosystem.api.VerificationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole releases through the Translator into {@code OUT/pypi}: layout, attestations, failures. */
class PypiReleaseTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  private Map<String, String> signed(Releases.SigningKey key) {
    return Map.of(
        PypiTarget.OPTION_SIGSTORE_KEY,
        key.pem().toString(),
        PypiTarget.OPTION_PUBLISHER,
        "Example Publisher");
  }

  @Test
  void publishesFilesMetadataAttestationsProvenanceAndBothIndexForms() throws Exception {
    Releases.SigningKey key = Releases.signingKey(work);
    TestDists.Wheel wheel = TestDists.wheel("Demo.Pkg", "1.0");
    TestDists.Sdist sdist = TestDists.sdist("demo_pkg", "1.0");
    Path out = work.resolve("out");
    Releases.release(
        out,
        List.of(wheel.write(work.resolve("d")), sdist.write(work.resolve("d"))),
        work,
        signed(key));

    Path pypi = out.resolve("pypi");
    String whl = wheel.fileName();
    Path whlFile = pypi.resolve("files").resolve(whl);
    assertArrayEquals(
        wheel.metadata(), Files.readAllBytes(pypi.resolve("files/" + whl + ".metadata")));
    assertArrayEquals(
        sdist.pkgInfoBytes(),
        Files.readAllBytes(pypi.resolve("files/" + sdist.fileName() + ".metadata")));
    Digest sha = Digest.sha256Of(Files.readAllBytes(whlFile));

    JsonNode page = JSON.readTree(pypi.resolve("simple/demo-pkg/index.json").toFile());
    assertEquals("1.3", page.path("meta").path("api-version").asText());
    assertEquals("demo-pkg", page.path("name").asText());
    assertEquals("[\"1.0\"]", page.path("versions").toString());
    JsonNode f = page.path("files").get(0);
    assertEquals(whl, f.path("filename").asText());
    assertEquals(sha.hex(), f.path("hashes").path("sha256").asText());
    assertEquals(Files.size(whlFile), f.path("size").asLong());
    assertEquals(">=3.7", f.path("requires-python").asText());
    assertEquals(
        Digest.sha256Of(wheel.metadata()).hex(), f.path("core-metadata").path("sha256").asText());
    assertEquals(
        "../../integrity/demo-pkg/1.0/" + whl + "/provenance", f.path("provenance").asText());
    assertTrue(f.path("upload-time").asText().startsWith("2026-11-22T12:00"), f.toString());

    String html = Files.readString(pypi.resolve("simple/demo-pkg/index.html"));
    assertTrue(html.contains("href=\"../../files/" + whl + "#sha256=" + sha.hex() + "\""), html);
    assertTrue(
        html.contains(
            "data-core-metadata=\"sha256=" + Digest.sha256Of(wheel.metadata()).hex() + "\""),
        html);
    assertTrue(html.contains("data-requires-python=\"&gt;=3.7\""), html);
    assertTrue(Files.readString(pypi.resolve("simple/index.html")).contains("href=\"demo-pkg/\""));

    Pep740Attestation publish =
        Pep740Attestation.parse(
            Files.readAllBytes(pypi.resolve("files/" + whl + ".publish.attestation")));
    Pep740Verifier.Result r = Pep740Verifier.verify(publish, whl, sha, key.pair().getPublic());
    assertEquals("https://docs.pypi.org/attestations/publish/v1", r.predicateType());
    assertTrue(r.signer().contains("Example Publisher"), r.signer());
    assertThrows(
        VerificationException.class,
        () ->
            Pep740Verifier.verify(
                publish, whl, Digest.sha256Of(new byte[1]), key.pair().getPublic()));
    assertThrows(
        VerificationException.class,
        () ->
            Pep740Verifier.verify(
                publish, "other-1.0-py3-none-any.whl", sha, key.pair().getPublic()));
    assertThrows(
        VerificationException.class,
        () ->
            Pep740Verifier.verify(publish, whl, sha, Releases.signingKey(work).pair().getPublic()));

    JsonNode provenance =
        JSON.readTree(pypi.resolve("integrity/demo-pkg/1.0/" + whl + "/provenance").toFile());
    assertEquals(1, provenance.path("version").asInt());
    JsonNode att = provenance.path("attestation_bundles").get(0).path("attestations").get(0);
    assertArrayEquals(publish.toJson(), JSON.writeValueAsBytes(att));
  }

  @Test
  void invalidDistributionsFailWithTheRuleAndLeaveTheOutputUntouched() throws Exception {
    Path out = work.resolve("out");
    Releases.release(
        out,
        List.of(TestDists.wheel("good", "1.0").write(work.resolve("g"))),
        work,
        Map.of(PypiTarget.OPTION_UNSIGNED, "true"));
    Map<String, String> before = tree(out);
    record Case(String name, Path file, DistributionRule rule) {}
    List<Case> cases =
        List.of(
            new Case(
                "zip slip",
                TestDists.wheel("slip", "1.0")
                    .file("../../evil.py", new byte[1])
                    .write(work.resolve("a")),
                DistributionRule.PATH),
            new Case(
                "record lie",
                TestDists.wheel("lie", "1.0")
                    .record(
                        r ->
                            r.replaceFirst(
                                "(lie/__init__.py,sha256=)[^,]+",
                                "$1" + TestDists.b64(new byte[32])))
                    .write(work.resolve("b")),
                DistributionRule.RECORD),
            new Case(
                "name",
                TestDists.wheel("named", "1.0").metadataName("other").write(work.resolve("c")),
                DistributionRule.NAME_MISMATCH),
            new Case(
                "bomb",
                TestDists.bomb(work.resolve("e"), 1L << 30),
                DistributionRule.COMPRESSION_RATIO));
    for (Case c : cases) {
      List<Path> dists =
          new ArrayList<>(
              List.of(
                  TestDists.wheel("fine", "2.0").write(work.resolve("f" + c.name().length())),
                  c.file()));
      InvalidDistributionException e =
          assertThrows(
              InvalidDistributionException.class,
              () -> Releases.release(out, dists, work, Map.of(PypiTarget.OPTION_UNSIGNED, "true")),
              c.name());
      assertEquals(c.rule(), e.rule(), c.name() + ": " + e.getMessage());
      assertTrue(e.getMessage().contains(c.file().getFileName().toString()), e.getMessage());
      assertTrue(e.getMessage().contains("sha256:"), "names the layer digest: " + e.getMessage());
      assertEquals(before, tree(out), c.name() + " left the output untouched");
    }
  }

  @Test
  void aReleaseIntoAnExistingOutputKeepsOlderVersions() throws Exception {
    Path out = work.resolve("out");
    Map<String, String> unsigned = Map.of(PypiTarget.OPTION_UNSIGNED, "true");
    Releases.release(
        out, List.of(TestDists.wheel("demo", "1.0").write(work.resolve("a"))), work, unsigned);
    String uploaded =
        JSON.readTree(out.resolve("pypi/simple/demo/index.json").toFile())
            .path("files")
            .get(0)
            .path("upload-time")
            .asText();
    TranslateResult second =
        Releases.release(
            out,
            List.of(
                TestDists.wheel("demo", "2.0").write(work.resolve("b")),
                TestDists.wheel("other", "1.0").write(work.resolve("b"))),
            work,
            unsigned);
    JsonNode page = JSON.readTree(out.resolve("pypi/simple/demo/index.json").toFile());
    assertEquals("[\"1.0\",\"2.0\"]", page.path("versions").toString());
    assertEquals(
        uploaded,
        page.path("files").get(0).path("upload-time").asText(),
        "older files keep their upload time");
    assertTrue(Files.exists(out.resolve("pypi/files/demo-1.0-py3-none-any.whl")));
    assertTrue(Files.exists(out.resolve("pypi/files/demo-1.0-py3-none-any.whl.metadata")));
    assertTrue(Files.readString(out.resolve("pypi/simple/index.html")).contains("other/"));
    assertFalse(second.unchanged());

    // The same file name with other bytes is a conflict, not a silent replacement.
    TestDists.Wheel changed = TestDists.wheel("demo", "1.0").file("demo/extra.py", new byte[] {1});
    InvalidDistributionException e =
        assertThrows(
            InvalidDistributionException.class,
            () -> Releases.release(out, List.of(changed.write(work.resolve("c"))), work, unsigned));
    assertEquals(DistributionRule.CONFLICT, e.rule());
  }

  @Test
  void theReleaseSigstoreSignerSignsWithACertificateItSelfSignsThroughItself() throws Exception {
    java.security.KeyPair pair = Releases.signingKey(work).pair();
    TestDists.Wheel wheel = TestDists.wheel("demo", "1.0");
    Path file = wheel.write(work.resolve("a"));
    Path out = work.resolve("out");
    Releases.release(
        out,
        List.of(file),
        work,
        Map.of(PypiTarget.OPTION_PUBLISHER, "Release Key"),
        true,
        dev.konflux.ecosystem.spi.SigstoreKeySigner.of(pair.getPublic(), pair.getPrivate()));
    Pep740Attestation a =
        Pep740Attestation.parse(
            Files.readAllBytes(
                out.resolve("pypi/files/" + wheel.fileName() + ".publish.attestation")));
    Pep740Verifier.Result r =
        Pep740Verifier.verify(
            a, wheel.fileName(), Digest.sha256Of(Files.readAllBytes(file)), pair.getPublic());
    assertTrue(r.signer().contains("Release Key"), r.signer());
    java.security.cert.X509Certificate cert =
        (java.security.cert.X509Certificate)
            java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(a.certificate()));
    cert.verify(pair.getPublic()); // self-signed through the release signer's message signature
  }

  @Test
  void aMissingKeyIsAnErrorUnlessUnsignedIsChosen() throws Exception {
    Path wheel = TestDists.wheel("demo", "1.0").write(work.resolve("a"));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Releases.release(work.resolve("out"), List.of(wheel), work, Map.of()));
    assertTrue(e.getMessage().contains(PypiTarget.OPTION_SIGSTORE_KEY), e.getMessage());
  }

  @Test
  void slsaAttestationIsBuiltFromTheVerifiedKonfluxProvenance() throws Exception {
    Releases.SigningKey key = Releases.signingKey(work);
    Path wheel = TestDists.wheel("demo", "1.0").write(work.resolve("a"));
    Map<String, String> options = new TreeMap<>(signed(key));
    options.put(PypiTarget.OPTION_SLSA, "true");
    Path out = work.resolve("out");
    TranslateResult result = Releases.release(out, List.of(wheel), work, options);
    Path files = out.resolve("pypi/files");
    Digest sha = Digest.sha256Of(Files.readAllBytes(wheel));
    Pep740Attestation slsa =
        Pep740Attestation.parse(
            Files.readAllBytes(files.resolve(wheel.getFileName() + ".slsa.attestation")));
    assertEquals(
        "https://slsa.dev/provenance/v1",
        Pep740Verifier.verify(slsa, wheel.getFileName().toString(), sha, key.pair().getPublic())
            .predicateType());
    JsonNode predicate = JSON.readTree(slsa.statement()).path("predicate");
    assertEquals(
        "https://tekton.dev/chains/v2",
        predicate.path("runDetails").path("builder").path("id").asText());
    assertFalse(predicate.path("buildDefinition").path("buildType").asText().isEmpty());
    String deps = predicate.path("buildDefinition").path("resolvedDependencies").toString();
    String manifest =
        result.record().files().stream()
            .filter(f -> f.path().endsWith(".whl"))
            .findFirst()
            .orElseThrow()
            .origins()
            .get(0)
            .manifestDigest()
            .hex();
    assertTrue(deps.contains(manifest), "names the OCI manifest: " + deps);
    assertTrue(deps.contains(sha.hex()), "names the layer: " + deps);
    JsonNode provenance =
        JSON.readTree(
            out.resolve("pypi/integrity/demo/1.0/" + wheel.getFileName() + "/provenance").toFile());
    assertEquals(2, provenance.path("attestation_bundles").get(0).path("attestations").size());
  }

  @Test
  void slsaWithoutVerifiedProvenanceFailsClosed() throws Exception {
    Releases.SigningKey key = Releases.signingKey(work);
    Path wheel = TestDists.wheel("demo", "1.0").write(work.resolve("a"));
    Map<String, String> options = new TreeMap<>(signed(key));
    options.put(PypiTarget.OPTION_SLSA, "true");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Releases.releaseUnverified(work.resolve("out"), List.of(wheel), work, options));
    assertTrue(e.getMessage().contains("provenance"), e.getMessage());
  }

  static Map<String, String> tree(Path dir) throws Exception {
    Map<String, String> out = new TreeMap<>();
    if (!Files.exists(dir)) {
      return out;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(p).toString(), Digest.sha256Of(Files.readAllBytes(p)).hex());
      }
    }
    return out;
  }
}
