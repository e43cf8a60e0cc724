package dev.konflux.ecosystem.bom;

/** The SBOM formats and versions this module reads. */
public enum SbomFormat {
  /** SPDX 2.3 (JSON). */
  SPDX_2_3("SPDX", "2.3"),
  /** CycloneDX 1.4 (JSON or XML). */
  CYCLONEDX_1_4("CycloneDX", "1.4"),
  /** CycloneDX 1.5 (JSON or XML). */
  CYCLONEDX_1_5("CycloneDX", "1.5"),
  /** CycloneDX 1.6 (JSON or XML), the version this module writes. */
  CYCLONEDX_1_6("CycloneDX", "1.6");

  private final String family;
  private final String version;

  SbomFormat(String family, String version) {
    this.family = family;
    this.version = version;
  }

  /**
   * @return {@code SPDX} or {@code CycloneDX}
   */
  public String family() {
    return family;
  }

  /**
   * @return the specification version, e.g. {@code 1.6}
   */
  public String version() {
    return version;
  }

  /**
   * @return whether this is a CycloneDX version
   */
  public boolean isCycloneDx() {
    return family.equals("CycloneDX");
  }

  /**
   * @return e.g. {@code CycloneDX-1.6} or {@code SPDX-2.3}
   */
  public String label() {
    return family + "-" + version;
  }
}
