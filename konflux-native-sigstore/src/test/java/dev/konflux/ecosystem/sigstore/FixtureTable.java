package dev.konflux.ecosystem.sigstore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The expectation table {@code fixtures/expected.tsv} of the test resources: what our verifier says
 * for each sigstore-java fixture bundle with the public-good and the staging root.
 */
record FixtureTable(Path bundles, Path roots, List<Row> rows) {

  static final Path BASE =
      Path.of("src", "test", "resources", "dev", "konflux", "ecosystem", "sigstore", "fixtures");

  /**
   * @param bundle the bundle file name
   * @param publicGood the outcome with the public-good root
   * @param staging the outcome with the staging root
   * @param san the certificate identity of the bundle
   * @param issuer its OIDC issuer
   */
  record Row(String bundle, Outcome publicGood, Outcome staging, String san, String issuer) {}

  /**
   * @param verifies whether it verifies
   * @param message a substring of the failure reason, or "" when it verifies
   */
  record Outcome(boolean verifies, String message) {}

  static FixtureTable load() throws IOException {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(BASE.resolve("expected.tsv"), StandardCharsets.UTF_8)) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] c = line.split("\t", -1);
      Outcome o = c[2].equals("0") ? new Outcome(true, "") : new Outcome(false, c[3]);
      Row old = rows.get(c[0]);
      switch (c[1]) {
        case "trusted_root.json" ->
            rows.put(c[0], new Row(c[0], o, old == null ? null : old.staging(), c[4], c[5]));
        case "staging_trusted_root.json" ->
            rows.put(c[0], new Row(c[0], old == null ? null : old.publicGood(), o, c[4], c[5]));
        default -> {} // the shipped-root row is checked through the CLI
      }
    }
    if (rows.size() != 31) {
      throw new IllegalStateException("expected 31 bundles in expected.tsv, found " + rows.size());
    }
    return new FixtureTable(
        BASE.resolve("bundles"), BASE.resolve("trustroot"), new ArrayList<>(rows.values()));
  }
}
