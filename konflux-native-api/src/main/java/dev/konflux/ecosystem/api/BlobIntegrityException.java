package dev.konflux.ecosystem.api;

import java.io.IOException;

/**
 * Thrown by a verifying blob stream when the bytes read do not match the descriptor: the size is
 * exceeded or falls short, or the digest differs. It is raised before the reader sees end of
 * stream, so no consumer ever acts on unverified bytes as if they were complete.
 *
 * <p>It is an {@link IOException} because it surfaces from {@link java.io.InputStream#read()}; the
 * orchestration reports it as a {@link VerificationException}.
 */
public class BlobIntegrityException extends IOException {
  private static final long serialVersionUID = 1L;

  private final Digest expected;
  private final String what;

  /**
   * @param what the blob being read (for example "layer x86_64/foo.rpm of quay.io/ns/repo")
   * @param expected the digest the descriptor promised
   * @param reason what did not match
   */
  public BlobIntegrityException(String what, Digest expected, String reason) {
    super(what + " (" + expected + "): " + reason);
    this.expected = expected;
    this.what = what;
  }

  /**
   * @return the digest the descriptor promised
   */
  public Digest expected() {
    return expected;
  }

  /**
   * @return a human description of the blob
   */
  public String what() {
    return what;
  }
}
