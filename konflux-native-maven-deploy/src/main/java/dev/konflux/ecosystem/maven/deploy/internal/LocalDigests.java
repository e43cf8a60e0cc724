package dev.konflux.ecosystem.maven.deploy.internal;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The MD5, SHA-1, SHA-256 and SHA-512 of a local file, from one read, checked against the checksum
 * files beside it: a file whose {@code .sha1} (or other) disagrees with its bytes is never
 * deployed.
 */
public final class LocalDigests {
  /** Checksum file extension to JCA algorithm, strongest first. */
  static final Map<String, String> ALGORITHMS = new LinkedHashMap<>();

  static {
    ALGORITHMS.put("sha512", "SHA-512");
    ALGORITHMS.put("sha256", "SHA-256");
    ALGORITHMS.put("sha1", "SHA-1");
    ALGORITHMS.put("md5", "MD5");
  }

  private final Map<String, String> hex;

  private LocalDigests(Map<String, String> hex) {
    this.hex = hex;
  }

  /**
   * @param extension {@code sha512}, {@code sha256}, {@code sha1} or {@code md5}
   * @return the lower-case hex digest
   */
  public String hex(String extension) {
    String h = hex.get(extension);
    if (h == null) {
      throw new IllegalArgumentException("no digest " + extension);
    }
    return h;
  }

  /**
   * Hashes a file and checks the checksum files beside it.
   *
   * @param file the file
   * @param rel its path relative to the repository root, for messages
   * @return its digests
   * @throws InvalidInputException when it cannot be read or a checksum file disagrees
   */
  public static LocalDigests of(Path file, String rel) throws InvalidInputException {
    Map<String, MessageDigest> digests = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, String> a : ALGORITHMS.entrySet()) {
        digests.put(a.getKey(), MessageDigest.getInstance(a.getValue()));
      }
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks a standard digest", e);
    }
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        for (MessageDigest d : digests.values()) {
          d.update(buf, 0, n);
        }
      }
    } catch (IOException e) {
      throw new InvalidInputException("cannot read repository file " + rel + ": " + e, e);
    }
    Map<String, String> hex = new LinkedHashMap<>();
    digests.forEach((k, d) -> hex.put(k, HexFormat.of().formatHex(d.digest())));
    for (Map.Entry<String, String> h : hex.entrySet()) {
      Path sidecar = file.resolveSibling(file.getFileName() + "." + h.getKey());
      if (!Files.isRegularFile(sidecar)) {
        continue;
      }
      String expected;
      try {
        if (Files.size(sidecar) > 1024) {
          throw new InvalidInputException(
              "checksum file " + rel + "." + h.getKey() + " is larger than 1 KiB");
        }
        expected = firstToken(Files.readString(sidecar, StandardCharsets.US_ASCII));
      } catch (IOException e) {
        throw new InvalidInputException(
            "cannot read checksum file " + rel + "." + h.getKey() + ": " + e, e);
      }
      if (!expected.equals(h.getValue())) {
        throw new InvalidInputException(
            "checksum file "
                + rel
                + "."
                + h.getKey()
                + " does not match the file ("
                + h.getKey()
                + " of the bytes is "
                + h.getValue()
                + "); the repository was changed after it was written");
      }
    }
    return new LocalDigests(hex);
  }

  /** A checksum file's digest: its first word (some tools append the file name), lower case. */
  static String firstToken(String content) {
    String t = content.strip();
    int space = t.indexOf(' ');
    return (space < 0 ? t : t.substring(0, space)).toLowerCase(Locale.ROOT);
  }
}
