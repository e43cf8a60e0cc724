package dev.konflux.ecosystem.internal.sbom;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.Evidence;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.ProvenanceView;
import dev.konflux.ecosystem.api.Referrer;
import dev.konflux.ecosystem.api.RegistryReference;
import dev.konflux.ecosystem.api.ResolvedComponent;
import dev.konflux.ecosystem.api.SbomDocument;
import dev.konflux.ecosystem.internal.json.Json;
import dev.konflux.ecosystem.internal.verify.DsseEnvelope;
import dev.konflux.ecosystem.internal.verify.InTotoStatement;
import dev.konflux.ecosystem.internal.verify.SigstoreBundle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core's one SBOM finder: where Konflux puts a component's SBOMs, and which of them verified
 * evidence covers. Sources, in this order, each document (by digest) once:
 *
 * <ol>
 *   <li>SBOM layers ({@link MediaTypes#isSbom}) of the artifact's SBOM referrers: cosign {@code
 *       .sbom} tags and SBOM artifact referrers (unsigned: nobody signs the referrer);
 *   <li>SBOM predicates ({@code https://spdx.dev/Document}, {@code https://cyclonedx.org/bom}) of
 *       attestations and DSSE bundles that passed the gate ({@code cosign attest --type
 *       spdxjson|cyclonedx}): signed, the predicate bytes held in memory;
 *   <li>the {@code SBOM_BLOB_URL} result of a verified SLSA provenance: marks the document with
 *       that digest signed, or, when no referrer carries it and the URL names the artifact's own
 *       repository, adds the blob (size unknown until read).
 * </ol>
 *
 * {@link Referrer#classify}, the gate's SBOM requirement and the targets all use this class. It
 * parses no SBOM: that belongs to the SBOM module.
 */
public final class SbomFinder {
  private static final Logger LOG = LoggerFactory.getLogger(SbomFinder.class);

  /** {@code registry/repository@sha256:hex}, optionally with a scheme. */
  private static final Pattern BLOB_URL =
      Pattern.compile(
          "(?:[a-z]+://)?([^/@\\s]+)/([^@\\s]+)@(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})");

  private SbomFinder() {}

  /**
   * @param manifest a referrer manifest
   * @return whether it carries an SBOM: a cosign SBOM or SBOM artifact type, or only SBOM layers
   */
  public static boolean isSbomManifest(Manifest manifest) {
    String type = manifest.effectiveArtifactType();
    return MediaTypes.COSIGN_SBOM_ARTIFACT.equals(type)
        || MediaTypes.isSbom(type)
        || (!manifest.layers().isEmpty()
            && manifest.layers().stream().allMatch(l -> MediaTypes.isSbom(l.mediaType())));
  }

  /**
   * @param predicateType an in-toto predicate type, or {@code null}
   * @return whether it is an SPDX or CycloneDX document predicate
   */
  public static boolean isSbomPredicate(@Nullable String predicateType) {
    return predicateType != null
        && (predicateType.startsWith("https://spdx.dev/Document")
            || predicateType.startsWith("https://cyclonedx.org/bom"));
  }

  /**
   * @param referrer a referrer
   * @return whether it is an SBOM referrer (cosign {@code .sbom} tag or SBOM artifact)
   */
  public static boolean isSbomReferrer(Referrer referrer) {
    return referrer.kind() == Referrer.Kind.SBOM || referrer.kind() == Referrer.Kind.COSIGN_SBOM;
  }

  /**
   * Whether a component has an SBOM anywhere: an SBOM referrer of its root or of an artifact, an
   * SBOM predicate in the passing evidence, or a verified provenance naming an SBOM blob.
   *
   * @param component the resolved component
   * @param evidence what passed the gate
   * @return whether an SBOM was found
   */
  public static boolean hasSbom(ResolvedComponent component, List<Evidence> evidence) {
    if (component.rootReferrers().stream().anyMatch(SbomFinder::isSbomReferrer)) {
      return true;
    }
    for (ComponentArtifact a : component.artifacts()) {
      if (!find(a, evidence).isEmpty()
          || a.referrers().stream().anyMatch(SbomFinder::isSbomReferrer)) {
        return true;
      }
    }
    return evidence.stream()
        .anyMatch(
            e ->
                isSbomPredicate(e.predicateType())
                    || (e.provenance() != null && e.provenance().sbomBlobUrl().isPresent()));
  }

  /**
   * @param artifact the artifact
   * @param evidence the evidence that passed the gate for its component's root
   * @return its SBOM documents, each digest once, in the order described on the class
   */
  public static List<SbomDocument> find(ComponentArtifact artifact, List<Evidence> evidence) {
    return find(artifact.referrers(), artifact.reference(), artifact.describe(), evidence);
  }

  /**
   * Every SBOM of a component, each digest once: those of its root's referrers (an index's own SBOM
   * referrers) and of every artifact, with the evidence that passed the gate. A document found both
   * signed and unsigned is kept signed.
   *
   * @param component the resolved component
   * @param evidence what passed the gate for its root
   * @return its SBOM documents: the root's first, then each artifact's, in the class's order
   */
  public static List<SbomDocument> find(ResolvedComponent component, List<Evidence> evidence) {
    Map<Digest, SbomDocument> docs = new LinkedHashMap<>();
    List<List<SbomDocument>> found = new ArrayList<>();
    found.add(
        find(
            component.rootReferrers(),
            component.reference(),
            "component " + component.component(),
            evidence));
    for (ComponentArtifact a : component.artifacts()) {
      found.add(find(a, evidence));
    }
    for (List<SbomDocument> list : found) {
      for (SbomDocument d : list) {
        docs.merge(
            d.digest(), d, (known, other) -> known.signed() || !other.signed() ? known : other);
      }
    }
    return List.copyOf(docs.values());
  }

  private static List<SbomDocument> find(
      List<Referrer> referrers,
      ArtifactReference reference,
      String describe,
      List<Evidence> evidence) {
    Map<Digest, SbomDocument> docs = new LinkedHashMap<>();
    for (Referrer r : referrers) {
      if (!isSbomReferrer(r)) {
        continue;
      }
      SbomDocument.Origin origin =
          r.kind() == Referrer.Kind.COSIGN_SBOM
              ? SbomDocument.Origin.COSIGN_SBOM_TAG
              : SbomDocument.Origin.SBOM_REFERRER;
      for (Descriptor layer : r.manifest().layers()) {
        if (MediaTypes.isSbom(layer.mediaType())) {
          docs.putIfAbsent(
              layer.digest(),
              new SbomDocument(
                  layer.digest(), layer.size(), layer.mediaType(), origin, r, false, null, null));
        } else {
          LOG.debug(
              "{}: referrer {} layer {} of type {} is not an SBOM document; ignored",
              describe,
              r.manifest().digest(),
              layer.digest(),
              layer.mediaType());
        }
      }
    }
    for (Evidence e : evidence) {
      if (!isSbomPredicate(e.predicateType())) {
        continue;
      }
      Optional<byte[]> predicate = predicate(e);
      if (predicate.isEmpty()) {
        continue;
      }
      byte[] bytes = predicate.get();
      Digest d = Digest.sha256Of(bytes);
      String mediaType =
          String.valueOf(e.predicateType()).startsWith("https://spdx.dev/")
              ? MediaTypes.SPDX_JSON
              : MediaTypes.CYCLONEDX_JSON;
      docs.putIfAbsent(
          d,
          new SbomDocument(
              d,
              bytes.length,
              mediaType,
              SbomDocument.Origin.ATTESTATION_PREDICATE,
              e.referrer(),
              true,
              e.predicateType(),
              bytes));
    }
    for (Evidence e : evidence) {
      ProvenanceView provenance = e.provenance();
      if (provenance == null || provenance.sbomBlobUrl().isEmpty()) {
        continue;
      }
      String url = provenance.sbomBlobUrl().get();
      Matcher m = BLOB_URL.matcher(url.trim());
      if (!m.matches()) {
        LOG.warn(
            "{}: SBOM_BLOB_URL {} of the verified provenance is not registry/repository@digest; ignored",
            describe,
            url);
        continue;
      }
      Digest d;
      try {
        d = Digest.parse(m.group(3));
      } catch (InvalidInputException ex) {
        continue;
      }
      SbomDocument known = docs.get(d);
      if (known != null) {
        // The verified provenance names this very blob: the document is covered by it.
        docs.put(
            d,
            new SbomDocument(
                known.digest(),
                known.size(),
                known.mediaType(),
                known.origin(),
                known.referrer(),
                true,
                known.predicateType(),
                known.content()));
      } else if (reference instanceof RegistryReference ref
          && ref.registry().toLowerCase(Locale.ROOT).equals(m.group(1).toLowerCase(Locale.ROOT))
          && ref.repository().equals(m.group(2))) {
        docs.put(
            d,
            new SbomDocument(
                d,
                -1,
                "application/octet-stream",
                SbomDocument.Origin.PROVENANCE_BLOB_URL,
                null,
                true,
                null,
                null));
      } else {
        LOG.debug("{}: SBOM_BLOB_URL {} names another repository; not read", describe, url);
      }
    }
    return List.copyOf(new ArrayList<>(docs.values()));
  }

  /** The predicate of an attestation or DSSE bundle, serialised as JSON. */
  private static Optional<byte[]> predicate(Evidence e) {
    try {
      DsseEnvelope envelope =
          switch (e.kind()) {
            case ATTESTATION -> DsseEnvelope.parse(e.bytes());
            case BUNDLE -> SigstoreBundle.parse(e.bytes()).envelope();
            case SIGNATURE -> null;
          };
      if (envelope == null) {
        return Optional.empty();
      }
      InTotoStatement statement = InTotoStatement.parse(envelope.payload());
      return Optional.of(Json.MAPPER.writeValueAsBytes(statement.predicate()));
    } catch (InvalidInputException | IOException ex) {
      LOG.warn("SBOM predicate of {} cannot be read: {}", e, ex.getMessage());
      return Optional.empty();
    }
  }
}
