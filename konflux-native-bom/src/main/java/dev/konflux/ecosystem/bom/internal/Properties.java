package dev.konflux.ecosystem.bom.internal;

/**
 * Names of the CycloneDX properties that carry what CycloneDX has no field for, so that an SPDX
 * document converted to CycloneDX and back keeps it (see the module README).
 */
final class Properties {
  private Properties() {}

  /** An additional purl (CycloneDX has one per component). */
  static final String PURL = "konflux-native:purl";

  /**
   * Prefix of a checksum whose algorithm CycloneDX lacks: {@code konflux-native:checksum:SHA224}.
   */
  static final String CHECKSUM = "konflux-native:checksum:";

  /** The concluded licence when a declared one took CycloneDX's single licence choice. */
  static final String LICENSE_CONCLUDED = "konflux-native:license-concluded";

  /** An SPDX primary package purpose CycloneDX has no type for. */
  static final String PURPOSE = "konflux-native:spdx-purpose";

  /** An SPDX creator that is not a tool ({@code Organization: …}, {@code Person: …}). */
  static final String CREATOR = "konflux-native:spdx-creator";

  /** The SPDX document name when it differs from the primary component's. */
  static final String DOCUMENT_NAME = "konflux-native:spdx-document-name";
}
