package dev.konflux.ecosystem.internal.verify;

import dev.konflux.ecosystem.api.BlobIntegrityException;
import dev.konflux.ecosystem.api.BundleArtifact;
import dev.konflux.ecosystem.api.BundlePolicy;
import dev.konflux.ecosystem.api.BundleVerification;
import dev.konflux.ecosystem.api.BundleVerifier;
import dev.konflux.ecosystem.api.CertificateIdentity;
import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.Evidence;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.ManifestOrIndex;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.Referrer;
import dev.konflux.ecosystem.api.ResolvedComponent;
import dev.konflux.ecosystem.api.SbomDocument;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.api.VerificationDecision.Kind;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.internal.io.BoundedReader;
import dev.konflux.ecosystem.internal.sbom.SbomFinder;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.KeylessBundleVerifier;
import dev.konflux.ecosystem.spi.KeylessVerificationRequest;
import dev.konflux.ecosystem.spi.KeylessVerificationResult;
import dev.konflux.ecosystem.spi.SbomInspection;
import dev.konflux.ecosystem.spi.SbomInspectionRequest;
import dev.konflux.ecosystem.spi.SbomInspectionRequest.ExpectedArtifact;
import dev.konflux.ecosystem.spi.SbomInspector;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verification gate: before a component is translated, proves that its root manifest or index
 * is the one Konflux built and signed, as the {@link VerificationPolicy} demands, and returns every
 * decision it took (for {@code release.json}).
 *
 * <p>Every referrer of the root digest is checked: cosign signatures and attestations with the
 * policy's keys, Sigstore bundles with the keys (public-key bundles) or keylessly through the
 * {@link KeylessBundleVerifier} found on the class path. Public-key bundles go through the strict
 * {@link BundleVerifier} of {@code konflux-native-sigstore} when it is on the class path
 * (signature, transparency log entries with their proofs or promises, RFC 3161 timestamps); without
 * it, the api's own signature check takes only bundles that carry neither log entries nor
 * timestamps, because it cannot check those and accepting them unchecked would claim more than was
 * verified. Then the policy's requirements are checked against the passing decisions: a valid
 * signature (unless opted out), an attestation of each required predicate type, an SBOM that the
 * installed {@link SbomInspector} finds valid, signed and describing the artifact. A single failing
 * referrer does not fail the gate when another satisfies the requirement, like {@code cosign
 * verify}; the failures are still recorded, and all are named in the exception when a requirement
 * is unmet.
 */
