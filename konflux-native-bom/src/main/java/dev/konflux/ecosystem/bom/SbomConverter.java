package dev.konflux.ecosystem.bom;

import dev.konflux.ecosystem.bom.internal.CycloneDxDocuments;
import dev.konflux.ecosystem.bom.internal.SpdxDocuments;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Objects;

/**
 * Writes a parsed SBOM as CycloneDX 1.6 (JSON or XML) or SPDX 2.3 JSON, whatever it was read from.
 * Names, versions, purls, checksums, licences, supplier and the dependency graph are kept; what the
 * target format cannot hold is carried in {@code konflux-native:*} CycloneDX properties (so SPDX →
 * CycloneDX → SPDX keeps it) or listed in the module README as not mapped.
 *
 * <p>Output is reproducible: the same input gives the same bytes (ids and serial numbers are
 * derived from the document, the creation time is the source's or {@link #fallbackCreated}).
 */
public final class SbomConverter {
  private final Instant fallbackCreated;

  /**
   * @param fallbackCreated the creation time written when the source has none
   */
  public SbomConverter(Instant fallbackCreated) {
    this.fallbackCreated = Objects.requireNonNull(fallbackCreated, "fallbackCreated");
  }

  /** A converter that writes the Unix epoch when a source has no creation time. */
  public SbomConverter() {
    this(Instant.EPOCH);
  }

  /**
   * @return the creation time written when the source has none
   */
  public Instant fallbackCreated() {
    return fallbackCreated;
  }

  /**
   * @param sbom the document
   * @param encoding JSON or XML
   * @return CycloneDX 1.6 bytes, valid against the 1.6 schema
   */
  public byte[] toCycloneDx(Sbom sbom, SbomEncoding encoding) {
    return CycloneDxDocuments.write(sbom, encoding, fallbackCreated);
  }

  /**
   * @param sbom the document
   * @param encoding JSON or XML
   * @param out where to write; not closed
   * @throws IOException if writing fails
   */
  public void writeCycloneDx(Sbom sbom, SbomEncoding encoding, OutputStream out)
      throws IOException {
    out.write(toCycloneDx(sbom, encoding));
  }

  /**
   * @param sbom the document
   * @return SPDX 2.3 JSON bytes that pass java-spdx-library's {@code verify()}
   */
  public byte[] toSpdx(Sbom sbom) {
    return SpdxDocuments.write(sbom, fallbackCreated);
  }

  /**
   * @param sbom the document
   * @param out where to write; not closed
   * @throws IOException if writing fails
   */
  public void writeSpdx(Sbom sbom, OutputStream out) throws IOException {
    out.write(toSpdx(sbom));
  }
}
