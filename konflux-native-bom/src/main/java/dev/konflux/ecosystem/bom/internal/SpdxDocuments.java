package dev.konflux.ecosystem.bom.internal;

import dev.konflux.ecosystem.bom.Sbom;
import dev.konflux.ecosystem.bom.SbomChecksum;
import dev.konflux.ecosystem.bom.SbomException;
import dev.konflux.ecosystem.bom.SbomException.Reason;
import dev.konflux.ecosystem.bom.SbomFormat;
import dev.konflux.ecosystem.bom.SbomPackage;
import dev.konflux.ecosystem.bom.SbomRelationship;
import dev.konflux.ecosystem.bom.SbomSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.spdx.core.InvalidSPDXAnalysisException;
import org.spdx.core.TypedValue;
import org.spdx.jacksonstore.MultiFormatStore;
import org.spdx.library.LicenseInfoFactory;
import org.spdx.library.ModelCopyManager;
import org.spdx.library.model.v2.Checksum;
import org.spdx.library.model.v2.ExternalRef;
import org.spdx.library.model.v2.ReferenceType;
import org.spdx.library.model.v2.Relationship;
import org.spdx.library.model.v2.SpdxConstantsCompatV2;
import org.spdx.library.model.v2.SpdxDocument;
import org.spdx.library.model.v2.SpdxElement;
import org.spdx.library.model.v2.SpdxPackage;
import org.spdx.library.model.v2.enumerations.ChecksumAlgorithm;
import org.spdx.library.model.v2.enumerations.Purpose;
import org.spdx.library.model.v2.enumerations.ReferenceCategory;
import org.spdx.library.model.v2.enumerations.RelationshipType;
import org.spdx.library.model.v2.license.AnyLicenseInfo;
import org.spdx.library.model.v2.license.ExtractedLicenseInfo;
import org.spdx.storage.simple.InMemSpdxStore;

/** Reads SPDX 2.3 JSON with java-spdx-library's JSON store into the view, and writes the view. */
public final class SpdxDocuments {
  private static final String PURL_TYPE =
      SpdxConstantsCompatV2.SPDX_LISTED_REFERENCE_TYPES_PREFIX + "purl";
  private static final String SPEC = "SPDX-2.3";

  private SpdxDocuments() {}

  /**
   * @param bytes the document (already sniffed: well-formed SPDX-2.3 JSON)
   * @param source the document, for errors
   * @param verify whether the library's {@code verify()} must report nothing
   * @return the view
   * @throws SbomException MALFORMED, SCHEMA_INVALID or NO_DESCRIBES
   */
  public static Sbom read(byte[] bytes, SbomSource source, boolean verify) throws SbomException {
    SpdxLibrary.ensureInitialised();
    MultiFormatStore store =
        new MultiFormatStore(new InMemSpdxStore(), MultiFormatStore.Format.JSON);
    SpdxDocument doc;
    try {
      doc = store.deSerialize(new ByteArrayInputStream(bytes), false);
    } catch (InvalidSPDXAnalysisException | IOException | RuntimeException e) {
      throw new SbomException(
          source,
          Reason.MALFORMED,
          "SPDX document could not be parsed",
          List.of(Messages.of(e.getMessage())),
          e);
    }
    try {
      if (doc.getDocumentDescribes().isEmpty()) {
        throw new SbomException(
            source,
            Reason.NO_DESCRIBES,
            "SPDX document has no DESCRIBES relationship, so nothing says which package it is about",
            List.of(),
            null);
      }
      if (verify) {
        List<String> problems = doc.verify(SPEC);
        if (!problems.isEmpty()) {
          throw new SbomException(
              source,
              Reason.SCHEMA_INVALID,
              "SPDX document does not verify",
              Messages.first(problems),
              null);
        }
      }
      return view(doc, store, source);
    } catch (InvalidSPDXAnalysisException | RuntimeException e) {
      throw new SbomException(
          source,
          Reason.MALFORMED,
          "SPDX document could not be read",
          List.of(Messages.of(e.getMessage())),
          e);
    }
  }

