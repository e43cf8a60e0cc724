package dev.konflux.ecosystem.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.MediaTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs, attests and attaches SBOMs as OCI 1.1 referrers, the way cosign v3 and Tekton Chains in
 * {@code sigstore-bundle} mode do: each is an artifact manifest whose {@code subject} is the
 * artifact.
 *
 * <ul>
 *   <li>{@link #signatureBundle}: artifactType and single layer {@code
 *       application/vnd.dev.sigstore.bundle.v0.3+json}, a Sigstore bundle with a {@code publicKey}
 *       hint and a {@code messageSignature} over the subject manifest (its {@code messageDigest} is
 *       the manifest digest); annotations {@code dev.sigstore.bundle.content=message-signature} and
 *       {@code dev.sigstore.bundle.predicateType=https://sigstore.dev/cosign/sign/v1};
 *   <li>{@link #attestationBundle}: the same with a {@code dsseEnvelope} holding an in-toto
 *       statement, {@code dev.sigstore.bundle.content=dsse-envelope} and the statement's predicate
 *       type;
 *   <li>{@link #sbom}: artifactType {@code application/vnd.dev.cosign.artifact.sbom.v1+json}, one
 *       SBOM layer.
 * </ul>
 *
 * Because the test registry (distribution 2.8) has no referrers API, every call also rewrites the
 * <em>tag schema</em> index: tag {@code sha256-HEX} holding an OCI index of all referrers this
 * signer (and signers derived from it by {@link #withFault}) wrote for that subject, each with its
 * artifactType and annotations. {@link OciLayoutStore} additionally lists referrers in {@code
 * index.json}.
 */
public final class ReferrerSigner {

  /** Predicate type cosign v3 records for a plain image signature bundle. */
  public static final String COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";

  private final CosignKeyPair key;
  private final SignatureFault fault;

  /** subject digest → referrer digest → referrer descriptor; shared with derived signers. */
  private final Map<Digest, Map<Digest, Descriptor>> referrers;

  private ReferrerSigner(
      CosignKeyPair key, SignatureFault fault, Map<Digest, Map<Digest, Descriptor>> referrers) {
    this.key = Objects.requireNonNull(key, "key");
    this.fault = Objects.requireNonNull(fault, "fault");
    this.referrers = referrers;
  }

  /**
   * @param key the signing key
   * @return a signer that writes correct signatures
   */
  public static ReferrerSigner with(CosignKeyPair key) {
    return new ReferrerSigner(key, SignatureFault.NONE, new ConcurrentHashMap<>());
  }

  /**
   * @param fault the defect to put into what the returned signer writes
   * @return a signer with the same key, sharing this one's tag-schema bookkeeping
   */
  public ReferrerSigner withFault(SignatureFault fault) {
    return new ReferrerSigner(key, fault, referrers);
  }

  /**
   * @param subject a manifest digest
   * @return the tag schema tag for its referrers, {@code sha256-HEX}
   */
  public static String tagSchemaTag(Digest subject) {
    return subject.asTagPrefix();
  }

  /**
   * @param subject a manifest digest
   * @return the referrers written for it so far, in order
   */
  public List<Descriptor> referrersOf(Digest subject) {
    Map<Digest, Descriptor> of = referrers.get(subject);
    return of == null ? List.of() : List.copyOf(of.values());
  }

  /**
   * Writes a Sigstore bundle (message signature over the subject manifest) as a referrer.
   *
   * @param store where the subject lives
   * @param subject the signed manifest or index
   * @return the referrer manifest, referenced by digest
   * @throws IOException if the store fails
   */
  public StoredArtifact signatureBundle(ArtifactStore store, Descriptor subject)
      throws IOException {
    Digest claimed = FaultInjection.claimedDigest(subject.digest(), fault);
    // TAMPERED: the bundle claims the right digest but the signature is over another one.
    Digest signed =
        fault == SignatureFault.TAMPERED_PAYLOAD ? FaultInjection.otherDigest(claimed) : claimed;
    byte[] signature = FaultInjection.signingKey(key, fault).signDigest(signed.bytes());
    ObjectNode messageSignature = OciJson.object();
    ObjectNode messageDigest = messageSignature.putObject("messageDigest");
    messageDigest.put("algorithm", "SHA2_256");
    messageDigest.put("digest", Base64.getEncoder().encodeToString(claimed.bytes()));
    if (fault != SignatureFault.MISSING_SIGNATURE) {
      messageSignature.put("signature", Base64.getEncoder().encodeToString(signature));
    }
    ObjectNode bundle = bundle();
    bundle.set("messageSignature", messageSignature);
    return storeBundle(store, subject, bundle, "message-signature", COSIGN_SIGN_PREDICATE);
  }

  /**
   * Writes a Sigstore bundle with a DSSE-signed provenance statement as a referrer.
   *
   * @param store where the subject lives
   * @param subject the attested manifest or index
   * @param subjectName the statement subject name
   * @param provenance the provenance
   * @return the referrer manifest, referenced by digest
   * @throws IOException if the store fails
   */
  public StoredArtifact attestationBundle(
      ArtifactStore store, Descriptor subject, String subjectName, SlsaProvenance provenance)
      throws IOException {
    ObjectNode bundle = bundle();
    bundle.set(
        "dsseEnvelope",
        CosignSigner.signedEnvelope(key, fault, subjectName, subject.digest(), provenance));
    return storeBundle(store, subject, bundle, "dsse-envelope", provenance.predicateType());
  }

  /**
   * Attaches an SBOM as a referrer.
   *
   * @param store where the subject lives
   * @param subject the described manifest
   * @param mediaType the SBOM media type, e.g. {@code text/spdx+json}
   * @param sbom the SBOM bytes
   * @return the referrer manifest, referenced by digest
   * @throws IOException if the store fails
   */
  public StoredArtifact sbom(ArtifactStore store, Descriptor subject, String mediaType, byte[] sbom)
      throws IOException {
    Descriptor layer = store.putBlob(mediaType, sbom);
    return storeReferrer(
        store,
        subject,
        ArtifactManifest.of(MediaTypes.COSIGN_SBOM_ARTIFACT).layer(layer).subject(subject));
  }

  private ObjectNode bundle() {
    ObjectNode bundle = OciJson.object();
    bundle.put("mediaType", MediaTypes.SIGSTORE_BUNDLE_V03);
    ObjectNode material = bundle.putObject("verificationMaterial");
    material.putObject("publicKey").put("hint", key.hint());
    material.putArray("tlogEntries");
    return bundle;
  }

  private StoredArtifact storeBundle(
      ArtifactStore store,
      Descriptor subject,
      ObjectNode bundle,
      String content,
      String predicateType)
      throws IOException {
    Descriptor layer = store.putBlob(MediaTypes.SIGSTORE_BUNDLE_V03, OciJson.bytes(bundle));
    ArtifactManifest manifest =
        ArtifactManifest.of(MediaTypes.SIGSTORE_BUNDLE_V03)
            .layer(layer)
            .subject(subject)
            .annotation(MediaTypes.ANNOTATION_BUNDLE_CONTENT, content)
            .annotation(MediaTypes.ANNOTATION_BUNDLE_PREDICATE_TYPE, predicateType);
    return storeReferrer(store, subject, manifest);
  }

  private StoredArtifact storeReferrer(
      ArtifactStore store, Descriptor subject, ArtifactManifest manifest) throws IOException {
    StoredArtifact stored = manifest.storeIn(store, null);
    Descriptor entry =
        new Descriptor(
            MediaTypes.OCI_MANIFEST,
            stored.digest(),
            stored.descriptor().size(),
            stored.descriptor().artifactType(),
            manifest.annotations());
    Map<Digest, Descriptor> of;
    synchronized (referrers) {
      of = referrers.computeIfAbsent(subject.digest(), d -> new LinkedHashMap<>());
      of.put(entry.digest(), entry);
      writeTagSchemaIndex(store, subject.digest(), new ArrayList<>(of.values()));
    }
    return stored;
  }

  private static void writeTagSchemaIndex(
      ArtifactStore store, Digest subject, List<Descriptor> entries) throws IOException {
    ObjectNode index = OciJson.object();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode manifests = index.putArray("manifests");
    entries.forEach(d -> manifests.add(OciJson.descriptor(d)));
    store.putManifest(MediaTypes.OCI_INDEX, OciJson.bytes(index), tagSchemaTag(subject));
  }
}