public final class ReleaseGate {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseGate.class);

  /** Predicate type cosign v3 uses for image signatures made as DSSE bundles. */
  public static final String COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";

  /** The Maven coordinates named when keyless bundles cannot be verified. */
  public static final String SIGSTORE_MODULE = "dev.konflux.ecosystem:konflux-native-sigstore";

  /** The Maven coordinates named when SBOMs are required and cannot be inspected. */
  public static final String BOM_MODULE = "dev.konflux.ecosystem:konflux-native-bom";

  private final Optional<KeylessBundleVerifier> keyless;
  private final Optional<BundleVerifier> bundles;
  private final Optional<SbomInspector> sbomInspector;
  private final CosignSignatureVerifier signatures = new CosignSignatureVerifier();
  private final DsseAttestationVerifier attestations = new DsseAttestationVerifier();
  private final PublicKeyBundleVerifier publicKeyBundles = new PublicKeyBundleVerifier();

  /**
   * A gate that finds the keyless and bundle verifiers and the SBOM inspector with {@link
   * ServiceLoader}, if installed.
   */
  public ReleaseGate() {
    this(ReleaseGate.class.getClassLoader());
  }

  /**
   * @param loader where to look for the keyless and bundle verifiers and the SBOM inspector
   */
  public ReleaseGate(ClassLoader loader) {
    this(
        ServiceLoader.load(KeylessBundleVerifier.class, loader).findFirst(),
        ServiceLoader.load(BundleVerifier.class, loader).findFirst(),
        ServiceLoader.load(SbomInspector.class, loader).findFirst());
  }

  /**
   * Names the verifiers and SBOM inspector a gate made with {@link #ReleaseGate(ClassLoader)} would
   * use, without making them: part of the release fingerprint, because the same evidence may be
   * judged otherwise with another set installed.
   *
   * @param loader where to look
   * @return the class names, in a fixed order ({@code -} for none)
   */
  public static String installedVerifiers(ClassLoader loader) {
    return provider(KeylessBundleVerifier.class, loader)
        + " "
        + provider(BundleVerifier.class, loader)
        + " "
        + provider(SbomInspector.class, loader);
  }

  private static String provider(Class<?> service, ClassLoader loader) {
    return ServiceLoader.load(service, loader).stream()
        .findFirst()
        .map(p -> p.type().getName())
        .orElse("-");
  }

  /**
   * A gate without the strict bundle verifier (public-key bundles get the api's own check) and
   * without an SBOM inspector ({@code requireSbom} fails closed).
   *
   * @param keyless the keyless verifier to use, or empty for none
   */
  public ReleaseGate(Optional<KeylessBundleVerifier> keyless) {
    this(keyless, Optional.empty(), Optional.empty());
  }

  /**
   * A gate without an SBOM inspector ({@code requireSbom} fails closed).
   *
   * @param keyless the keyless verifier to use, or empty for none
   * @param bundles the strict verifier for public-key bundles, or empty for the api's own check
   */
  public ReleaseGate(Optional<KeylessBundleVerifier> keyless, Optional<BundleVerifier> bundles) {
    this(keyless, bundles, Optional.empty());
  }

  /**
   * @param keyless the keyless verifier to use, or empty for none
   * @param bundles the strict verifier for public-key bundles, or empty for the api's own check
   * @param sbomInspector what parses, validates and matches SBOMs for {@code requireSbom}, or empty
   *     (then {@code requireSbom} fails closed, naming {@value #BOM_MODULE})
   */
  public ReleaseGate(
      Optional<KeylessBundleVerifier> keyless,
      Optional<BundleVerifier> bundles,
      Optional<SbomInspector> sbomInspector) {
    this.keyless = keyless;
    this.bundles = bundles;
    this.sbomInspector = sbomInspector;
  }

  /**
   * Verifies one component.
   *
   * @param component the resolved component
   * @param blobs opens referrer layers as verifying streams
   * @param policy what is required
   * @return every decision taken, in order
   * @throws VerificationException if the policy is not met; the message names every failing
   *     decision
   * @throws SourceUnavailableException if evidence could not be read from the source (a registry
   *     that keeps answering 5xx, a stalled or broken transfer): evidence that was not read is not
   *     evidence that is wrong
   */
  public List<VerificationDecision> verify(
      ResolvedComponent component, BlobReader blobs, VerificationPolicy policy)
      throws VerificationException, SourceUnavailableException {
    return check(component, blobs, policy).decisions();
  }

  /**
   * What the gate concluded for a component.
   *
   * @param decisions every decision taken, in order
   * @param evidence the signatures, attestations and bundles that passed, with the layer and bytes
   */
  public record Result(List<VerificationDecision> decisions, List<Evidence> evidence) {
    /** Copies. */
    public Result {
      decisions = List.copyOf(decisions);
      evidence = List.copyOf(evidence);
    }
  }

  /**
   * Verifies one component and keeps the evidence that passed.
   *
   * @param component the resolved component
   * @param blobs opens referrer layers as verifying streams
   * @param policy what is required
   * @return the decisions and the passing evidence
   * @throws VerificationException if the policy is not met; the message names every failing
   *     decision
   * @throws SourceUnavailableException if evidence could not be read from the source: evidence that
   *     was not read is not evidence that is wrong
   */
  public Result check(ResolvedComponent component, BlobReader blobs, VerificationPolicy policy)
      throws VerificationException, SourceUnavailableException {
    String name = component.component();
    Digest subject = component.root().digest();
    if (policy.insecureSkipVerify()) {
      LOG.warn("verification of component {} ({}) skipped: insecureSkipVerify", name, subject);
      return new Result(
          List.of(
              Decisions.of(component)
                  .policy(
                      null,
                      null,
                      true,
                      "verification skipped: insecureSkipVerify was requested, nothing was verified",
                      null)),
          List.of());
    }
    VerificationPolicy effective = effectivePolicy(component, policy);
    List<VerificationDecision> decisions = new ArrayList<>();
    List<Evidence> evidence = new ArrayList<>();
    RekorSetVerifier rekor = null;
    if (effective.trustedRoot() != null) {
      try {
        rekor = RekorSetVerifier.fromTrustedRoot(effective.trustedRoot());
      } catch (InvalidInputException e) {
        // Only cosign Rekor bundle annotations need the logs; say so if one shows up unverifiable.
        LOG.warn(
            "transparency logs of {} are not usable: {}", effective.trustedRoot(), e.getMessage());
      }
    }
    for (Referrer referrer : component.rootReferrers()) {
      decisions.addAll(check(component, referrer, blobs, effective, rekor, evidence));
    }
    List<VerificationDecision> unmet =
        requirements(component, blobs, effective, decisions, evidence);
    decisions.addAll(unmet.isEmpty() ? List.of() : unmet);
    if (unmet.stream().anyMatch(d -> !d.passed())) {
      // A short summary; each failing decision travels as data (decisions()) for the caller to
      // show.
      long failed = decisions.stream().filter(d -> !d.passed()).count();
      VerificationException e =
          new VerificationException(
              "verification failed for component "
                  + name
                  + " (manifest "
                  + subject
                  + "): "
                  + failed
                  + " of "
                  + decisions.size()
                  + " checks failed",
              decisions);
      e.withComponent(name)
          .withReference(component.reference().toString())
          .withDigest(subject)
          .withOperation(KonfluxNativeException.OPERATION_VERIFY);
      throw e;
    }
    return new Result(decisions, evidence);
  }

  private static VerificationPolicy effectivePolicy(
      ResolvedComponent component, VerificationPolicy policy) {
    Set<String> types =
        component.artifacts().stream()
            .map(ComponentArtifact::artifactType)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    return types.size() == 1 ? policy.forArtifactType(types.iterator().next()) : policy;
  }

  private List<VerificationDecision> check(
      ResolvedComponent component,
      Referrer referrer,
      BlobReader blobs,
      VerificationPolicy policy,
      @Nullable RekorSetVerifier rekor,
      List<Evidence> evidence)
      throws SourceUnavailableException {
    Decisions decide = Decisions.of(component);
    Digest subject = component.root().digest();
    Digest referrerDigest = referrer.manifest().digest();
    List<VerificationDecision> out = new ArrayList<>();
    if (!referrer.subject().equals(subject)) {
      out.add(
          decide.failed(
              referrerDigest,
              kindOf(referrer),
              "referrer subject " + referrer.subject() + " is not manifest " + subject));
      return out;
    }
    LayerCheck layerCheck =
        switch (referrer.kind()) {
          case COSIGN_SIGNATURE ->
              new LayerCheck(
                  Kind.SIGNATURE,
                  Evidence.Kind.SIGNATURE,
                  SimpleSigningPayload.MAX_BYTES,
                  "cannot read signature payload ",
                  type -> MediaTypes.COSIGN_SIMPLE_SIGNING.equals(type),
                  (layer, payload) ->
                      signatures.verify(
                          decide.component(),
                          subject,
                          referrerDigest,
                          layer,
                          payload,
                          policy.publicKeys(),
                          policy.dockerReference(),
                          rekor));
          case COSIGN_ATTESTATION ->
              new LayerCheck(
                  Kind.ATTESTATION,
                  Evidence.Kind.ATTESTATION,
                  DsseEnvelope.MAX_BYTES,
                  "cannot read attestation ",
                  type -> MediaTypes.DSSE_ENVELOPE.equals(type),
                  (layer, envelope) ->
                      attestations.verify(
                          decide.component(),
                          subject,
                          referrerDigest,
                          Kind.ATTESTATION,
                          envelope,
                          policy.publicKeys()));
          case SIGSTORE_BUNDLE ->
              new LayerCheck(
                  Kind.BUNDLE,
                  Evidence.Kind.BUNDLE,
                  SigstoreBundle.MAX_BYTES,
                  "cannot use Sigstore bundle ",
                  type -> type.startsWith("application/vnd.dev.sigstore.bundle"),
                  (layer, bytes) ->
                      checkBundle(component, referrerDigest, layer, bytes, blobs, policy));
          case COSIGN_SBOM, SBOM -> {
            out.add(
                decide.of(
                    referrerDigest,
                    Kind.SBOM,
                    null,
                    true,
                    "SBOM attached ("
                        + referrer.manifest().effectiveArtifactType()
                        + ", found via "
                        + referrer.discovery().name().toLowerCase(java.util.Locale.ROOT)
                        + ")"));
            yield null;
          }
          case OTHER -> {
            LOG.debug(
                "referrer {} of {} is not verification material; ignored", referrerDigest, subject);
            yield null;
          }
        };
    if (layerCheck == null) {
      return out;
    }
    for (Descriptor layer : referrer.manifest().layers()) {
      if (!layerCheck.accepts().test(layer.mediaType())) {
        continue;
      }
      byte[] bytes;
      try {
        bytes = read(blobs, layer, layerCheck.limit());
      } catch (SourceUnavailableException e) {
        throw e;
      } catch (KonfluxNativeException e) {
        out.add(
            decide
                .failed(
                    referrerDigest,
                    layerCheck.kind(),
                    layerCheck.unreadable() + layer.digest() + ": " + e.getMessage())
                .withLayer(layer.digest()));
        continue;
      }
      out.add(
          passed(
              referrer,
              layer,
              bytes,
              layerCheck.evidence(),
              evidence,
              layerCheck.verifier().verify(layer, bytes)));
    }
    return out;
  }

  /**
   * How the layers of one kind of referrer are checked: which layers, read up to what size, and
   * verified by what; a layer that cannot be read becomes a failing decision of {@code kind}.
   */
  private record LayerCheck(
      Kind kind,
      Evidence.Kind evidence,
      int limit,
      String unreadable,
      java.util.function.Predicate<String> accepts,
      LayerVerifier verifier) {}

  /** Verifies one layer's bytes. */
  @FunctionalInterface
  private interface LayerVerifier {
    VerificationDecision verify(Descriptor layer, byte[] bytes);
  }

  /**
   * The one place the gate builds decisions about a component: its name and root digest are fixed,
   * so each decision says only what differs (referrer, kind, signer, outcome, reason).
   */
  private record Decisions(String component, Digest subject) {
    static Decisions of(ResolvedComponent component) {
      return new Decisions(component.component(), component.root().digest());
    }

    VerificationDecision of(
        @Nullable Digest referrer,
        Kind kind,
        @Nullable String signer,
        boolean passed,
        String reason) {
      return VerificationDecision.of(component, subject, referrer, kind, signer, passed, reason);
    }

    VerificationDecision failed(@Nullable Digest referrer, Kind kind, String reason) {
      return of(referrer, kind, null, false, reason);
    }

    VerificationDecision policy(
        @Nullable Digest referrer,
        @Nullable String signer,
        boolean passed,
        String reason,
        @Nullable String predicateType) {
      return new VerificationDecision(
          component, subject, referrer, Kind.POLICY, signer, passed, reason, predicateType, null);
    }
  }

  /** Names the layer in the decision and keeps the layer's bytes as evidence when it passed. */
  private static VerificationDecision passed(
      Referrer referrer,
      Descriptor layer,
      byte[] bytes,
      Evidence.Kind kind,
      List<Evidence> evidence,
      VerificationDecision decision) {
    VerificationDecision d = decision.withLayer(layer.digest());
    if (d.passed()) {
      evidence.add(
          new Evidence(
              referrer,
              layer.digest(),
              layer.mediaType(),
              kind,
              d.predicateType(),
              bytes,
              d.provenance(),
              d.signer()));
    }
    return d;
  }

  private VerificationDecision checkBundle(
      ResolvedComponent component,
      Digest referrer,
      Descriptor layer,
      byte[] bytes,
      BlobReader blobs,
      VerificationPolicy policy) {
    String name = component.component();
    Digest subject = component.root().digest();
    Decisions decide = new Decisions(name, subject);
    SigstoreBundle bundle;
    try {
      bundle = SigstoreBundle.parse(bytes);
    } catch (KonfluxNativeException e) {
      return decide.failed(
          referrer,
          Kind.BUNDLE,
          "cannot use Sigstore bundle " + layer.digest() + ": " + e.getMessage());
    }
    if (bundle.isPublicKey()) {
      if (bundles.isPresent()) {
        return strictPublicKeyBundle(
            name,
            subject,
            referrer,
            layer,
            bundle,
            policy,
            bundles.get(),
            () -> readRoot(component.root(), blobs));
      }
      if (bundle.hasLogEntriesOrTimestamps()) {
        return decide.failed(
            referrer,
            Kind.BUNDLE,
            "public-key Sigstore bundle "
                + layer.digest()
                + " carries transparency log entries or timestamps that "
                + "cannot be checked: no BundleVerifier installed; add "
                + SIGSTORE_MODULE
                + " to the class path");
      }
      return publicKeyBundles.verify(
          name,
          subject,
          referrer,
          bundle,
          policy.publicKeys(),
          () -> readRoot(component.root(), blobs));
    }
    if (policy.identities().isEmpty() || (policy.trustedRoot() == null && !policy.useTuf())) {
      return decide.failed(
          referrer,
          Kind.BUNDLE,
          "keyless Sigstore bundle needs a trusted root (VerificationPolicy.trustedRoot) and a certificate "
              + "identity (VerificationPolicy.addIdentity) to be verified");
    }
    if (keyless.isEmpty()) {
      return decide.failed(
          referrer,
          Kind.BUNDLE,
          "keyless Sigstore bundle cannot be verified: no KeylessBundleVerifier installed; add "
              + SIGSTORE_MODULE
              + " to the class path");
    }
    KeylessVerificationResult result;
    try {
      result =
          keyless
              .get()
              .verify(
                  new KeylessVerificationRequest(
                      bundle.bytes(),
                      subject,
                      policy.trustedRoot(),
                      policy.useTuf(),
                      "component " + name + " referrer " + referrer));
    } catch (VerificationException e) {
      return decide.failed(referrer, Kind.BUNDLE, String.valueOf(e.getMessage()));
    }
    String identity = "SAN " + result.subjectAlternativeName() + " issuer " + result.oidcIssuer();
    Optional<CertificateIdentity> match =
        policy.identities().stream()
            .filter(
                i ->
                    i.matchesSan(result.subjectAlternativeName())
                        && i.matchesIssuer(result.oidcIssuer()))
            .findFirst();
    if (match.isEmpty()) {
      return decide.of(
          referrer,
          Kind.BUNDLE,
          identity,
          false,
          "certificate SAN "
              + result.subjectAlternativeName()
              + " (issuer "
              + result.oidcIssuer()
              + ") does not match policy "
              + policy.identities());
    }
    if (result.dssePayload() != null) {
      return attestations.checkStatement(
          name,
          subject,
          referrer,
          Kind.BUNDLE,
          identity,
          String.valueOf(result.payloadType()),
          result.dssePayload(),
          "certificate " + identity + " (" + keyless.get().name() + ")");
    }
    return decide.of(
        referrer,
        Kind.BUNDLE,
        identity,
        true,
        "Sigstore bundle verifies keylessly ("
            + keyless.get().name()
            + ") with certificate "
            + identity
            + " over manifest "
            + subject);
  }

  /**
   * A public-key bundle through the strict verifier, once per policy key (any may have signed): the
   * signature over the manifest digest or the DSSE envelope, and every transparency log entry and
   * RFC 3161 timestamp the bundle carries, against the policy's trusted root (the public-good root
   * shipped with the verifier when the policy names none).
   */
  private VerificationDecision strictPublicKeyBundle(
      String name,
      Digest subject,
      Digest referrer,
      Descriptor layer,
      SigstoreBundle bundle,
      VerificationPolicy policy,
      BundleVerifier verifier,
      PublicKeyBundleVerifier.ArtifactBytes manifestBytes) {
    Decisions decide = new Decisions(name, subject);
    List<CosignPublicKey> keys = policy.publicKeys();
    if (keys.isEmpty()) {
      return decide.failed(
          referrer,
          Kind.BUNDLE,
          "no public key was given to verify public-key Sigstore bundles with (VerificationPolicy.addPublicKey)");
    }
    BundleArtifact artifact = BundleArtifact.ofDigest(subject);
    java.nio.file.Path trustedRoot = policy.trustedRoot();
    List<String> failures = new ArrayList<>();
    for (CosignPublicKey key : keys) {
      if (key.algorithm() == CosignPublicKey.Algorithm.ED25519 && !bundle.isDsse()) {
        // Ed25519 signs the manifest's bytes, not a digest, and the bundle verifier sees only the
        // digest; such a bundle with nothing else to check keeps the api's check of those bytes.
        if (bundle.hasLogEntriesOrTimestamps()) {
          failures.add(
              "key "
                  + key.fingerprint()
                  + ": an Ed25519 message signature with transparency log entries "
                  + "or timestamps cannot be verified over a digest");
          continue;
        }
        VerificationDecision d =
            publicKeyBundles.verify(name, subject, referrer, bundle, List.of(key), manifestBytes);
        if (d.passed()) {
          return d;
        }
        failures.add("key " + key.fingerprint() + ": " + d.reason());
        continue;
      }
      BundlePolicy bundlePolicy = BundlePolicy.publicKey(key);
      if (trustedRoot != null) {
        bundlePolicy = bundlePolicy.withTrustedRoot(trustedRoot);
      }
      BundleVerification v = verifier.verify(bundle.bytes(), artifact, bundlePolicy);
      if (!v.verified()) {
        failures.add("key " + key.fingerprint() + ": " + v.reason());
        continue;
      }
      String signedBy =
          "key " + key.fingerprint() + " (strict Sigstore bundle verifier: " + v.reason() + ")";
      String payloadType = v.payloadType();
      byte[] payload = v.dssePayload();
      if (payloadType != null && payload != null) {
        return attestations.checkStatement(
            name,
            subject,
            referrer,
            Kind.BUNDLE,
            key.fingerprint(),
            payloadType,
            payload,
            signedBy);
      }
      return decide.of(
          referrer,
          Kind.BUNDLE,
          key.fingerprint(),
          true,
          "Sigstore bundle "
              + layer.digest()
              + " verifies with "
              + signedBy
              + " over manifest "
              + subject);
    }
    return decide.of(
        referrer,
        Kind.BUNDLE,
        CosignSignatureVerifier.fingerprints(keys),
        false,
        "Sigstore bundle " + layer.digest() + " does not verify: " + String.join("; ", failures));
  }

  private List<VerificationDecision> requirements(
      ResolvedComponent component,
      BlobReader blobs,
      VerificationPolicy policy,
      List<VerificationDecision> decisions,
      List<Evidence> evidence)
      throws SourceUnavailableException {
    Decisions decide = Decisions.of(component);
    List<VerificationDecision> out = new ArrayList<>();
    if (policy.requireSignature()) {
      // A required docker-reference can only be proven by a cosign simple-signing payload, which
      // names it; a bundle signs the digest alone, so it cannot meet that requirement.
      boolean needsReference = policy.dockerReference() != null;
      Optional<VerificationDecision> signed =
          decisions.stream()
              .filter(
                  d ->
                      d.passed()
                          && isSignature(d)
                          && (!needsReference || d.kind() == Kind.SIGNATURE))
              .findFirst();
      if (signed.isPresent()) {
        out.add(
            decide.policy(
                signed.get().referrer(),
                signed.get().signer(),
                true,
                "a valid signature is required: met",
                null));
      } else {
        long tried = decisions.stream().filter(ReleaseGate::isSignature).count();
        out.add(
            decide.policy(
                null,
                null,
                false,
                "a valid signature by "
                    + signers(policy)
                    + (needsReference ? " naming docker-reference " + policy.dockerReference() : "")
                    + " is required; "
                    + (tried == 0
                        ? "no signature was found"
                        : "none of "
                            + tried
                            + " signatures verified"
                            + (needsReference
                                ? " with that docker-reference (bundles cannot name one)"
                                : "")),
                null));
      }
    }
    for (String predicateType : policy.requiredPredicateTypes()) {
      Optional<VerificationDecision> att =
          decisions.stream()
              .filter(d -> d.passed() && predicateType.equals(d.predicateType()))
              .findFirst();
      if (att.isPresent()) {
        out.add(
            decide.policy(
                att.get().referrer(),
                att.get().signer(),
                true,
                "an attestation of predicate type " + predicateType + " is required: met",
                predicateType));
      } else {
        Set<String> found =
            decisions.stream()
                .filter(d -> d.predicateType() != null)
                .map(d -> d.predicateType() + (d.passed() ? "" : " (failed)"))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        out.add(
            decide.policy(
                null,
                null,
                false,
                "an attestation of predicate type "
                    + predicateType
                    + " by "
                    + signers(policy)
                    + " is required; found "
                    + (found.isEmpty() ? "no attestation" : "predicate types " + found),
                predicateType));
      }
    }
    if (policy.requireSbom()) {
      out.addAll(sbomRequirement(component, blobs, evidence, decide));
    }
    return out;
  }

  /**
   * {@code --require-sbom}: every SBOM the core's SBOM finder finds for the component (root and
   * artifact referrers, SBOM predicates of passing attestations, the verified provenance's {@code
   * SBOM_BLOB_URL}) is inspected by the installed {@link SbomInspector}; each inspection is a
   * decision of its own, and the requirement is met only if one inspection {@link
   * SbomInspection#satisfiesRequirement() satisfies it}: parsed, valid, covered by a verified
   * signature or attestation, describing the artifact. Without an inspector the gate cannot tell a
   * real SBOM from any bytes with an SBOM media type, so it fails closed and says what to add.
   */
  private List<VerificationDecision> sbomRequirement(
      ResolvedComponent component, BlobReader blobs, List<Evidence> evidence, Decisions decide)
      throws SourceUnavailableException {
    List<SbomDocument> documents = SbomFinder.find(component, evidence);
    if (documents.isEmpty()) {
      return List.of(
          decide.policy(null, null, false, "an SBOM is required; none is attached", null));
    }
    if (sbomInspector.isEmpty()) {
      return List.of(
          decide.policy(
              null,
              null,
              false,
              "an SBOM is required and "
                  + documents.size()
                  + " SBOM document(s) were found, but no SbomInspector is installed to parse, "
                  + "validate and match them; add "
                  + BOM_MODULE
                  + " to the class path (the command-line tool carries it)",
              null));
    }
    SbomInspector inspector = sbomInspector.get();
    ExpectedArtifact expected = expected(component);
    List<VerificationDecision> out = new ArrayList<>();
    SbomInspection satisfying = null;
    for (SbomDocument document : documents) {
      OutageRecordingBlobReader watched = new OutageRecordingBlobReader(blobs);
      SbomInspection inspection =
          inspector.inspect(
              SbomInspectionRequest.of(
                  decide.component(), decide.subject(), document, watched, expected));
      // An SBOM the source failed to deliver was not judged: exit 5, not a failing decision.
      watched.throwIfOutage();
      out.add(inspection.decision());
      if (satisfying == null && inspection.satisfiesRequirement()) {
        satisfying = inspection;
      }
    }
    if (satisfying != null) {
      out.add(
          decide.policy(
              satisfying.decision().referrer(),
              null,
              true,
              "an SBOM is required: met by "
                  + satisfying.format()
                  + " SBOM "
                  + (satisfying.primaryPurl() == null ? "" : satisfying.primaryPurl() + " ")
                  + "(checked by "
                  + inspector.name()
                  + ")",
              null));
    } else {
      out.add(
          decide.policy(
              null,
              null,
              false,
              "an SBOM is required: a valid SBOM covered by a verified signature or attestation "
                  + "that describes the artifact; none of the "
                  + documents.size()
                  + " SBOM document(s) found qualifies (checked by "
                  + inspector.name()
                  + ")",
              null));
    }
    return out;
  }

  /** What an SBOM of the component must describe: its manifests, or the files of its layers. */
  private static ExpectedArtifact expected(ResolvedComponent component) {
    Set<Digest> manifests = new LinkedHashSet<>();
    Set<Digest> files = new LinkedHashSet<>();
    manifests.add(component.root().digest());
    for (ComponentArtifact a : component.artifacts()) {
      manifests.add(a.manifest().digest());
      a.layers().forEach(l -> files.add(l.digest()));
    }
    return new ExpectedArtifact(List.copyOf(manifests), List.copyOf(files), List.of());
  }

  private static boolean isSignature(VerificationDecision d) {
    return d.kind() == Kind.SIGNATURE
        || (d.kind() == Kind.BUNDLE
            && (d.predicateType() == null || COSIGN_SIGN_PREDICATE.equals(d.predicateType())));
  }

  private static String signers(VerificationPolicy policy) {
    List<String> who = new ArrayList<>();
    policy.publicKeys().forEach(k -> who.add("key " + k.fingerprint()));
    policy.identities().forEach(i -> who.add("identity " + i));
    return who.isEmpty() ? "(no key or identity configured)" : String.join(" or ", who);
  }

  private static Kind kindOf(Referrer referrer) {
    return switch (referrer.kind()) {
      case COSIGN_SIGNATURE -> Kind.SIGNATURE;
      case COSIGN_ATTESTATION -> Kind.ATTESTATION;
      case SIGSTORE_BUNDLE -> Kind.BUNDLE;
      case COSIGN_SBOM, SBOM, OTHER -> Kind.SBOM;
    };
  }

  private static byte[] read(BlobReader blobs, Descriptor layer, int limit)
      throws KonfluxNativeException {
    if (layer.size() > limit) {
      throw new InvalidInputException(
          "layer "
              + layer.digest()
              + " of "
              + layer.size()
              + " bytes is larger than "
              + limit
              + " bytes");
    }
    try (InputStream in = blobs.open(layer)) {
      return BoundedReader.readAtMost(in, limit, "layer " + layer.digest());
    } catch (BlobIntegrityException e) {
      // Bytes that were read and are wrong: a failing decision, not an outage.
      throw new InvalidInputException(
          "cannot read layer " + layer.digest() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      // The transfer itself failed (stalled, broken, retries exhausted): nothing was judged.
      throw new SourceUnavailableException(
          "reading layer " + layer.digest() + " failed: " + e.getMessage(), e);
    }
  }

  private static byte @Nullable [] readRoot(ManifestOrIndex root, BlobReader blobs) {
    try {
      return read(blobs, root.descriptor(), SourceOptions.MAX_MANIFEST_BYTES);
    } catch (KonfluxNativeException e) {
      LOG.debug("cannot read manifest {} for an Ed25519 bundle: {}", root.digest(), e.getMessage());
      return null;
    }
  }
}
