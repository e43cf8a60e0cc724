package dev.konflux.ecosystem.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.konflux.ecosystem.api.BundleArtifact;
import dev.konflux.ecosystem.api.BundlePolicy;
import dev.konflux.ecosystem.api.BundleVerification;
import dev.konflux.ecosystem.testkit.SigstoreTestInstance;
import dev.konflux.ecosystem.testkit.SigstoreTestInstance.Fault;
import dev.konflux.ecosystem.testkit.SigstoreTestInstance.Spec;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our {@link SigstoreBundleVerifier} and the npm sigstore verifier ({@code @sigstore/verify} 4.1.3,
 * run by {@code src/test/node/keyless/verify-keyless.mjs}, installed from its pinned package.json
 * into {@code target/npm-sigstore-keyless}) give the same verdict on every fixture bundle npm can
 * read (and reject what npm cannot read), with each trusted root, and on bundles of our test
 * Sigstore instance.
 *
 * <p>Known, deliberate differences, asserted as such so a change on either side is noticed: {@code
 * bundle.dsse.rekor-v2.bad-entry-type} (npm accepts a {@code dsse:0.0.2} entry for a DSSE bundle;
 * we reject it as sigstore-java does) and a checkpoint whose origin names another log (npm does not
 * check the origin line; we do). {@code bundle-no-digest} is unreadable to npm (a v0.3 bundle with
 * a certificate chain), so it has no npm verdict.
 */
class NpmBundleVerdictAgreementIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> WE_ARE_STRICTER =
      Map.of(
          "bundle.dsse.rekor-v2.bad-entry-type.sigstore@staging_trusted_root.json",
          "Unsupported entry type 'dsse:0.0.2' for DSSE bundle",
          "own:CHECKPOINT_OTHER_ORIGIN",
          "checkpoint origin");
  private static NpmSigstoreInstall npm;
  private static Path work;

  @BeforeAll
  static void installNpmVerifier() throws Exception {
    npm =
        NpmSigstoreInstall.install(
            "npm-sigstore-keyless",
            Path.of("src", "test", "node", "keyless"),
            List.of("package.json", "verify-keyless.mjs"));
    work = Files.createDirectories(Path.of("target", "npm-agreement").toAbsolutePath());
  }

  /** One bundle to judge. */
  record Judged(String name, Path bundle, Path artifact, Path root, String san, String issuer) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Judged> fixtures() throws Exception {
    List<Judged> out = new ArrayList<>();
    FixtureTable t = FixtureTable.load();
    for (FixtureTable.Row row : t.rows()) {
      for (String root : List.of("trusted_root.json", "staging_trusted_root.json")) {
        out.add(
            new Judged(
                row.bundle() + "@" + root,
                t.bundles().resolve(row.bundle()),
                t.bundles().resolve("artifact.txt"),
                t.roots().resolve(root),
                row.san(),
                row.issuer()));
      }
    }
    Path shipped =
        Files.createDirectories(Path.of("target", "npm-agreement"))
            .resolve("public-good-trusted-root.json");
    try (InputStream in = TrustedRoot.class.getResourceAsStream("public-good-trusted-root.json")) {
      Files.copy(in, shipped, StandardCopyOption.REPLACE_EXISTING);
    }
    out.add(
        new Judged(
            "bundle.dsse.rekor-v2.sigstore@shipped",
            t.bundles().resolve("bundle.dsse.rekor-v2.sigstore"),
            t.bundles().resolve("artifact.txt"),
            shipped.toAbsolutePath(),
            "untrusted-sa@sigstore-conformance.iam.gserviceaccount.com",
            "https://accounts.google.com"));
    return out.stream();
  }

  static Stream<Judged> ownBundles() throws Exception {
    SigstoreTestInstance sigstore = SigstoreTestInstance.create();
    Path dir = Files.createDirectories(Path.of("target", "npm-agreement", "own").toAbsolutePath());
    Path artifact =
        Files.writeString(
            dir.resolve("artifact.txt"), "konflux test artifact\n", StandardCharsets.UTF_8);
    Path root = dir.resolve("trusted_root.json");
    Files.write(root, JSON.writeValueAsBytes(sigstore.trustedRoot()));
    List<Judged> out = new ArrayList<>();
    List<Spec> specs = new ArrayList<>();
    for (Fault f : Fault.values()) {
      specs.add(Spec.keylessRekorV2().with(f));
    }
    specs.add(Spec.keylessRekorV2().asDsse());
    specs.add(Spec.keylessRekorV1());
    specs.add(Spec.keylessRekorV1().with(Fault.CERT_EXPIRED_AT_SIGNING));
    specs.add(Spec.keylessRekorV1().with(Fault.CHECKPOINT_OTHER_KEY));
    specs.add(Spec.keylessRekorV1().proof(false));
    specs.add(Spec.keylessRekorV2().timestamp(false));
    for (Spec s : specs) {
      String name =
          "own:"
              + s.fault()
              + (s.dsse() ? "-dsse" : "")
              + (s.rekorV2() ? "" : "-rekor-v1")
              + (s.proof() ? "" : "-no-proof")
              + (s.timestamp() || !s.rekorV2() ? "" : "-no-timestamp");
      Path bundle = dir.resolve(name.replace(':', '-') + ".sigstore.json");
      Files.write(
          bundle, JSON.writeValueAsBytes(sigstore.sign(Files.readAllBytes(artifact), s).bundle()));
      out.add(
          new Judged(
              name, bundle, artifact, root, SigstoreTestInstance.SAN, SigstoreTestInstance.ISSUER));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"fixtures", "ownBundles"})
  void npmSigstoreAgreesWithOurVerdict(Judged j) throws Exception {
    BundleVerification ours;
    try (InputStream in = Files.newInputStream(j.artifact())) {
      ours =
          new SigstoreBundleVerifier()
              .verify(
                  Files.readAllBytes(j.bundle()),
                  BundleArtifact.ofStream(in, j.artifact().toString()),
                  BundlePolicy.keyless(j.san(), j.issuer()).withTrustedRoot(j.root()));
    }
    NpmSigstoreInstall.Result said =
        npm.run(
            List.of(
                "node",
                npm.dir().resolve("verify-keyless.mjs").toString(),
                "--bundle",
                j.bundle().toAbsolutePath().toString(),
                "--artifact",
                j.artifact().toAbsolutePath().toString(),
                "--trusted-root",
                j.root().toAbsolutePath().toString(),
                "--identity",
                j.san(),
                "--issuer",
                j.issuer()),
            120);
    if (said.output().startsWith("UNREADABLE")) {
      // npm cannot read it, so it cannot accept it: neither may we, except bundle-no-digest (a v0.3
      // bundle with a certificate chain, which sigstore-java reads and verifies, and so do we).
      if (!j.bundle().getFileName().toString().equals("bundle-no-digest.sigstore")) {
        assertTrue(
            !ours.verified(),
            "npm cannot read it, we accepted it: " + ours + "; npm: " + said.output());
      }
      return;
    }
    boolean theirs = said.exit() == 0 && said.output().contains("VERIFIED");
    String stricter =
        WE_ARE_STRICTER.get(
            j.name().startsWith("own:") ? j.name().replace("-rekor-v1", "") : j.name());
    if (stricter != null) {
      assertTrue(
          theirs,
          "npm accepted this before; if it now rejects, drop the exception: " + said.output());
      assertTrue(!ours.verified() && ours.reason().contains(stricter), ours.toString());
      return;
    }
    assertEquals(theirs, ours.verified(), "ours: " + ours + "; npm: " + said.output());
  }
}
