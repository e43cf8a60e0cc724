package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.SbomDocument;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link SbomInspector} needs: the SBOM's bytes and provenance, and the artifact it must
 * describe.
 *
 * @param component the component name (for the decision)
 * @param subject the artifact's root digest (its manifest or index), the decision's subject
 * @param sbom the digest of the SBOM document (blob or predicate bytes)
 * @param size the SBOM's declared size in bytes, or -1 when unknown; a declared size over the
 *     inspector's limit fails before any byte is read
 * @param mediaType the SBOM's media type ({@code text/spdx+json}, {@code
 *     application/vnd.cyclonedx+json} or {@code +xml}); a generic JSON type is sniffed
 * @param referrer the digest of the referrer manifest that carried it, or {@code null} (e.g. a
 *     provenance blob URL)
 * @param signed whether a verified signature or attestation covers the SBOM (an attestation
 *     predicate, a signed SBOM referrer)
 * @param expected what the SBOM's primary component should describe
 * @param content opens the SBOM's bytes; the stream verifies the digest as it is read
 */
public record SbomInspectionRequest(
    String component,
    Digest subject,
    Digest sbom,
    long size,
    String mediaType,
    @Nullable Digest referrer,
    boolean signed,
    ExpectedArtifact expected,
    Content content) {

  /** Opens the SBOM document's bytes; the caller closes the stream. */
  @FunctionalInterface
  public interface Content {
    /**
     * @return a fresh stream over the document
     * @throws IOException if reading fails
     * @throws KonfluxNativeException if the blob cannot be opened
     */
    InputStream open() throws IOException, KonfluxNativeException;
  }

  /**
   * What the released artifact is, in the terms an SBOM uses. An SBOM describes the artifact when
   * its primary component (a {@code DESCRIBES} target in SPDX, {@code metadata.component} in
   * CycloneDX) carries a purl that matches one of {@code purls}, a {@code pkg:oci} purl whose
   * version is one of {@code manifests}, or a SHA-256 checksum equal to one of {@code files}; and
   * no SHA-256 checksum of it contradicts {@code files} when those are given.
   *
   * @param manifests the artifact's manifest and index digests
   * @param files digests of the files it releases (RPMs, wheels, jars), possibly empty
   * @param purls purls the target derived from the files (e.g. {@code
   *     pkg:rpm/redhat/bash@5.1-2.el9?arch=x86_64}), possibly empty; qualifiers present on both
   *     sides must agree, others are ignored
   */
  public record ExpectedArtifact(List<Digest> manifests, List<Digest> files, List<String> purls) {
    /**
     * Copies.
     *
     * @param manifests the artifact's manifest and index digests
     * @param files digests of the files it releases (RPMs, wheels, jars), possibly empty
     * @param purls purls the target derived from the files (e.g. {@code
     *     pkg:rpm/redhat/bash@5.1-2.el9?arch=x86_64}), possibly empty; qualifiers present on both
     *     sides must agree, others are ignored
     */
    public ExpectedArtifact {
      manifests = List.copyOf(manifests);
      files = List.copyOf(files);
      purls = List.copyOf(purls);
    }

    /**
     * @param manifest the artifact's manifest digest
     * @return an expectation naming only the manifest (an image's {@code pkg:oci} purl)
     */
    public static ExpectedArtifact ofManifest(Digest manifest) {
      return new ExpectedArtifact(List.of(manifest), List.of(), List.of());
    }
  }

  /**
   * Validates.
   *
   * @param component the component name (for the decision)
   * @param subject the artifact's root digest (its manifest or index), the decision's subject
   * @param sbom the digest of the SBOM document (blob or predicate bytes)
   * @param size the SBOM's declared size in bytes, or -1 when unknown; a declared size over the
   *     inspector's limit fails before any byte is read
   * @param mediaType the SBOM's media type ({@code text/spdx+json}, {@code
   *     application/vnd.cyclonedx+json} or {@code +xml}); a generic JSON type is sniffed
   * @param referrer the digest of the referrer manifest that carried it, or {@code null} (e.g. a
   *     provenance blob URL)
   * @param signed whether a verified signature or attestation covers the SBOM (an attestation
   *     predicate, a signed SBOM referrer)
   * @param expected what the SBOM's primary component should describe
   * @param content opens the SBOM's bytes; the stream verifies the digest as it is read
   */
  public SbomInspectionRequest {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(sbom, "sbom");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(content, "content");
  }

  /**
   * The request for an SBOM the core's SBOM finder found.
   *
   * @param component the component name
   * @param subject the artifact's root digest
   * @param document the SBOM as found (its {@code signed} flag says whether verified evidence
   *     covers it)
   * @param blobs the artifact's verifying blob reader, which opens blob SBOMs
   * @param expected what the SBOM should describe
   * @return the request
   */
  public static SbomInspectionRequest of(
      String component,
      Digest subject,
      SbomDocument document,
      BlobReader blobs,
      ExpectedArtifact expected) {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(blobs, "blobs");
    return new SbomInspectionRequest(
        component,
        subject,
        document.digest(),
        document.size(),
        document.mediaType(),
        document.referrer() == null ? null : document.referrer().manifest().digest(),
        document.signed(),
        expected,
        () -> document.open(blobs));
  }

  /**
   * @return "SBOM sha256:… (referrer sha256:…) of component X" for messages
   */
  public String describe() {
    return "SBOM "
        + sbom
        + (referrer == null ? "" : " (referrer " + referrer + ")")
        + " of component "
        + component;
  }
}
