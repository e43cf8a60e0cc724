package dev.konflux.ecosystem.rpm.internal.sign;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;

/** Maps the OpenPGP hash numbers that rpm uses in PAYLOADDIGESTALGO (5093) to JDK digests. */
final class PayloadDigestAlgorithm {
  private PayloadDigestAlgorithm() {}

  /**
   * @param pgpHashId the OpenPGP hash algorithm number
   * @return a fresh digest, or {@code null} if rpm's number is not one we accept
   */
  static @Nullable MessageDigest forId(long pgpHashId) {
    @Nullable String name =
        switch ((int) pgpHashId) {
          case 2 -> "SHA-1";
          case 8 -> "SHA-256";
          case 9 -> "SHA-384";
          case 10 -> "SHA-512";
          case 11 -> "SHA-224";
          default -> null;
        };
    if (name == null || pgpHashId != (int) pgpHashId) {
      return null;
    }
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
