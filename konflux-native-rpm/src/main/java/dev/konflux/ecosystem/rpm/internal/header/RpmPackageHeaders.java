package dev.konflux.ecosystem.rpm.internal.header;

import java.util.Objects;

/**
 * The lead and both headers of a package, and where the main header sits in the file: what is known
 * once the payload starts.
 *
 * @param lead the lead
 * @param signature the signature header
 * @param header the main header
 * @param headerStart the file offset of the main header (after lead, signature header, padding)
 * @param headerEnd the file offset just past the main header, where the payload starts
 */
public record RpmPackageHeaders(
    RpmLead lead, RpmHeader signature, RpmHeader header, long headerStart, long headerEnd) {

  /** Validates. */
  public RpmPackageHeaders {
    Objects.requireNonNull(lead, "lead");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(header, "header");
    if (headerEnd - headerStart != header.size()) {
      throw new IllegalArgumentException("header range does not match the header size");
    }
  }

  /**
   * @param lead the lead
   * @param signature the signature header
   * @param header the main header
   * @return the headers with offsets computed from the sizes
   */
  public static RpmPackageHeaders of(RpmLead lead, RpmHeader signature, RpmHeader header) {
    long start =
        (long) RpmLead.SIZE + signature.size() + RpmHeaderParser.padding(signature.dataLength());
    return new RpmPackageHeaders(lead, signature, header, start, start + header.size());
  }
}
