package dev.konflux.ecosystem.rpm.internal.repodata;

import dev.konflux.ecosystem.api.Digest;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/** Counts and SHA-256-hashes the bytes passing through on their way to another stream. */
final class HashingOutputStream extends FilterOutputStream {
  private final MessageDigest sha256;
  private long count;
  private @Nullable Digest digest;

  HashingOutputStream(OutputStream out) {
    super(out);
    sha256 = newSha256();
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    sha256.update((byte) b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    sha256.update(b, off, len);
    count += len;
  }

  /**
   * @return bytes written so far
   */
  long count() {
    return count;
  }

  /**
   * @return the digest of everything written; ends hashing, so call after the last write
   */
  Digest digest() {
    if (digest == null) {
      digest = new Digest(Digest.SHA256, HexFormat.of().formatHex(sha256.digest()));
    }
    return digest;
  }
}
