package dev.konflux.ecosystem.internal.verify;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The sigstore-java fixtures copied into test resources (see
 * src/test/resources/fixtures/README.md).
 */
final class SigstoreFixtures {
  private SigstoreFixtures() {}

  /**
   * @return the directory holding {@code bundles/} and {@code trustroot/}
   */
  static Path dir() {
    URL url = SigstoreFixtures.class.getResource("/fixtures/sigstore/trustroot/trusted_root.json");
    if (url == null) {
      throw new IllegalStateException("fixtures/sigstore is not on the test class path");
    }
    try {
      return Path.of(url.toURI()).getParent().getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
