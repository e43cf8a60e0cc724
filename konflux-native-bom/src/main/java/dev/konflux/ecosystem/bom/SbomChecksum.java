package dev.konflux.ecosystem.bom;

import java.util.Locale;
import java.util.Objects;

/**
 * A checksum of a package, with the algorithm named as SPDX 2.3 names it ({@code SHA256}, {@code
 * SHA3-256}, {@code BLAKE2b-256}, {@code MD5}, …), the larger of the two vocabularies.
 *
 * @param algorithm the SPDX algorithm name
 * @param value the lower-case hexadecimal value
 */
public record SbomChecksum(String algorithm, String value) {

  /** Validates and lower-cases the value. */
  public SbomChecksum {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(value, "value");
    value = value.toLowerCase(Locale.ROOT);
  }

  /**
   * @param hex a SHA-256 value
   * @return the checksum
   */
  public static SbomChecksum sha256(String hex) {
    return new SbomChecksum("SHA256", hex);
  }

  /**
   * @return whether this is a SHA-256 checksum
   */
  public boolean isSha256() {
    return algorithm.equals("SHA256");
  }
}
