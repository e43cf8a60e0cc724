package dev.konflux.ecosystem.testkit;

/**
 * The parts of a conventional RPM file name {@code name-version-release.arch.rpm}.
 *
 * @param name package name (may contain dashes)
 * @param version version
 * @param release release
 * @param arch architecture, {@code src} for source RPMs
 */
record RpmFileName(String name, String version, String release, String arch) {

  static RpmFileName parse(String fileName) {
    if (!fileName.endsWith(".rpm")) {
      throw new IllegalArgumentException("not an RPM file name: " + fileName);
    }
    String base = fileName.substring(0, fileName.length() - ".rpm".length());
    int dot = base.lastIndexOf('.');
    int releaseDash = dot < 0 ? -1 : base.lastIndexOf('-', dot);
    int versionDash = releaseDash < 0 ? -1 : base.lastIndexOf('-', releaseDash - 1);
    if (versionDash <= 0) {
      throw new IllegalArgumentException(
          "RPM file name is not name-version-release.arch.rpm: " + fileName);
    }
    return new RpmFileName(
        base.substring(0, versionDash),
        base.substring(versionDash + 1, releaseDash),
        base.substring(releaseDash + 1, dot),
        base.substring(dot + 1));
  }
}
