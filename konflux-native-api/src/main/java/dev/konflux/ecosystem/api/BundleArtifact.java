package dev.konflux.ecosystem.api;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a bundle must sign: the artifact's digests. Built from the artifact's bytes (streamed and
 * hashed with SHA-256, SHA-384 and SHA-512 in one pass, so a bundle of any of those digest
 * algorithms can be checked) or from a single known digest.
 */
public final class BundleArtifact {
  private static final String[] ALGORITHMS = {"SHA-256", "SHA-384", "SHA-512"};

  /** Java algorithm name ({@code SHA-256}) to digest bytes. */
  private final Map<String, byte[]> digests;

  private final String describe;

  private BundleArtifact(Map<String, byte[]> digests, String describe) {
    this.digests = Map.copyOf(digests);
    this.describe = describe;
  }

  /**
   * @param digest the artifact's digest (only bundles of this digest algorithm can be checked)
   * @return the artifact
   */
  public static BundleArtifact ofDigest(Digest digest) {
    Objects.requireNonNull(digest, "digest");
    String alg = Digest.SHA256.equals(digest.algorithm()) ? "SHA-256" : "SHA-512";
    return new BundleArtifact(Map.of(alg, digest.bytes()), digest.toString());
  }

  /**
   * Reads the stream to its end, hashing as it goes; the bytes are not kept.
   *
   * @param in the artifact's bytes (not closed)
   * @param describe what the artifact is, for messages (a file name)
   * @return the artifact
   * @throws IOException if the stream cannot be read
   */
  public static BundleArtifact ofStream(InputStream in, String describe) throws IOException {
    MessageDigest[] mds = new MessageDigest[ALGORITHMS.length];
    for (int i = 0; i < mds.length; i++) {
      try {
        mds[i] = MessageDigest.getInstance(ALGORITHMS[i]);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK lacks " + ALGORITHMS[i], e);
      }
    }
    byte[] buf = new byte[64 * 1024];
    for (int n; (n = in.read(buf)) != -1; ) {
      for (MessageDigest md : mds) {
        md.update(buf, 0, n);
      }
    }
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (int i = 0; i < mds.length; i++) {
      out.put(ALGORITHMS[i], mds[i].digest());
    }
    return new BundleArtifact(out, describe);
  }

  /**
   * @param javaAlgorithm {@code SHA-256}, {@code SHA-384} or {@code SHA-512}
   * @return the artifact's digest of that algorithm, if known
   */
  public Optional<byte[]> digest(String javaAlgorithm) {
    byte[] d = digests.get(javaAlgorithm);
    return d == null ? Optional.empty() : Optional.of(d.clone());
  }

  /**
   * @return what the artifact is, for messages
   */
  public String describe() {
    return describe;
  }

  @Override
  public String toString() {
    byte[] sha256 = digests.get("SHA-256");
    return sha256 == null
        ? describe
        : describe + " (sha256:" + HexFormat.of().formatHex(sha256) + ")";
  }
}
