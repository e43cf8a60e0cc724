package dev.konflux.ecosystem.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.MediaTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Signs, attests and attaches SBOMs the way Konflux does today: cosign's tag layout with a static
 * key and no transparency log. For a subject manifest {@code sha256:HEX} in a repository it writes
 *
 * <ul>
 *   <li>{@code sha256-HEX.sig}: one {@code application/vnd.dev.cosign.simplesigning.v1+json} layer,
 *       the simple-signing payload, signed in annotation {@code dev.cosignproject.cosign/signature}
 *       (base64 DER ECDSA-SHA256 over the payload bytes);
 *   <li>{@code sha256-HEX.att}: one {@code application/vnd.dsse.envelope.v1+json} layer, a DSSE
 *       envelope around an in-toto statement, annotation {@code predicateType};
 *   <li>{@code sha256-HEX.sbom}: one SBOM layer (unsigned, as {@code cosign attach sbom} does).
 * </ul>
 *
 * The manifests have cosign's shape: an OCI image manifest with an image config listing the layer
 * as diff id. Use {@link #withFault(SignatureFault)} for deliberately broken variants.
 *
 * <pre>{@code
 * CosignKeyPair key = CosignKeyPair.generate();
 * key.writePublicKey(dir.resolve("cosign.pub"));
 * CosignSigner signer = CosignSigner.with(key);
 * signer.sign(store, artifact.descriptor(), "quay.io/ns/repo");
 * signer.attest(store, artifact.descriptor(), "quay.io/ns/repo", SlsaProvenance.v02());
 * }</pre>
 */
public final class CosignSigner {

  /** Config media type of cosign's signature manifests. */
  static final String IMAGE_CONFIG = "application/vnd.oci.image.config.v1+json";

  /** Layer annotation naming the attestation's predicate type. */
  public static final String ANNOTATION_PREDICATE_TYPE = "predicateType";

  private final CosignKeyPair key;
  private final SignatureFault fault;

  private CosignSigner(CosignKeyPair key, SignatureFault fault) {
    this.key = Objects.requireNonNull(key, "key");
    this.fault = Objects.requireNonNull(fault, "fault");
  }

  /**
   * @param key the signing key
   * @return a signer that writes correct signatures
   */
  public static CosignSigner with(CosignKeyPair key) {
    return new CosignSigner(key, SignatureFault.NONE);
  }

  /**
   * @param fault the defect to put into everything this signer writes
   * @return a signer with the same key and that fault
   */
  public CosignSigner withFault(SignatureFault fault) {
    return new CosignSigner(key, fault);
  }

  /**
   * @param subject a manifest digest
   * @return its {@code .sig} tag, {@code sha256-HEX.sig}
   */
  public static String signatureTag(Digest subject) {
    return subject.asTagPrefix() + ".sig";
  }

  /**
   * @param subject a manifest digest
   * @return its {@code .att} tag
   */
  public static String attestationTag(Digest subject) {
    return subject.asTagPrefix() + ".att";
  }

  /**
   * @param subject a manifest digest
   * @return its {@code .sbom} tag
   */
  public static String sbomTag(Digest subject) {
    return subject.asTagPrefix() + ".sbom";
  }

  /**
   * The cosign simple-signing payload, exactly as cosign lays it out.
   *
   * @param dockerReference the repository the signature is for, e.g. {@code quay.io/ns/repo}
   * @param digest the signed manifest digest
   * @return the payload bytes
   */
  public static byte[] simpleSigningPayload(String dockerReference, Digest digest) {
    ObjectNode root = OciJson.object();
    ObjectNode critical = root.putObject("critical");
    critical.putObject("identity").put("docker-reference", dockerReference);
    critical.putObject("image").put("docker-manifest-digest", digest.toString());
    critical.put("type", "cosign container image signature");
    root.putNull("optional");
    return OciJson.bytes(root);
  }

  /**
   * Writes the {@code .sig} tag for a subject.
   *
   * @param store where the subject lives
   * @param subject the signed manifest or index
   * @param dockerReference the repository named in the payload
   * @return the signature manifest, referenced by its tag
   * @throws IOException if the store fails
   */
  public StoredArtifact sign(ArtifactStore store, Descriptor subject, String dockerReference)
      throws IOException {
    return signTogether(store, subject, dockerReference, List.of(this));
  }

  /**
   * Writes one {@code .sig} tag holding a signature layer from each signer, in order, as cosign
   * does when an image is signed several times (for example one good and one faulty signature).
   *
   * @param store where the subject lives
   * @param subject the signed manifest or index
   * @param dockerReference the repository named in the payloads
   * @param signers one or more signers
   * @return the signature manifest, referenced by its tag
   * @throws IOException if the store fails
   */
  public static StoredArtifact signTogether(
      ArtifactStore store, Descriptor subject, String dockerReference, List<CosignSigner> signers)
      throws IOException {
    if (signers.isEmpty()) {
      throw new IllegalArgumentException("at least one signer is needed");
    }
    List<Descriptor> layers = new ArrayList<>();
    for (CosignSigner signer : signers) {
      layers.add(signer.signatureLayer(store, subject, dockerReference));
    }
    return storeTagManifest(store, layers, signatureTag(subject.digest()));
  }

  private Descriptor signatureLayer(ArtifactStore store, Descriptor subject, String dockerReference)
      throws IOException {
    byte[] payload =
        simpleSigningPayload(
            dockerReference, FaultInjection.claimedDigest(subject.digest(), fault));
    byte[] signature = FaultInjection.signingKey(key, fault).sign(payload);
    if (fault == SignatureFault.TAMPERED_PAYLOAD) {
      payload = FaultInjection.tamper(payload, "optional");
    }
    Descriptor blob = store.putBlob(MediaTypes.COSIGN_SIMPLE_SIGNING, payload);
    Map<String, String> annotations =
        fault == SignatureFault.MISSING_SIGNATURE
            ? Map.of()
            : Map.of(
                MediaTypes.ANNOTATION_COSIGN_SIGNATURE,
                Base64.getEncoder().encodeToString(signature));
    return new Descriptor(blob.mediaType(), blob.digest(), blob.size(), null, annotations);
  }

  /**
   * Writes the {@code .att} tag for a subject: a DSSE-signed in-toto statement whose subject is
   * {@code subjectName} with the subject's manifest digest.
   *
   * @param store where the subject lives
   * @param subject the attested manifest or index
   * @param subjectName the statement subject name (Chains uses the repository, {@code
   *     quay.io/ns/repo})
   * @param provenance the provenance to put in the statement
   * @return the attestation manifest, referenced by its tag
   * @throws IOException if the store fails
   */
  public StoredArtifact attest(
      ArtifactStore store, Descriptor subject, String subjectName, SlsaProvenance provenance)
      throws IOException {
    byte[] envelope =
        OciJson.bytes(signedEnvelope(key, fault, subjectName, subject.digest(), provenance));
    Descriptor blob = store.putBlob(MediaTypes.DSSE_ENVELOPE, envelope);
    Descriptor layer =
        new Descriptor(
            blob.mediaType(),
            blob.digest(),
            blob.size(),
            null,
            Map.of(ANNOTATION_PREDICATE_TYPE, provenance.predicateType()));
    return storeTagManifest(store, List.of(layer), attestationTag(subject.digest()));
  }

  /**
   * Writes the {@code .sbom} tag for a subject (cosign does not sign SBOM attachments).
   *
   * @param store where the subject lives
   * @param subject the described manifest
   * @param mediaType the SBOM media type, e.g. {@code text/spdx+json}
   * @param sbom the SBOM bytes
   * @return the SBOM manifest, referenced by its tag
   * @throws IOException if the store fails
   */
  public StoredArtifact attachSbom(
      ArtifactStore store, Descriptor subject, String mediaType, byte[] sbom) throws IOException {
    Descriptor layer = store.putBlob(mediaType, sbom);
    return storeTagManifest(store, List.of(layer), sbomTag(subject.digest()));
  }

  /** A DSSE envelope (as JSON tree) around a provenance statement, with the fault applied. */
  static ObjectNode signedEnvelope(
      CosignKeyPair key,
      SignatureFault fault,
      String subjectName,
      Digest subject,
      SlsaProvenance provenance) {
    byte[] statement =
        provenance.statement(subjectName, FaultInjection.claimedDigest(subject, fault));
    byte[] signature =
        FaultInjection.signingKey(key, fault).sign(Dsse.pae(MediaTypes.IN_TOTO_JSON, statement));
    if (fault == SignatureFault.TAMPERED_PAYLOAD) {
      statement = FaultInjection.tamper(statement, "predicate");
    }
    return Dsse.envelope(
        MediaTypes.IN_TOTO_JSON,
        statement,
        fault == SignatureFault.MISSING_SIGNATURE ? null : signature);
  }

  /** cosign's manifest shape: image config with the layers as diff ids, no artifactType. */
  private static StoredArtifact storeTagManifest(
      ArtifactStore store, List<Descriptor> layers, String tag) throws IOException {
    ObjectNode config = OciJson.object();
    config.put("architecture", "");
    config.put("created", "0001-01-01T00:00:00Z");
    config.putArray("history").addObject().put("created", "0001-01-01T00:00:00Z");
    config.put("os", "");
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode diffIds = rootfs.putArray("diff_ids");
    layers.forEach(l -> diffIds.add(l.digest().toString()));
    config.putObject("config");
    Descriptor configBlob = store.putBlob(IMAGE_CONFIG, OciJson.bytes(config));

    ObjectNode manifest = OciJson.object();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
    manifest.set("config", OciJson.descriptor(configBlob));
    ArrayNode layerArray = manifest.putArray("layers");
    layers.forEach(l -> layerArray.add(OciJson.descriptor(l)));
    Descriptor stored = store.putManifest(MediaTypes.OCI_MANIFEST, OciJson.bytes(manifest), tag);
    return new StoredArtifact(
        Descriptor.of(MediaTypes.OCI_MANIFEST, stored.digest(), stored.size()),
        store.reference(tag),
        new ArrayList<>(layers));
  }
}
