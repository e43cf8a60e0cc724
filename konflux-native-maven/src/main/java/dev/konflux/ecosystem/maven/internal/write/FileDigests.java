package dev.konflux.ecosystem.maven.internal.write;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The four digests of one file as a Maven repository publishes them, plus the SHA-256 state before
 * finishing, which the OpenPGP signature continues from instead of reading the file again.
 *
 * @param size bytes hashed
 * @param md5 hex MD5
 * @param sha1 hex SHA-1
 * @param sha256 hex SHA-256
 * @param sha512 hex SHA-512
 * @param sha256State a clone of the SHA-256 digest fed exactly the file's bytes, not finished
 * @param sha512State the same for SHA-512 (signers that hash with SHA-512)
 */
public record FileDigests(
    long size,
    String md5,
    String sha1,
    String sha256,
    String sha512,
    MessageDigest sha256State,
    MessageDigest sha512State) {
  /** Validates. */
  public FileDigests {
    Objects.requireNonNull(md5, "md5");
    Objects.requireNonNull(sha1, "sha1");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(sha512, "sha512");
    Objects.requireNonNull(sha256State, "sha256State");
    Objects.requireNonNull(sha512State, "sha512State");
  }

  /**
   * @param algorithm a JCA name: MD5, SHA-1, SHA-256 or SHA-512
   * @return the hex digest for it
   */
  public String hex(String algorithm) {
    return switch (algorithm) {
      case "MD5" -> md5;
      case "SHA-1" -> sha1;
      case "SHA-256" -> sha256;
      case "SHA-512" -> sha512;
      default -> throw new IllegalArgumentException(algorithm);
    };
  }

  /**
   * @param algorithm a JCA name
   * @return a fresh copy of the unfinished digest state of the file's bytes for that algorithm
   *     (SHA-256 or SHA-512), or empty when the read computed no such digest
   */
  public java.util.Optional<MessageDigest> continuation(String algorithm) {
    MessageDigest state =
        switch (algorithm) {
          case "SHA-256", "SHA256" -> sha256State;
          case "SHA-512", "SHA512" -> sha512State;
          default -> null;
        };
    if (state == null) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of((MessageDigest) state.clone());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's " + algorithm + " is cloneable", e);
    }
  }

  static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }
}
