package dev.konflux.ecosystem.internal.sbom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.konflux.ecosystem.api.SbomDocument;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The one SBOM finder: referrers, verified attestation predicates, the provenance's SBOM_BLOB_URL.
 */
class SbomFinderTest {
  private static final Descriptor CONFIG = Descriptor.of(MediaTypes.OCI_EMPTY, digest("{}"), 2);
  private static final byte[] SPDX =
      "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8);

  private static Digest digest(String s) {
    return Digest.sha256Of(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Manifest manifest(String seed, String artifactType, Descriptor... layers) {
    return new Manifest(
        digest(seed),
        100,
        MediaTypes.OCI_MANIFEST,
        artifactType,
        CONFIG,
        List.of(layers),
        null,
        Map.of());
  }

  private static ComponentArtifact artifact(List<Referrer> referrers) throws InvalidInputException {
    Manifest m =
        manifest(
            "artifact",
            MediaTypes.ARTIFACT_RPM_BUILD,
            Descriptor.of(MediaTypes.RPM, digest("rpm"), 10));
    return new ComponentArtifact(
        "comp", ArtifactReference.parse("quay.io/ns/repo@" + m.digest()), m.digest(), m, referrers);
  }

  private static Referrer sbomReferrer(Referrer.Kind kind, byte[] sbom) {
    Manifest m =
        manifest(
            "sbom-" + kind,
            MediaTypes.COSIGN_SBOM_ARTIFACT,
            Descriptor.of(MediaTypes.SPDX_JSON, Digest.sha256Of(sbom), sbom.length));
    return new Referrer(
        kind,
        kind == Referrer.Kind.COSIGN_SBOM
            ? Referrer.Discovery.COSIGN_TAG
            : Referrer.Discovery.REFERRERS_API,
        digest("artifact"),
        m);
  }

  private static Evidence attestation(String predicateType, String predicateJson) {
    String statement =
        "{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicateType\":\""
            + predicateType
            + "\",\"subject\":[{\"name\":\"x\",\"digest\":{\"sha256\":\""
            + digest("artifact").hex()
            + "\"}}],"
            + "\"predicate\":"
            + predicateJson
            + "}";
    byte[] envelope =
        ("{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\""
                + Base64.getEncoder().encodeToString(statement.getBytes(StandardCharsets.UTF_8))
                + "\",\"signatures\":[{\"keyid\":\"\",\"sig\":\""
                + Base64.getEncoder().encodeToString(new byte[] {1})
                + "\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    Descriptor layer =
        Descriptor.of(MediaTypes.DSSE_ENVELOPE, Digest.sha256Of(envelope), envelope.length);
    Referrer r =
        new Referrer(
            Referrer.Kind.COSIGN_ATTESTATION,
            Referrer.Discovery.COSIGN_TAG,
            digest("artifact"),
            manifest("att-" + predicateType, null, layer));
    return new Evidence(
        r,
        layer.digest(),
        layer.mediaType(),
        Evidence.Kind.ATTESTATION,
        predicateType,
        envelope,
        null,
        "SHA256:key");
  }

  private static Evidence provenance(String sbomBlobUrl) {
    ProvenanceView view =
        new ProvenanceView(
            ProvenanceView.SLSA_V02,
            "builder",
            "type",
            List.of(),
            Map.of(),
            List.of(
                new ProvenanceView.Byproduct(
                    "taskRunResults/build/SBOM_BLOB_URL", null, Map.of(), sbomBlobUrl)));
    Evidence att = attestation(ProvenanceView.SLSA_V02, "{}");
    return new Evidence(
        att.referrer(),
        att.layer(),
        att.mediaType(),
        att.kind(),
        ProvenanceView.SLSA_V02,
        att.bytes(),
        view,
        att.signer());
  }

  @Test
  void sbomReferrersAreFoundOnceUnsigned() throws Exception {
    List<SbomDocument> docs =
        SbomFinder.find(
            artifact(
                List.of(
                    sbomReferrer(Referrer.Kind.COSIGN_SBOM, SPDX),
                    sbomReferrer(Referrer.Kind.SBOM, SPDX))),
            List.of());
    assertEquals(1, docs.size());
    SbomDocument d = docs.get(0);
    assertEquals(SbomDocument.Origin.COSIGN_SBOM_TAG, d.origin());
    assertEquals(Digest.sha256Of(SPDX), d.digest());
    assertEquals(MediaTypes.SPDX_JSON, d.mediaType());
    assertFalse(d.signed());
    assertArrayEquals(SPDX, d.open(desc -> new java.io.ByteArrayInputStream(SPDX)).readAllBytes());
  }

  @Test
  void anSbomPredicateOfAVerifiedAttestationIsASignedDocument() throws Exception {
    List<SbomDocument> docs =
        SbomFinder.find(
            artifact(List.of()),
            List.of(attestation("https://cyclonedx.org/bom", "{\"bomFormat\":\"CycloneDX\"}")));
    assertEquals(1, docs.size());
    SbomDocument d = docs.get(0);
    assertEquals(SbomDocument.Origin.ATTESTATION_PREDICATE, d.origin());
    assertEquals(MediaTypes.CYCLONEDX_JSON, d.mediaType());
    assertTrue(d.signed());
    assertEquals("https://cyclonedx.org/bom", d.predicateType());
    byte[] content =
        d.open(
                desc -> {
                  throw new AssertionError("a held predicate is not read from the source");
                })
            .readAllBytes();
    assertEquals("{\"bomFormat\":\"CycloneDX\"}", new String(content, StandardCharsets.UTF_8));
    assertEquals(Digest.sha256Of(content), d.digest());
  }

  @Test
  void theProvenanceBlobUrlSignsTheDocumentItNames() throws Exception {
    List<SbomDocument> docs =
        SbomFinder.find(
            artifact(List.of(sbomReferrer(Referrer.Kind.SBOM, SPDX))),
            List.of(provenance("quay.io/ns/repo@" + Digest.sha256Of(SPDX))));
    assertEquals(1, docs.size());
    assertEquals(SbomDocument.Origin.SBOM_REFERRER, docs.get(0).origin());
    assertTrue(docs.get(0).signed());
  }

  @Test
  void aBlobUrlNoReferrerCarriesIsAddedForTheSameRepositoryOnly() throws Exception {
    Digest other = digest("another sbom");
    List<SbomDocument> same =
        SbomFinder.find(artifact(List.of()), List.of(provenance("quay.io/ns/repo@" + other)));
    assertEquals(1, same.size());
    SbomDocument d = same.get(0);
    assertEquals(SbomDocument.Origin.PROVENANCE_BLOB_URL, d.origin());
    assertEquals(other, d.digest());
    assertEquals(-1, d.size());
    assertNull(d.referrer());
    assertTrue(d.signed());
    assertThrows(
        InvalidInputException.class,
        () ->
            d.open(
                desc -> {
                  throw new AssertionError("not opened");
                }));
    assertEquals(
        List.of(),
        SbomFinder.find(artifact(List.of()), List.of(provenance("quay.io/other/repo@" + other))));
  }

  @Test
  void classifyUsesTheFinder() {
    assertEquals(
        Referrer.Kind.SBOM, Referrer.classify(sbomReferrer(Referrer.Kind.SBOM, SPDX).manifest()));
    assertTrue(SbomFinder.isSbomPredicate("https://spdx.dev/Document/v2.3"));
    assertFalse(SbomFinder.isSbomPredicate(ProvenanceView.SLSA_V1));
  }

  @Property
  void anyBlobUrlGivesAtMostOneDocumentAndNeverThrows(@ForAll String url) throws Exception {
    List<SbomDocument> docs = SbomFinder.find(artifact(List.of()), List.of(provenance(url)));
    assertTrue(docs.size() <= 1, docs.toString());
    docs.forEach(d -> assertEquals(SbomDocument.Origin.PROVENANCE_BLOB_URL, d.origin()));
  }
}
