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
 * signature (unless opted out), an attestation of each required predicate type, an SBOM. A single
 * failing referrer does not fail the gate when another satisfies the requirement, like {@code
 * cosign verify}; the failures are still recorded, and all are named in the exception when a
 * requirement is unmet.
 */
public final class ReleaseGate {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseGate.class);

  /** Predicate type cosign v3 uses for image signatures made as DSSE bundles. */
  public static final String COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";

  /** The Maven coordinates named when keyless bundles cannot be verified. */
  public static final String SIGSTORE_MODULE = "dev.konflux.ecosystem:konflux-native-sigstore";

  private final Optional<KeylessBundleVerifier> keyless;
  private final Optional<BundleVerifier> bundles;
  private final CosignSignatureVerifier signatures = new CosignSignatureVerifier();
  private final DsseAttestationVerifier attestations = new DsseAttestationVerifier();
  private final PublicKeyBundleVerifier publicKeyBundles = new PublicKeyBundleVerifier();

  /**
   * A gate that finds the keyless and bundle verifiers with {@link ServiceLoader}, if installed.
   */
  public ReleaseGate() {
    this(ReleaseGate.class.getClassLoader());
  }

  /**
   * @param loader where to look for the keyless and bundle verifiers
   */
  public ReleaseGate(ClassLoader loader) {
    this(
        ServiceLoader.load(KeylessBundleVerifier.class, loader).findFirst(),
        ServiceLoader.load(BundleVerifier.class, loader).findFirst());
  }

  /**
   * A gate without the strict bundle verifier: public-key bundles get the api's own check.
   *
   * @param keyless the keyless verifier to use, or empty for none
   */
  public ReleaseGate(Optional<KeylessBundleVerifier> keyless) {
    this(keyless, Optional.empty());
  }

  /**
   * @param keyless the keyless verifier to use, or empty for none
   * @param bundles the strict verifier for public-key bundles, or empty for the api's own check
   */
  public ReleaseGate(Optional<KeylessBundleVerifier> keyless, Optional<BundleVerifier> bundles) {
    this.keyless = keyless;
    this.bundles = bundles;
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
              VerificationDecision.of(
                  name,
                  subject,
                  null,
                  Kind.POLICY,
                  null,
                  true,
                  "verification skipped: insecureSkipVerify was requested, nothing was verified")),
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
    List<VerificationDecision> unmet = requirements(component, effective, decisions, evidence);
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
    String name = component.component();
    Digest subject = component.root().digest();
    Digest referrerDigest = referrer.manifest().digest();
    List<VerificationDecision> out = new ArrayList<>();
    if (!referrer.subject().equals(subject)) {
      out.add(
          VerificationDecision.of(
              name,
              subject,
              referrerDigest,
              kindOf(referrer),
              null,
              false,
              "referrer subject " + referrer.subject() + " is not manifest " + subject));
      return out;
    }
    switch (referrer.kind()) {
      case COSIGN_SIGNATURE -> {
        for (Descriptor layer : referrer.manifest().layers()) {
          if (!MediaTypes.COSIGN_SIMPLE_SIGNING.equals(layer.mediaType())) {
            continue;
          }
          byte[] payload;
          try {
            payload = read(blobs, layer, SimpleSigningPayload.MAX_BYTES);
          } catch (SourceUnavailableException e) {
            throw e;
          } catch (KonfluxNativeException e) {
            out.add(
                VerificationDecision.of(
                        name,
                        subject,
                        referrerDigest,
                        Kind.SIGNATURE,
                        null,
                        false,
                        "cannot read signature payload " + layer.digest() + ": " + e.getMessage())
                    .withLayer(layer.digest()));
            continue;
          }
          out.add(
              passed(
                  referrer,
                  layer,
                  payload,
                  Evidence.Kind.SIGNATURE,
                  evidence,
                  signatures.verify(
                      name,
                      subject,
                      referrerDigest,
                      layer,
                      payload,
                      policy.publicKeys(),
                      policy.dockerReference(),
                      rekor)));
        }
      }
      case COSIGN_ATTESTATION -> {
        for (Descriptor layer : referrer.manifest().layers()) {
          if (!MediaTypes.DSSE_ENVELOPE.equals(layer.mediaType())) {
            continue;
          }
          byte[] envelope;
          try {
            envelope = read(blobs, layer, DsseEnvelope.MAX_BYTES);
          } catch (SourceUnavailableException e) {
            throw e;
          } catch (KonfluxNativeException e) {
            out.add(
                VerificationDecision.of(
                        name,
                        subject,
                        referrerDigest,
                        Kind.ATTESTATION,
                        null,
                        false,
                        "cannot read attestation " + layer.digest() + ": " + e.getMessage())
                    .withLayer(layer.digest()));
            continue;
          }
          out.add(
              passed(
                  referrer,
                  layer,
                  envelope,
                  Evidence.Kind.ATTESTATION,
                  evidence,
                  attestations.verify(
                      name,
                      subject,
                      referrerDigest,
                      Kind.ATTESTATION,
                      envelope,
                      policy.publicKeys())));
        }
      }
      case SIGSTORE_BUNDLE -> {
        for (Descriptor layer : referrer.manifest().layers()) {
          if (!layer.mediaType().startsWith("application/vnd.dev.sigstore.bundle")) {
            continue;
          }
          byte[] bytes;
          try {
            bytes = read(blobs, layer, SigstoreBundle.MAX_BYTES);
          } catch (SourceUnavailableException e) {
            throw e;
          } catch (KonfluxNativeException e) {
            out.add(
                VerificationDecision.of(
                        name,
                        subject,
                        referrerDigest,
                        Kind.BUNDLE,
                        null,
                        false,
                        "cannot use Sigstore bundle " + layer.digest() + ": " + e.getMessage())
                    .withLayer(layer.digest()));
            continue;
          }
          out.add(
              passed(
                  referrer,
                  layer,
                  bytes,
                  Evidence.Kind.BUNDLE,
                  evidence,
                  checkBundle(component, referrerDigest, layer, bytes, blobs, policy)));
        }
      }
      case COSIGN_SBOM, SBOM ->
          out.add(
              VerificationDecision.of(
                  name,
                  subject,
                  referrerDigest,
                  Kind.SBOM,
                  null,
                  true,
                  "SBOM attached ("
                      + referrer.manifest().effectiveArtifactType()
                      + ", found via "
                      + referrer.discovery().name().toLowerCase(java.util.Locale.ROOT)
                      + ")"));
      case OTHER ->
          LOG.debug(
              "referrer {} of {} is not verification material; ignored", referrerDigest, subject);
    }
    return out;
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
    SigstoreBundle bundle;
    try {
      bundle = SigstoreBundle.parse(bytes);
    } catch (KonfluxNativeException e) {
      return VerificationDecision.of(
          name,
          subject,
          referrer,
          Kind.BUNDLE,
          null,
          false,
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
        return VerificationDecision.of(
            name,
            subject,
            referrer,
            Kind.BUNDLE,
            null,
            false,
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
      return VerificationDecision.of(
          name,
          subject,
          referrer,
          Kind.BUNDLE,
          null,
          false,
          "keyless Sigstore bundle needs a trusted root (VerificationPolicy.trustedRoot) and a certificate "
              + "identity (VerificationPolicy.addIdentity) to be verified");
    }
    if (keyless.isEmpty()) {
      return VerificationDecision.of(
          name,
          subject,
          referrer,
          Kind.BUNDLE,
          null,
          false,
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
      return VerificationDecision.of(
          name, subject, referrer, Kind.BUNDLE, null, false, String.valueOf(e.getMessage()));
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
      return VerificationDecision.of(
          name,
          subject,
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
    return VerificationDecision.of(
        name,
        subject,
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
    List<CosignPublicKey> keys = policy.publicKeys();
    if (keys.isEmpty()) {
      return VerificationDecision.of(
          name,
          subject,
          referrer,
          Kind.BUNDLE,
          null,
          false,
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
      return VerificationDecision.of(
          name,
          subject,
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
    return VerificationDecision.of(
        name,
        subject,
        referrer,
        Kind.BUNDLE,
        CosignSignatureVerifier.fingerprints(keys),
        false,
        "Sigstore bundle " + layer.digest() + " does not verify: " + String.join("; ", failures));
  }

  private static List<VerificationDecision> requirements(
      ResolvedComponent component,
      VerificationPolicy policy,
      List<VerificationDecision> decisions,
      List<Evidence> evidence) {
    String name = component.component();
    Digest subject = component.root().digest();
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
            VerificationDecision.of(
                name,
                subject,
                signed.get().referrer(),
                Kind.POLICY,
                signed.get().signer(),
                true,
                "a valid signature is required: met"));
      } else {
        long tried = decisions.stream().filter(ReleaseGate::isSignatureCandidate).count();
        out.add(
            VerificationDecision.of(
                name,
                subject,
                null,
                Kind.POLICY,
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
                                : ""))));
      }
    }
    for (String predicateType : policy.requiredPredicateTypes()) {
      Optional<VerificationDecision> att =
          decisions.stream()
              .filter(d -> d.passed() && predicateType.equals(d.predicateType()))
              .findFirst();
      if (att.isPresent()) {
        out.add(
            new VerificationDecision(
                name,
                subject,
                att.get().referrer(),
                Kind.POLICY,
                att.get().signer(),
                true,
                "an attestation of predicate type " + predicateType + " is required: met",
                predicateType,
                null));
      } else {
        Set<String> found =
            decisions.stream()
                .filter(d -> d.predicateType() != null)
                .map(d -> d.predicateType() + (d.passed() ? "" : " (failed)"))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        out.add(
            new VerificationDecision(
                name,
                subject,
                null,
                Kind.POLICY,
                null,
                false,
                "an attestation of predicate type "
                    + predicateType
                    + " by "
                    + signers(policy)
                    + " is required; found "
                    + (found.isEmpty() ? "no attestation" : "predicate types " + found),
                predicateType,
                null));
      }
    }
    if (policy.requireSbom()) {
      // The one SBOM finder decides, over the root's referrers, every artifact's referrers and the
      // evidence that passed (SBOM predicates, the provenance's SBOM_BLOB_URL).
      boolean sbom = SbomFinder.hasSbom(component, evidence);
      out.add(
          VerificationDecision.of(
              name,
              subject,
              null,
              Kind.POLICY,
              null,
              sbom,
              sbom ? "an SBOM is required: met" : "an SBOM is required; none is attached"));
    }
    return out;
  }

  private static boolean isSignature(VerificationDecision d) {
    return d.kind() == Kind.SIGNATURE
        || (d.kind() == Kind.BUNDLE
            && (d.predicateType() == null || COSIGN_SIGN_PREDICATE.equals(d.predicateType())));
  }

  /** A signature that was tried: cosign signatures, and bundles not known to be attestations. */
  private static boolean isSignatureCandidate(VerificationDecision d) {
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
