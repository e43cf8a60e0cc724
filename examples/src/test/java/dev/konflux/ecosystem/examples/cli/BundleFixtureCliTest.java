package dev.konflux.ecosystem.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.pypi.Pep740Attestation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 31 sigstore-java fixture bundles, each with the public-good and the staging trusted root,
 * through {@code konflux-native verify-bundle}: exit code and reason as {@code expected.tsv} in the
 * sigstore module's test resources says (its notes explain each difference from sigstore-java).
 */
class BundleFixtureCliTest {
  static final Path FIXTURES =
      Path.of(
          "..",
          "konflux-native-sigstore",
          "src",
          "test",
          "resources",
          "dev",
          "konflux",
          "ecosystem",
          "sigstore",
          "fixtures");

  record Row(String bundle, String root, int exit, String reason, String san, String issuer) {
    @Override
    public String toString() {
      return bundle + " with " + root;
    }
  }

  static Stream<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String line :
        Files.readAllLines(FIXTURES.resolve("expected.tsv"), StandardCharsets.UTF_8)) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] c = line.split("\t", -1);
      rows.add(new Row(c[0], c[1], Integer.parseInt(c[2]), c[3], c[4], c[5]));
    }
    assertEquals(
        63,
        rows.size(),
        "31 bundles with two roots, and the Rekor v2 DSSE bundle with the shipped root");
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void fixtureGivesItsDocumentedOutcome(Row row) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "verify-bundle",
                "--bundle",
                FIXTURES.resolve("bundles").resolve(row.bundle()).toString(),
                "--certificate-identity",
                row.san(),
                "--certificate-oidc-issuer",
                row.issuer()));
    if (!row.root().equals("shipped")) {
      args.add("--trusted-root");
      args.add(FIXTURES.resolve("trustroot").resolve(row.root()).toString());
    }
    args.add(FIXTURES.resolve("bundles/artifact.txt").toString());
    CliRun run = CliRun.of(args.toArray(String[]::new));
    String line = run.exit() == 0 ? run.out() : run.err();
    assertEquals(row.exit(), run.exit(), line);
    assertTrue(line.contains(row.reason()), "expected '" + row.reason() + "' in: " + line);
    assertEquals(1, line.strip().lines().count(), "one line: " + line);
  }

  @Test
  void aPep740AttestationVerifiesAsTheBundleItConvertsToAndFailsWhenTampered(@TempDir Path tmp)
      throws Exception {
    byte[] bundle = Files.readAllBytes(FIXTURES.resolve("bundles").resolve("bundle.dsse.sigstore"));
    Pep740Attestation attestation = Pep740Attestation.fromBundle(bundle);
    Path good = Files.write(tmp.resolve("good.publish.attestation"), attestation.toJson());
    byte[] signature = attestation.signature();
    signature[signature.length / 2] ^= 1;
    Path bad =
        Files.write(
            tmp.resolve("bad.publish.attestation"),
            new Pep740Attestation(
                    attestation.statement(),
                    signature,
                    attestation.certificate(),
                    attestation.transparencyEntries())
                .toJson());
    String san =
        "https://github.com/loosebazooka/aa-test/.github/workflows/provenance.yaml@refs/heads/main";
    String issuer = "https://token.actions.githubusercontent.com";
    String root = FIXTURES.resolve("trustroot").resolve("trusted_root.json").toString();
    String artifact = FIXTURES.resolve("bundles/artifact.txt").toString();

    CliRun ok =
        CliRun.of(
            "verify-bundle",
            "--attestation",
            good.toString(),
            "--certificate-identity",
            san,
            "--certificate-oidc-issuer",
            issuer,
            "--trusted-root",
            root,
            artifact);
    assertEquals(0, ok.exit(), ok.err());
    assertTrue(ok.out().contains("Verified OK"), ok.out());

    CliRun tampered =
        CliRun.of(
            "verify-bundle",
            "--attestation",
            bad.toString(),
            "--certificate-identity",
            san,
            "--certificate-oidc-issuer",
            issuer,
            "--trusted-root",
            root,
            artifact);
    assertEquals(3, tampered.exit(), tampered.out() + tampered.err());
    assertEquals(1, tampered.err().strip().lines().count(), tampered.err());
  }
}
