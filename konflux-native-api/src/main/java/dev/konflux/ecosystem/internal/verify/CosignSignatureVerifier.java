package dev.konflux.ecosystem.internal.verify;

import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.api.VerificationDecision.Kind;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Verifies one cosign simple-signing layer ({@code .sig} tag layer or the same layer in a
 * referrer): the base64 signature in {@code dev.cosignproject.cosign/signature} over the exact
 * payload bytes with one of the given keys, then the payload's {@code
 * critical.image.docker-manifest-digest} against the manifest digest and, when asked, {@code
 * critical.identity.docker-reference}.
 */
public final class CosignSignatureVerifier {

  /**
   * @param component the component name
   * @param subject the manifest digest that must be signed
   * @param referrer the digest of the signature manifest
   * @param layer the simple-signing layer (its annotations carry the signature)
   * @param payload the layer's bytes, already checked against its digest
   * @param keys the keys any of which may have signed
   * @param dockerReference the required docker reference, or {@code null} for any
   * @return the decision
   */
  public VerificationDecision verify(
      String component,
      Digest subject,
      Digest referrer,
      Descriptor layer,
      byte[] payload,
      List<CosignPublicKey> keys,
      @Nullable String dockerReference) {
    return verify(component, subject, referrer, layer, payload, keys, dockerReference, null);
  }

  /**
   * As {@link #verify(String, Digest, Digest, Descriptor, byte[], List, String)}, also checking a
   * {@code dev.sigstore.cosign/bundle} (Rekor SET) annotation against the trusted logs, if any.
   *
   * @param component the component name
   * @param subject the manifest digest that must be signed
   * @param referrer the digest of the signature manifest
   * @param layer the simple-signing layer
   * @param payload the layer's bytes
   * @param keys the keys any of which may have signed
   * @param dockerReference the required docker reference, or {@code null}
   * @param rekor the trusted transparency logs, or {@code null} when no trusted root was given
   * @return the decision
   */
  public VerificationDecision verify(
      String component,
      Digest subject,
      Digest referrer,
      Descriptor layer,
      byte[] payload,
      List<CosignPublicKey> keys,
      @Nullable String dockerReference,
      @Nullable RekorSetVerifier rekor) {
    Optional<String> signatureText = layer.annotation(MediaTypes.ANNOTATION_COSIGN_SIGNATURE);
    if (signatureText.isEmpty() || signatureText.get().isBlank()) {
      return fail(
          component,
          subject,
          referrer,
          null,
          "signature layer "
              + layer.digest()
              + " has no "
              + MediaTypes.ANNOTATION_COSIGN_SIGNATURE
              + " annotation (missing signature)");
    }
    if (keys.isEmpty()) {
      String why =
          layer.annotation(MediaTypes.ANNOTATION_COSIGN_CERTIFICATE).isPresent()
              ? "keyless cosign tag signatures (certificate annotation) are not verified; sign with a key or attach a Sigstore bundle"
              : "no public key was given to verify cosign signatures with (VerificationPolicy.addPublicKey)";
      return fail(component, subject, referrer, null, why);
    }
    byte[] signature;
    try {
      signature = JsonFields.base64(signatureText.get().trim(), "signature annotation");
    } catch (InvalidInputException e) {
      return fail(
          component,
          subject,
          referrer,
          null,
          "signature annotation of layer " + layer.digest() + " is not base64");
    }
    CosignPublicKey signer = null;
    for (CosignPublicKey key : keys) {
      if (SignatureCheck.verify(key, payload, signature)) {
        signer = key;
        break;
      }
    }
    if (signer == null) {
      return fail(
          component,
          subject,
          referrer,
          fingerprints(keys),
          "signature does not verify with key " + fingerprints(keys));
    }
    SimpleSigningPayload parsed;
    try {
      parsed = SimpleSigningPayload.parse(payload);
    } catch (InvalidInputException e) {
      return fail(
          component,
          subject,
          referrer,
          signer.fingerprint(),
          "signed payload is malformed: " + e.getMessage());
    }
    if (!subject.toString().equals(parsed.dockerManifestDigest())) {
      return fail(
          component,
          subject,
          referrer,
          signer.fingerprint(),
          "signature payload names manifest "
              + JsonFields.printable(parsed.dockerManifestDigest())
              + ", not manifest "
              + subject);
    }
    if (dockerReference != null && !dockerReference.equals(parsed.dockerReference())) {
      return fail(
          component,
          subject,
          referrer,
          signer.fingerprint(),
          "signature payload names docker-reference "
              + JsonFields.printable(parsed.dockerReference())
              + ", policy requires '"
              + dockerReference
              + "'");
    }
    String logged = "";
    Optional<String> rekorBundle = layer.annotation(MediaTypes.ANNOTATION_COSIGN_BUNDLE);
    if (rekorBundle.isPresent()) {
      if (rekor == null) {
        logged = "; its Rekor bundle annotation was not checked (no trusted root given)";
      } else {
        String why = rekor.check(rekorBundle.get(), signature, payload);
        if (why != null) {
          return fail(
              component,
              subject,
              referrer,
              signer.fingerprint(),
              "the Rekor bundle annotation of the signature does not vouch for it: " + why);
        }
        logged = "; logged in a trusted transparency log (Rekor bundle verified)";
      }
    }
    return VerificationDecision.of(
        component,
        subject,
        referrer,
        Kind.SIGNATURE,
        signer.fingerprint(),
        true,
        "cosign signature verifies with key "
            + signer.fingerprint()
            + " over manifest "
            + subject
            + (parsed.dockerReference() == null
                ? ""
                : " (docker-reference " + parsed.dockerReference() + ")")
            + logged);
  }

  static String fingerprints(List<CosignPublicKey> keys) {
    return keys.stream().map(CosignPublicKey::fingerprint).collect(Collectors.joining(" or "));
  }

  private static VerificationDecision fail(
      String component, Digest subject, Digest referrer, @Nullable String signer, String reason) {
    return VerificationDecision.of(
        component, subject, referrer, Kind.SIGNATURE, signer, false, reason);
  }
}
