package dev.konflux.ecosystem.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One piece of supply-chain evidence that passed the release gate for an artifact's root digest: a
 * cosign signature, a DSSE attestation or a Sigstore bundle, the exact layer that held it and its
 * raw bytes. Only evidence that verified is an {@code Evidence}; everything else the gate saw is in
 * {@link VerifiedArtifact#decisions()} and {@link VerifiedArtifact#unverifiedReferrers()}.
 *
 * @param referrer the referrer whose manifest carried it
 * @param layer the digest of the layer of that manifest holding the signature, envelope or bundle
 * @param mediaType the layer's media type
 * @param kind what it is
 * @param predicateType the in-toto predicate type of an attestation (or DSSE bundle), else {@code
 *     null}
 * @param bytes the layer's bytes (the simple-signing payload, DSSE envelope or bundle JSON; at most
 *     16 MiB, checked against {@code layer} when read); copied in and out
 * @param provenance the parsed SLSA provenance when the predicate is one, else {@code null}
 * @param signer the key fingerprint or certificate identity that verified it
 */
public record Evidence(
    Referrer referrer,
    Digest layer,
    String mediaType,
    Kind kind,
    @Nullable String predicateType,
    byte[] bytes,
    @Nullable ProvenanceView provenance,
    @Nullable String signer) {

  /** What the evidence is. */
  public enum Kind {
    /** A cosign simple-signing signature. */
    SIGNATURE,
    /** A DSSE in-toto attestation. */
    ATTESTATION,
    /** A Sigstore bundle (message signature or DSSE). */
    BUNDLE
  }

  /**
   * Validates and copies.
   *
   * @param referrer the referrer whose manifest carried it
   * @param layer the digest of the layer of that manifest holding the signature, envelope or bundle
   * @param mediaType the layer's media type
   * @param kind what it is
   * @param predicateType the in-toto predicate type of an attestation (or DSSE bundle), else {@code
   *     null}
   * @param bytes the layer's bytes (the simple-signing payload, DSSE envelope or bundle JSON; at
   *     most 16 MiB, checked against {@code layer} when read); copied in and out
   * @param provenance the parsed SLSA provenance when the predicate is one, else {@code null}
   * @param signer the key fingerprint or certificate identity that verified it
   */
  public Evidence {
    Objects.requireNonNull(referrer, "referrer");
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(bytes, "bytes");
    bytes = bytes.clone();
  }

  /**
   * @return a copy of the layer's bytes
   */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * @return the digest of the referrer manifest that carried it
   */
  public Digest referrerManifest() {
    return referrer.manifest().digest();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Evidence e
        && referrer.equals(e.referrer)
        && layer.equals(e.layer)
        && kind == e.kind
        && Objects.equals(predicateType, e.predicateType)
        && Objects.equals(signer, e.signer);
  }

  @Override
  public int hashCode() {
    return Objects.hash(referrer, layer, kind, predicateType, signer);
  }

  @Override
  public String toString() {
    return "Evidence["
        + kind
        + " layer "
        + layer
        + " of referrer "
        + referrerManifest()
        + (predicateType == null ? "" : ", " + predicateType)
        + (signer == null ? "" : ", " + signer)
        + "]";
  }
}
