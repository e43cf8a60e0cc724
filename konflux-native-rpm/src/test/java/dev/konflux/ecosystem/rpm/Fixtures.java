package dev.konflux.ecosystem.rpm;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * Locates the rpm test-suite fixtures copied into this module's test resources (see {@code
 * src/test/resources/fixtures/README.md} for where each came from).
 */
public final class Fixtures {
  private Fixtures() {}

  private static Path resource(String path) {
    URL url = Fixtures.class.getResource("/fixtures/rpm/" + path);
    if (url == null) {
      throw new IllegalStateException(
          "test fixture fixtures/rpm/" + path + " is not on the class path");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * @param name a file in fixtures/rpm/RPMS
   * @return its path
   */
  public static Path rpm(String name) {
    return resource("RPMS/" + name);
  }

  /**
   * @param name a file in fixtures/rpm/keys
   * @return its path
   */
  public static Path key(String name) {
    return resource("keys/" + name);
  }
}