  private static Sbom view(SpdxDocument doc, MultiFormatStore store, SbomSource source)
      throws InvalidSPDXAnalysisException {
    String docUri = doc.getDocumentUri();
    List<String> describes = new ArrayList<>();
    for (SpdxElement e : doc.getDocumentDescribes()) {
      describes.add(e.getId());
    }
    List<SbomPackage> packages = new ArrayList<>();
    List<SbomRelationship> relationships = new ArrayList<>();
    for (String id : describes) {
      relationships.add(new SbomRelationship(doc.getId(), SbomRelationship.DESCRIBES, id));
    }
    List<String> ids;
    try (var items = store.getAllItems(docUri, SpdxConstantsCompatV2.CLASS_SPDX_PACKAGE)) {
      ids =
          items
              .map(TypedValue::getObjectUri)
              .map(uri -> uri.substring(uri.indexOf('#') + 1))
              .collect(Collectors.toList());
    }
    for (String id : ids) {
      SpdxPackage p = new SpdxPackage(store, docUri, id, doc.getCopyManager(), false);
      packages.add(pkg(p));
      addRelationships(p, relationships);
    }
    addRelationships(doc, relationships);
    List<String> creators = new ArrayList<>();
    String created = null;
    if (doc.getCreationInfo() != null) {
      creators.addAll(doc.getCreationInfo().getCreators());
      created = doc.getCreationInfo().getCreated();
    }
    return new Sbom(
        source,
        SbomFormat.SPDX_2_3,
        doc.getName().orElse("unnamed"),
        docUri,
        created,
        creators,
        describes,
        packages,
        relationships);
  }

  private static void addRelationships(SpdxElement element, List<SbomRelationship> out)
      throws InvalidSPDXAnalysisException {
    for (Relationship r : element.getRelationships()) {
      RelationshipType type = r.getRelationshipType();
      Optional<SpdxElement> related = r.getRelatedSpdxElement();
      if (type == null || related.isEmpty() || type == RelationshipType.DESCRIBES) {
        continue; // DESCRIBES was taken from the document's describes list
      }
      String from = element.getId();
      String to = related.get().getId();
      switch (type) {
        case DEPENDENCY_OF -> out.add(new SbomRelationship(to, SbomRelationship.DEPENDS_ON, from));
        case CONTAINED_BY -> out.add(new SbomRelationship(to, SbomRelationship.CONTAINS, from));
        default -> out.add(new SbomRelationship(from, type.name(), to));
      }
    }
  }

  private static SbomPackage pkg(SpdxPackage p) throws InvalidSPDXAnalysisException {
    List<String> purls = new ArrayList<>();
    for (ExternalRef ref : p.getExternalRefs()) {
      if (ref.getReferenceCategory() == ReferenceCategory.PACKAGE_MANAGER
          && ref.getReferenceType() != null
          && PURL_TYPE.equals(ref.getReferenceType().getIndividualURI())) {
        purls.add(ref.getReferenceLocator());
      }
    }
    List<SbomChecksum> checksums = new ArrayList<>();
    for (Checksum c : p.getChecksums()) {
      checksums.add(new SbomChecksum(c.getAlgorithm().name().replace('_', '-'), c.getValue()));
    }
    return new SbomPackage(
        p.getId(),
        p.getName().orElse(p.getId()),
        p.getVersionInfo().orElse(null),
        purls,
        checksums,
        licence(p.getLicenseDeclared()),
        licence(p.getLicenseConcluded()),
        supplier(p.getSupplier().orElse(null)),
        p.getPrimaryPurpose().map(Enum::name).orElse(null));
  }

  private static @Nullable String licence(@Nullable AnyLicenseInfo info) {
    if (info == null) {
      return null;
    }
    String text = info.toString();
    return text == null || text.equals("NOASSERTION") ? null : text;
  }

  private static @Nullable String supplier(@Nullable String supplier) {
    if (supplier == null || supplier.equals("NOASSERTION")) {
      return null;
    }
    for (String prefix : List.of("Organization:", "Person:", "Tool:")) {
      if (supplier.startsWith(prefix)) {
        return supplier.substring(prefix.length()).trim();
      }
    }
    return supplier;
  }

