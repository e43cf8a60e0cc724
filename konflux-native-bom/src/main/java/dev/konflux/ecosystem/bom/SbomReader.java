package dev.konflux.ecosystem.bom;

import dev.konflux.ecosystem.bom.internal.BoundedBytes;
import dev.konflux.ecosystem.bom.internal.CycloneDxDocuments;
import dev.konflux.ecosystem.bom.internal.DocumentKind;
import dev.konflux.ecosystem.bom.internal.FormatSniffer;
import dev.konflux.ecosystem.bom.internal.SpdxDocuments;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Parses and validates SBOM documents: CycloneDX 1.4–1.6 JSON and XML (checked against the
 * version's schema by cyclonedx-core-java) and SPDX 2.3 JSON (java-spdx-library's JSON store, its
 * {@code verify()} must report nothing, and it must {@code DESCRIBE} something). Every refusal is
 * an {@link SbomException} naming the document and the reason, and nothing else escapes for a bad
 * document.
 *
 * <p>Memory is bounded by {@link Builder#maxBytes}: a larger declared size fails before reading, a
 * stream that runs past it fails as soon as it does. The licence list comes from the SPDX library's
 * jar; no network is used.
 *
 * <p>Thread-safe; build once and reuse.
 */
public final class SbomReader {
  /** The default size limit: 100 MiB, well above the SPDX of a large container image. */
  public static final long DEFAULT_MAX_BYTES = 100L << 20;

  private final long maxBytes;
  private final boolean verifySpdx;

  private SbomReader(Builder b) {
    this.maxBytes = b.maxBytes;
    this.verifySpdx = b.verifySpdx;
  }

  /**
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return a reader with the defaults
   */
  public static SbomReader create() {
    return builder().build();
  }

  /**
   * @return the size limit in bytes
   */
  public long maxBytes() {
    return maxBytes;
  }

  /**
   * Reads the stream to its end (so a verifying stream checks its digest), bounded, then parses.
   *
   * @param in the document; not closed here
   * @param source where it came from
   * @return the parsed, validated view
   * @throws SbomException if the document is too large, malformed, invalid or unsupported
   * @throws IOException if reading the stream fails
   */
  public Sbom read(InputStream in, SbomSource source) throws SbomException, IOException {
    byte[] bytes = BoundedBytes.read(in, maxBytes, source);
    return parse(bytes, source);
  }

  /**
   * @param bytes the whole document
   * @param source where it came from
   * @return the parsed, validated view
   * @throws SbomException if the document is too large, malformed, invalid or unsupported
   */
  public Sbom read(byte[] bytes, SbomSource source) throws SbomException {
    try {
      return read(new ByteArrayInputStream(bytes), source);
    } catch (IOException e) {
      throw new IllegalStateException("reading from memory failed", e);
    }
  }

  private Sbom parse(byte[] bytes, SbomSource source) throws SbomException {
    DocumentKind kind = FormatSniffer.sniff(bytes, source);
    if (kind.format().isCycloneDx()) {
      return CycloneDxDocuments.read(bytes, kind, source);
    }
    return SpdxDocuments.read(bytes, source, verifySpdx);
  }

  /** Configures a {@link SbomReader}. */
  public static final class Builder {
    private long maxBytes = DEFAULT_MAX_BYTES;
    private boolean verifySpdx = true;

    private Builder() {}

    /**
     * @param maxBytes the largest document accepted, in bytes (default {@link #DEFAULT_MAX_BYTES})
     * @return this
     */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes <= 0) {
        throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /**
     * @param verify whether an SPDX document must pass java-spdx-library's {@code verify()} with no
     *     message (default true); off, only parsing and the {@code DESCRIBES} check remain
     * @return this
     */
    public Builder verifySpdx(boolean verify) {
      this.verifySpdx = verify;
      return this;
    }

    /**
     * @return the reader
     */
    public SbomReader build() {
      return new SbomReader(this);
    }
  }
}
