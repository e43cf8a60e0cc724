package dev.konflux.ecosystem.api;

import dev.konflux.ecosystem.spi.BlobReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An SBOM of an artifact, wherever Konflux put it, as found by the core's one SBOM finder. The core
 * does not parse SBOMs; it says where one is, what type it is, and whether verified evidence covers
 * it. Open its bytes with {@link #open(BlobReader)}.
 *
 * @param digest the SBOM document's digest (the blob's, or for an attestation predicate the SHA-256
 *     of the predicate bytes this record holds)
 * @param size its size in bytes, or {@code -1} when no descriptor states it (a provenance blob URL
 *     that no referrer layer matches)
 * @param mediaType its media type ({@link MediaTypes#SPDX_JSON}, {@link MediaTypes#CYCLONEDX_JSON}
 *     …); {@code application/octet-stream} when nothing states one
 * @param origin where it was found first
 * @param referrer the referrer that carried it (SBOM referrer, {@code .sbom} tag, the attestation),
 *     or {@code null} for a provenance blob URL no referrer matches
 * @param signed whether verified evidence covers it: it came from a verified attestation, or the
 *     verified provenance's {@code SBOM_BLOB_URL} names this digest
 * @param predicateType the attestation's predicate type for {@link Origin#ATTESTATION_PREDICATE},
 *     else {@code null}
 * @param content the predicate bytes of an {@link Origin#ATTESTATION_PREDICATE} (held in memory,
 *     bounded by the envelope's limit), else {@code null}; copied in and out
 */
public record SbomDocument(
    Digest digest,
    long size,
    String mediaType,
    Origin origin,
    @Nullable Referrer referrer,
    boolean signed,
    @Nullable String predicateType,
    byte @Nullable [] content) {

  /** Where an SBOM was found. */
  public enum Origin {
    /** The layer of a cosign {@code sha256-<hex>.sbom} tag's manifest. */
    COSIGN_SBOM_TAG,
    /** A layer of an SBOM referrer (referrers API, tag schema, layout index). */
    SBOM_REFERRER,
    /**
     * The predicate of a verified attestation ({@code cosign attest --type spdxjson|cyclonedx}).
     */
    ATTESTATION_PREDICATE,
    /** The blob named by the verified provenance's {@code SBOM_BLOB_URL} result. */
    PROVENANCE_BLOB_URL
  }

  /**
   * Validates and copies.
   *
   * @param digest the SBOM document's digest (the blob's, or for an attestation predicate the
   *     SHA-256 of the predicate bytes this record holds)
   * @param size its size in bytes, or {@code -1} when no descriptor states it (a provenance blob
   *     URL that no referrer layer matches)
   * @param mediaType its media type ({@link MediaTypes#SPDX_JSON}, {@link
   *     MediaTypes#CYCLONEDX_JSON} …); {@code application/octet-stream} when nothing states one
   * @param origin where it was found first
   * @param referrer the referrer that carried it (SBOM referrer, {@code .sbom} tag, the
   *     attestation), or {@code null} for a provenance blob URL no referrer matches
   * @param signed whether verified evidence covers it: it came from a verified attestation, or the
   *     verified provenance's {@code SBOM_BLOB_URL} names this digest
   * @param predicateType the attestation's predicate type for {@link Origin#ATTESTATION_PREDICATE},
   *     else {@code null}
   * @param content the predicate bytes of an {@link Origin#ATTESTATION_PREDICATE} (held in memory,
   *     bounded by the envelope's limit), else {@code null}; copied in and out
   */
  public SbomDocument {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(origin, "origin");
    content = content == null ? null : content.clone();
    if (origin == Origin.ATTESTATION_PREDICATE && content == null) {
      throw new IllegalArgumentException("an attestation predicate SBOM holds its content");
    }
  }

  /**
   * @return a copy of the predicate bytes, or {@code null} for a blob
   */
  @Override
  public byte @Nullable [] content() {
    return content == null ? null : content.clone();
  }

  /**
   * @return whether the size is known (a descriptor states it, or the bytes are held)
   */
  public boolean sizeKnown() {
    return size >= 0;
  }

  /**
   * @return the blob's descriptor, for documents held in a blob of known size
   */
  public Descriptor descriptor() {
    if (content != null || size < 0) {
      throw new IllegalStateException(
          "SBOM " + digest + " (" + origin + ") is not a blob of known size");
    }
    return new Descriptor(mediaType, digest, size, null, Map.of());
  }

  /**
   * Opens the document's bytes: the held predicate, or the blob through {@code blobs}, which
   * verifies size and digest.
   *
   * @param blobs the artifact's blob reader
   * @return a stream; the caller closes it
   * @throws KonfluxNativeException if the blob cannot be opened, or its size is unknown
   */
  public InputStream open(BlobReader blobs) throws KonfluxNativeException {
    if (content != null) {
      return new ByteArrayInputStream(content);
    }
    if (size < 0) {
      throw new InvalidInputException(
          "SBOM blob "
              + digest
              + " ("
              + origin
              + ") cannot be read: no descriptor states its size");
    }
    return blobs.open(descriptor());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SbomDocument s
        && digest.equals(s.digest)
        && origin == s.origin
        && Objects.equals(referrer, s.referrer)
        && signed == s.signed;
  }

  @Override
  public int hashCode() {
    return Objects.hash(digest, origin, referrer, signed);
  }

  @Override
  public String toString() {
    return "SbomDocument["
        + digest
        + " "
        + mediaType
        + " via "
        + origin
        + (referrer == null ? "" : " referrer " + referrer.manifest().digest())
        + (signed ? ", signed" : "")
        + "]";
  }
}
