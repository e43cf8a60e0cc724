package dev.konflux.ecosystem.rpm.internal.header;

import dev.konflux.ecosystem.api.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;

/**
 * Reads RPM packages: lead, signature header, padding and main header from a stream (which is then
 * positioned at the payload), or a whole file with its size and SHA-256. The payload is streamed,
 * never held.
 */
public final class RpmPackageReader {

  private final RpmHeaderParser parser;

  /**
   * @param limits the header limits
   */
  public RpmPackageReader(RpmHeaderLimits limits) {
    this.parser = new RpmHeaderParser(limits);
  }

  /** A reader with {@link RpmHeaderLimits#DEFAULT}. */
  public RpmPackageReader() {
    this(RpmHeaderLimits.DEFAULT);
  }

  /**
   * Reads the lead and both headers; the stream is left at the first payload byte.
   *
   * @param in the package stream, at its start
   * @param file the package for messages
   * @return the headers and the header range
   * @throws MalformedRpmException if the package is malformed
   * @throws IOException if reading fails
   */
  public RpmPackageHeaders readHeaders(InputStream in, String file)
      throws MalformedRpmException, IOException {
    RpmLead lead = parser.readLead(in, file);
    RpmHeader sig = parser.readHeader(in, RpmHeaderParser.Kind.SIGNATURE, file);
    RpmHeader header = parser.readHeader(in, RpmHeaderParser.Kind.MAIN, file);
    return RpmPackageHeaders.of(lead, sig, header);
  }

  /**
   * Reads a package file: headers, then the rest of the file for its size and SHA-256.
   *
   * @param file the package file
   * @return the package
   * @throws MalformedRpmException if the package is malformed
   * @throws IOException if reading fails
   */
  public RpmPackage read(Path file) throws MalformedRpmException, IOException {
    MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
    try (InputStream raw = Files.newInputStream(file);
        DigestInputStream in = new DigestInputStream(raw, md)) {
      RpmPackageHeaders headers = readHeaders(in, file.getFileName().toString());
      long size = headers.headerEnd();
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        size += n;
      }
      return new RpmPackage(headers, size, Digest.sha256(md.digest()));
    }
  }
}
