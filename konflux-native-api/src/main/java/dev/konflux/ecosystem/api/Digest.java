package dev.konflux.ecosystem.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A content digest as OCI writes it: {@code algorithm:hex}. Only {@code sha256} and {@code sha512}
 * are accepted; hex is lower case and of the algorithm's exact length.
 *
 * @param algorithm {@code sha256} or {@code sha512}
 * @param hex the lower-case hexadecimal digest value
 */
public record Digest(String algorithm, String hex) {

  /** The SHA-256 algorithm name as used in OCI digests. */
  public static final String SHA256 = "sha256";

  /** The SHA-512 algorithm name as used in OCI digests. */
  public static final String SHA512 = "sha512";

  /**
   * Validates algorithm and hex.
   *
   * @param algorithm {@code sha256} or {@code sha512}
   * @param hex the lower-case hexadecimal digest value
   */
  public Digest {
    if (algorithm == null || hex == null) {
      throw new IllegalArgumentException("digest algorithm and value are required");
    }
    int expectedLength =
        switch (algorithm) {
          case SHA256 -> 64;
          case SHA512 -> 128;
          default ->
              throw new IllegalArgumentException(
                  "unsupported digest algorithm '" + printable(algorithm) + "' (sha256 or sha512)");
        };
    if (hex.length() != expectedLength) {
      throw new IllegalArgumentException(
          algorithm
              + " digest must have "
              + expectedLength
              + " hex characters, got "
              + hex.length());
    }
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw new IllegalArgumentException(
            "digest value must be lower-case hex: " + printable(hex));
      }
    }
  }

  /**
   * Parses {@code algorithm:hex}.
   *
   * @param text the digest text
   * @return the digest
   * @throws InvalidInputException if the text is not a supported, well-formed digest
   */
  public static Digest parse(String text) throws InvalidInputException {
    if (text == null) {
      throw new InvalidInputException("digest is missing");
    }
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new InvalidInputException("not a digest (expected algorithm:hex): " + printable(text));
    }
    try {
      return new Digest(text.substring(0, colon), text.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("invalid digest " + printable(text) + ": " + e.getMessage());
    }
  }

  /**
   * @param hex 64 lower-case hex characters
   * @return a SHA-256 digest
   */
  public static Digest sha256(String hex) {
    return new Digest(SHA256, hex);
  }

  /**
   * @param bytes the raw 32-byte SHA-256 value
   * @return a SHA-256 digest
   */
  public static Digest sha256(byte[] bytes) {
    return new Digest(SHA256, HexFormat.of().formatHex(bytes));
  }

  /**
   * Computes the digest of the given bytes with this algorithm family.
   *
   * @param algorithm {@code sha256} or {@code sha512}
   * @param data the bytes
   * @return their digest
   */
  public static Digest of(String algorithm, byte[] data) {
    MessageDigest md = newMessageDigest(algorithm);
    return new Digest(algorithm, HexFormat.of().formatHex(md.digest(data)));
  }

  /**
   * @param data the bytes
   * @return their SHA-256 digest
   */
  public static Digest sha256Of(byte[] data) {
    return of(SHA256, data);
  }

  /**
   * @param algorithm {@code sha256} or {@code sha512}
   * @return a fresh JDK message digest for the algorithm
   */
  public static MessageDigest newMessageDigest(String algorithm) {
    try {
      return switch (algorithm) {
        case SHA256 -> MessageDigest.getInstance("SHA-256");
        case SHA512 -> MessageDigest.getInstance("SHA-512");
        default -> throw new IllegalArgumentException("unsupported digest algorithm " + algorithm);
      };
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }

  /**
   * @return a fresh message digest for this digest's algorithm
   */
  public MessageDigest newMessageDigest() {
    return newMessageDigest(algorithm);
  }

  /**
   * @param raw a finished message digest value
   * @return whether it equals this digest
   */
  public boolean matches(byte[] raw) {
    return MessageDigest.isEqual(HexFormat.of().parseHex(hex), raw);
  }

  /**
   * @return the hex value as bytes
   */
  public byte[] bytes() {
    return HexFormat.of().parseHex(hex);
  }

  /**
   * @return {@code algorithm-hex}, the form cosign and the tag schema use in tag names
   */
  public String asTagPrefix() {
    return algorithm + "-" + hex;
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }

  /** Bounds and escapes untrusted text before it goes into a message. */
  static String printable(String text) {
    return dev.konflux.ecosystem.spi.UntrustedText.quoted(text);
  }
}
