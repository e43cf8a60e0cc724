package dev.konflux.ecosystem.sigstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The expectation table of the fixtures' README.md (src/test/resources/fixtures/sigstore), read from the README itself. */
record FixtureTable(Path bundles, Path roots, List<Row> rows) {

  /**
   * @param bundle the bundle file name
   * @param publicGood sigstore-java 2.0.0's outcome with the public-good root
   * @param staging its outcome with the staging root
   */
  record Row(String bundle, Outcome publicGood, Outcome staging) {}

  /**
   * @param verifies whether it verifies
   * @param message the failure message (possibly cut short in the README), or "" when it verifies
   */
  record Outcome(boolean verifies, String message) {
    static Outcome parse(String cell) {
      String c = cell.trim();
      if (c.equals("verifies")) {
        return new Outcome(true, "");
      }
      if (!c.startsWith("fails: ")) {
        throw new IllegalArgumentException("unexpected table cell " + c);
      }
      return new Outcome(false, c.substring("fails: ".length()).trim());
    }
  }

  /** @return the Sigstore fixtures copied into this module's test resources */
  static Path fixturesDir() {
    java.net.URL url = FixtureTable.class.getResource("/fixtures/sigstore/README.md");
    if (url == null) {
      throw new IllegalStateException("fixtures/sigstore is not on the test class path");
    }
    try {
      return Path.of(url.toURI()).getParent();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static FixtureTable load() throws IOException {
    Path base = fixturesDir();
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(base.resolve("README.md"))) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String[] cells = line.split("\\|");
      // cells[0] is empty (line starts with '|').
      String bundle = cells[1].trim().replace("`", "");
      rows.add(new Row(bundle, Outcome.parse(cells[2]), Outcome.parse(cells[3])));
    }
    if (rows.size() < 30) {
      throw new IllegalStateException("expected the 31-row table in the fixtures README, found " + rows.size());
    }
    return new FixtureTable(base.resolve("bundles"), base.resolve("trustroot"), rows);
  }
}
