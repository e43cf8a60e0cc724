package dev.konflux.ecosystem.bom.internal;

import org.spdx.library.SpdxModelFactory;

/**
 * Initialises java-spdx-library once, with the SPDX licence list taken from its jar: without {@code
 * org.spdx.useJARLicenseInfoOnly=true} the library downloads the list from spdx.org. The property
 * is set before any library class that reads it is loaded.
 */
final class SpdxLibrary {
  private SpdxLibrary() {}

  static {
    System.setProperty("org.spdx.useJARLicenseInfoOnly", "true");
    SpdxModelFactory.init();
  }

  /** Loads this class, which runs the initialisation above exactly once. */
  static void ensureInitialised() {
    // The static initialiser does the work.
  }
}
