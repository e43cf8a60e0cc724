package dev.konflux.ecosystem.rpm;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared fixtures (system property {@code konflux.shared.dir}). */
public final class Fixtures {
  private Fixtures() {}

  /** @return the shared directory */
  public static Path shared() {
    String dir = System.getProperty("konflux.shared.dir");
    if (dir == null) {
      throw new IllegalStateException("system property konflux.shared.dir is not set");
    }
    Path p = Path.of(dir);
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("konflux.shared.dir " + p + " is not a directory");
    }
    return p;
  }

  /**
   * @param name a file in fixtures/rpm/RPMS
   * @return its path
   */
  public static Path rpm(String name) {
    return shared().resolve("fixtures/rpm/RPMS").resolve(name);
  }

  /**
   * @param name a file in fixtures/rpm/keys
   * @return its path
   */
  public static Path key(String name) {
    return shared().resolve("fixtures/rpm/keys").resolve(name);
  }
}
