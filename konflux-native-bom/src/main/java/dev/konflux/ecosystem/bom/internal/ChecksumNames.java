package dev.konflux.ecosystem.bom.internal;

import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Checksum algorithm names: SPDX 2.3 ({@code SHA256}) against CycloneDX ({@code SHA-256}). */
final class ChecksumNames {
  private ChecksumNames() {}

  private static final Map<String, String> SPDX_TO_CDX =
      Map.ofEntries(
          Map.entry("MD5", "MD5"),
          Map.entry("SHA1", "SHA-1"),
          Map.entry("SHA256", "SHA-256"),
          Map.entry("SHA384", "SHA-384"),
          Map.entry("SHA512", "SHA-512"),
          Map.entry("SHA3-256", "SHA3-256"),
          Map.entry("SHA3-384", "SHA3-384"),
          Map.entry("SHA3-512", "SHA3-512"),
          Map.entry("BLAKE2b-256", "BLAKE2b-256"),
          Map.entry("BLAKE2b-384", "BLAKE2b-384"),
          Map.entry("BLAKE2b-512", "BLAKE2b-512"),
          Map.entry("BLAKE3", "BLAKE3"));

  /** The CycloneDX schema's hash-content pattern. */
  private static final Pattern CDX_CONTENT =
      Pattern.compile(
          "([a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{64}|[a-fA-F0-9]{96}|[a-fA-F0-9]{128})");

  /**
   * @return the CycloneDX name, or {@code null} when CycloneDX has no such algorithm
   */
  static @Nullable String toCycloneDx(String spdx) {
    return SPDX_TO_CDX.get(spdx);
  }

  /**
   * @return the SPDX name of a CycloneDX algorithm, or {@code null}
   */
  static @Nullable String toSpdx(String cdx) {
    for (Map.Entry<String, String> e : SPDX_TO_CDX.entrySet()) {
      if (e.getValue().equals(cdx)) {
        return e.getKey();
      }
    }
    return null;
  }

  /**
   * @return whether the CycloneDX schema accepts this value
   */
  static boolean cycloneDxAccepts(String value) {
    return CDX_CONTENT.matcher(value).matches();
  }
}