  /**
   * @param sbom the view
   * @param fallbackCreated the creation time when the view has none
   * @return SPDX 2.3 JSON bytes
   */
  public static byte[] write(Sbom sbom, Instant fallbackCreated) {
    SpdxLibrary.ensureInitialised();
    try {
      return serialize(sbom, fallbackCreated);
    } catch (InvalidSPDXAnalysisException | IOException e) {
      throw new IllegalStateException(
          "SPDX generation failed for " + sbom.describe() + ": " + e.getMessage(), e);
    }
  }

  private static byte[] serialize(Sbom sbom, Instant fallbackCreated)
      throws InvalidSPDXAnalysisException, IOException {
    MultiFormatStore store =
        new MultiFormatStore(new InMemSpdxStore(), MultiFormatStore.Format.JSON_PRETTY);
    ModelCopyManager copies = new ModelCopyManager();
    String docUri = namespace(sbom);
    SpdxDocument doc = new SpdxDocument(store, docUri, copies, true);
    doc.setSpecVersion(SPEC);
    doc.setName(sbom.name());
    doc.setDataLicense(
        LicenseInfoFactory.parseSPDXLicenseStringCompatV2("CC0-1.0", store, docUri, copies));
    List<String> creators = new ArrayList<>(sbom.creators());
    if (creators.stream().noneMatch(c -> c.startsWith("Tool:"))) {
      creators.add("Tool: konflux-native");
    }
    doc.setCreationInfo(
        doc.createCreationInfo(
            creators,
            CycloneDxDocuments.created(sbom, fallbackCreated)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString()));

    SpdxIds spdxIds = new SpdxIds();
    Map<String, SpdxPackage> byId = new HashMap<>();
    Set<String> extracted = new HashSet<>();
    for (SbomPackage p : sbom.packages()) {
      if (byId.containsKey(p.id())) {
        continue;
      }
      String id = spdxIds.of(p.id());
      AnyLicenseInfo concluded =
          licence(p.licenseConcluded(), doc, store, docUri, copies, extracted);
      AnyLicenseInfo declared = licence(p.licenseDeclared(), doc, store, docUri, copies, extracted);
      SpdxPackage.SpdxPackageBuilder b =
          doc.createPackage(id, p.name(), concluded, "NOASSERTION", declared)
              .setDownloadLocation("NOASSERTION")
              .setFilesAnalyzed(false);
      if (p.version() != null) {
        b.setVersionInfo(p.version());
      }
      if (p.supplier() != null) {
        b.setSupplier("Organization: " + p.supplier());
      }
      Purpose purpose = purpose(p.purpose());
      if (purpose != null) {
        b.setPrimaryPurpose(purpose);
      }
      for (SbomChecksum c : p.checksums()) {
        ChecksumAlgorithm alg = algorithm(c.algorithm());
        if (alg != null) {
          b.addChecksum(doc.createChecksum(alg, c.value()));
        }
      }
      for (String purl : p.purls()) {
        b.addExternalRef(
            doc.createExternalRef(
                ReferenceCategory.PACKAGE_MANAGER, new ReferenceType(PURL_TYPE), purl, null));
      }
      byId.put(p.id(), b.build());
    }
    List<SpdxElement> describedElements = new ArrayList<>();
    for (String id : sbom.describes()) {
      SpdxPackage p = byId.get(id);
      if (p != null) {
        describedElements.add(p);
      }
    }
    if (describedElements.isEmpty()) {
      // SPDX requires the document to describe something; without a primary component it
      // describes every package.
      describedElements.addAll(byId.values());
    }
    for (SpdxElement e : describedElements) {
      doc.addRelationship(doc.createRelationship(e, RelationshipType.DESCRIBES, null));
    }
    for (SbomRelationship r : sbom.relationships()) {
      SpdxPackage from = byId.get(r.from());
      SpdxPackage to = byId.get(r.to());
      RelationshipType type = relationshipType(r.type());
      if (from != null && to != null && type != null && type != RelationshipType.DESCRIBES) {
        from.addRelationship(doc.createRelationship(to, type, null));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.serialize(out);
    return out.toByteArray();
  }

  private static String namespace(Sbom sbom) {
    String ns = sbom.namespace();
    if (ns != null
        && (ns.startsWith("https://") || ns.startsWith("http://"))
        && !ns.contains("#")) {
      return ns;
    }
    String seed = ns != null ? ns : sbom.source().digest().toString();
    return "https://konflux-native.invalid/spdx/"
        + sbom.name().replaceAll("[^A-Za-z0-9._-]", "-")
        + "-"
        + UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
  }

  private static final java.util.regex.Pattern LICENSE_REF =
      java.util.regex.Pattern.compile("LicenseRef-[A-Za-z0-9.-]+");

  private static AnyLicenseInfo licence(
      @Nullable String expression,
      SpdxDocument doc,
      MultiFormatStore store,
      String docUri,
      ModelCopyManager copies,
      Set<String> extracted)
      throws InvalidSPDXAnalysisException {
    String text = expression == null ? "NOASSERTION" : expression;
    declareLicenseRefs(text, doc, extracted);
    try {
      return LicenseInfoFactory.parseSPDXLicenseStringCompatV2(text, store, docUri, copies);
    } catch (InvalidSPDXAnalysisException | RuntimeException e) {
      // Not an SPDX expression (a CycloneDX licence name with spaces, say): keep it as a
      // LicenseRef.
      String ref = LicenseRefs.of(text);
      declareLicenseRefs(ref, doc, extracted);
      return LicenseInfoFactory.parseSPDXLicenseStringCompatV2(ref, store, docUri, copies);
    }
  }

  /**
   * Every {@code LicenseRef-} an expression uses must be declared in the document with its text, or
   * {@code verify()} reports it; the source gave only the name, so the text says so.
   */
  private static void declareLicenseRefs(String expression, SpdxDocument doc, Set<String> extracted)
      throws InvalidSPDXAnalysisException {
    java.util.regex.Matcher m = LICENSE_REF.matcher(expression);
    while (m.find()) {
      String id = m.group();
      if (extracted.add(id)) {
        ExtractedLicenseInfo info =
            doc.createExtractedLicense(
                id,
                "The licence named "
                    + id.substring("LicenseRef-".length())
                    + " (the source SBOM gave no licence text).");
        info.setName(id.substring("LicenseRef-".length()));
        doc.addExtractedLicenseInfos(info);
      }
    }
  }

  private static @Nullable ChecksumAlgorithm algorithm(String spdx) {
    try {
      ChecksumAlgorithm a = ChecksumAlgorithm.valueOf(spdx.replace('-', '_'));
      return a == ChecksumAlgorithm.MISSING ? null : a;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static @Nullable Purpose purpose(@Nullable String purpose) {
    if (purpose == null) {
      return null;
    }
    try {
      return Purpose.valueOf(purpose.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Purpose.OTHER;
    }
  }

  private static @Nullable RelationshipType relationshipType(String type) {
    try {
      return RelationshipType.valueOf(type);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** SPDX ids ({@code SPDXRef-[A-Za-z0-9.-]+}) for arbitrary CycloneDX bom-refs, unique. */
  private static final class SpdxIds {
    private final Map<String, String> ids = new HashMap<>();
    private final Set<String> used = new HashSet<>();

    String of(String ref) {
      return ids.computeIfAbsent(
          ref,
          r -> {
            String base =
                r.startsWith("SPDXRef-")
                        && r.length() > 8
                        && r.substring(8).matches("[A-Za-z0-9.-]+")
                    ? r
                    : "SPDXRef-" + r.replaceAll("[^A-Za-z0-9.-]", "-");
            if (base.equals("SPDXRef-DOCUMENT") || base.equals("SPDXRef-")) {
              base = base + "-package";
            }
            String id = base;
            for (int n = 2; !used.add(id); n++) {
              id = base + "-" + n;
            }
            return id;
          });
    }
  }
}
