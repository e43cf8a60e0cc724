package dev.konflux.ecosystem.rpm.internal.header;

import dev.konflux.ecosystem.api.Digest;
import java.util.Objects;

/**
 * A complete package file as the repodata writer needs it: its headers, where the main header sits
 * (rpm-md {@code rpm:header-range}), its size and its SHA-256.
 *
 * @param headers lead, signature header, main header and header range
 * @param fileSize the size of the whole file
 * @param sha256 the SHA-256 of the whole file (for a signed output: of the signed file)
 */
public record RpmPackage(RpmPackageHeaders headers, long fileSize, Digest sha256) {

  /** Validates. */
  public RpmPackage {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(sha256, "sha256");
    if (fileSize < headers.headerEnd()) {
      throw new IllegalArgumentException("file size " + fileSize + " is smaller than its headers");
    }
  }

  /**
   * @return the main header
   */
  public RpmHeader header() {
    return headers.header();
  }

  /**
   * @return the signature header
   */
  public RpmHeader signature() {
    return headers.signature();
  }

  /**
   * @return the lead
   */
  public RpmLead lead() {
    return headers.lead();
  }

  /**
   * @return the file offset of the main header
   */
  public long headerStart() {
    return headers.headerStart();
  }

  /**
   * @return the file offset just past the main header
   */
  public long headerEnd() {
    return headers.headerEnd();
  }

  /**
   * @return whether this is a source package
   */
  public boolean isSource() {
    return headers.lead().isSource() || headers.header().isSourcePackage();
  }
}
