package dev.konflux.ecosystem.internal.verify;

import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.ProvenanceView;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.api.VerificationDecision.Kind;
import java.util.List;

/**
 * Verifies a DSSE in-toto attestation ({@code .att} layer, DSSE referrer, or the envelope of a
 * public-key Sigstore bundle): a signature over the DSSE pre-authentication encoding with one of
 * the given keys, payload type {@code application/vnd.in-toto+json}, the manifest digest among the
 * statement's subjects; SLSA provenance is parsed into a {@link ProvenanceView}.
 */
public final class DsseAttestationVerifier {

  /**
   * @param component the component name
   * @param subject the manifest digest the statement must name
   * @param referrer the referrer manifest digest
   * @param kind {@link Kind#ATTESTATION} or {@link Kind#BUNDLE}
   * @param envelopeJson the envelope bytes
   * @param keys the keys any of which may have signed
   * @return the decision, with predicate type and provenance when it passes
   */
  public VerificationDecision verify(
      String component,
      Digest subject,
      Digest referrer,
      Kind kind,
      byte[] envelopeJson,
      List<CosignPublicKey> keys) {
    DsseEnvelope envelope;
    try {
      envelope = DsseEnvelope.parse(envelopeJson);
    } catch (InvalidInputException e) {
      return VerificationDecision.of(
          component, subject, referrer, kind, null, false, String.valueOf(e.getMessage()));
    }
    return verify(component, subject, referrer, kind, envelope, keys);
  }

  /**
   * @param component the component name
   * @param subject the manifest digest the statement must name
   * @param referrer the referrer manifest digest
   * @param kind {@link Kind#ATTESTATION} or {@link Kind#BUNDLE}
   * @param envelope the parsed envelope
   * @param keys the keys any of which may have signed
   * @return the decision
   */
  public VerificationDecision verify(
      String component,
      Digest subject,
      Digest referrer,
      Kind kind,
      DsseEnvelope envelope,
      List<CosignPublicKey> keys) {
    if (envelope.signatures().isEmpty()) {
      return VerificationDecision.of(
          component,
          subject,
          referrer,
          kind,
          null,
          false,
          "DSSE envelope has no signatures (missing signature)");
    }
    if (keys.isEmpty()) {
      return VerificationDecision.of(
          component,
          subject,
          referrer,
          kind,
          null,
          false,
          "no public key was given to verify DSSE attestations with (VerificationPolicy.addPublicKey)");
    }
    byte[] pae = envelope.pae();
    CosignPublicKey signer = null;
    outer:
    for (DsseEnvelope.Sig sig : envelope.signatures()) {
      for (CosignPublicKey key : keys) {
        if (SignatureCheck.verify(key, pae, sig.sig())) {
          signer = key;
          break outer;
        }
      }
    }
    if (signer == null) {
      String fps = CosignSignatureVerifier.fingerprints(keys);
      return VerificationDecision.of(
          component,
          subject,
          referrer,
          kind,
          fps,
          false,
          "DSSE signature does not verify with key " + fps);
    }
    return checkStatement(
        component,
        subject,
        referrer,
        kind,
        signer.fingerprint(),
        envelope.payloadType(),
        envelope.payload(),
        "key " + signer.fingerprint());
  }

  /**
   * Checks a payload whose signature was already verified (here, or by a keyless verifier).
   *
   * @param component the component name
   * @param subject the manifest digest the statement must name
   * @param referrer the referrer manifest digest
   * @param kind the decision kind
   * @param signer the key fingerprint or identity that signed
   * @param payloadType the DSSE payload type
   * @param payload the verified payload
   * @param signedBy "key SHA256:…" or "identity …", for the reason text
   * @return the decision
   */
  public VerificationDecision checkStatement(
      String component,
      Digest subject,
      Digest referrer,
      Kind kind,
      String signer,
      String payloadType,
      byte[] payload,
      String signedBy) {
    if (!MediaTypes.IN_TOTO_JSON.equals(payloadType)) {
      return VerificationDecision.of(
          component,
          subject,
          referrer,
          kind,
          signer,
          false,
          "DSSE payloadType "
              + JsonFields.printable(payloadType)
              + " is not "
              + MediaTypes.IN_TOTO_JSON);
    }
    InTotoStatement statement;
    try {
      statement = InTotoStatement.parse(payload);
    } catch (InvalidInputException e) {
      return VerificationDecision.of(
          component, subject, referrer, kind, signer, false, String.valueOf(e.getMessage()));
    }
    String predicateType = statement.predicateType();
    if (!statement.hasSubject(subject)) {
      return new VerificationDecision(
          component,
          subject,
          referrer,
          kind,
          signer,
          false,
          "attestation subject "
              + String.join(", ", statement.subjectDigests())
              + " does not match manifest "
              + subject,
          predicateType,
          null);
    }
    ProvenanceView provenance = null;
    if (SlsaProvenanceParser.isProvenance(predicateType)) {
      try {
        provenance = SlsaProvenanceParser.parse(predicateType, statement.predicate());
      } catch (InvalidInputException e) {
        return new VerificationDecision(
            component,
            subject,
            referrer,
            kind,
            signer,
            false,
            "attestation of predicate type " + predicateType + " is signed but " + e.getMessage(),
            predicateType,
            null);
      }
    }
    return new VerificationDecision(
        component,
        subject,
        referrer,
        kind,
        signer,
        true,
        "attestation of predicate type "
            + JsonFields.printable(predicateType)
            + " verifies with "
            + signedBy
            + " and names manifest "
            + subject,
        predicateType,
        provenance);
  }
}
