package dev.konflux.ecosystem.bom.internal;

import dev.konflux.ecosystem.bom.Sbom;
import dev.konflux.ecosystem.bom.SbomChecksum;
import dev.konflux.ecosystem.bom.SbomEncoding;
import dev.konflux.ecosystem.bom.SbomException;
import dev.konflux.ecosystem.bom.SbomException.Reason;
import dev.konflux.ecosystem.bom.SbomFormat;
import dev.konflux.ecosystem.bom.SbomPackage;
import dev.konflux.ecosystem.bom.SbomRelationship;
import dev.konflux.ecosystem.bom.SbomSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.OrganizationalEntity;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.Tool;
import org.cyclonedx.model.license.Acknowledgement;
import org.cyclonedx.model.license.Expression;
import org.cyclonedx.model.metadata.ToolInformation;
import org.cyclonedx.parsers.JsonParser;
import org.cyclonedx.parsers.Parser;
import org.cyclonedx.parsers.XmlParser;
import org.jspecify.annotations.Nullable;

/** Reads CycloneDX 1.4–1.6 (JSON, XML) into the view and writes the view as CycloneDX 1.6. */
public final class CycloneDxDocuments {
  private CycloneDxDocuments() {}

  /**
   * Validates against the version's schema, then parses.
   *
   * @param bytes the document (already sniffed: well-formed, no DOCTYPE)
   * @param kind its format
   * @param source the document, for errors
   * @return the view
   * @throws SbomException SCHEMA_INVALID or MALFORMED
   */
  public static Sbom read(byte[] bytes, DocumentKind kind, SbomSource source) throws SbomException {
    Version version = version(kind.format());
    Parser parser = kind.xml() ? new XmlParser() : new JsonParser();
    List<ParseException> problems;
    try {
      problems = parser.validate(bytes, version);
    } catch (IOException | RuntimeException e) {
      throw new SbomException(
          source,
          Reason.MALFORMED,
          "CycloneDX validation could not read the document",
          List.of(Messages.of(e.getMessage())),
          e);
    }
    if (!problems.isEmpty()) {
      throw new SbomException(
          source,
          Reason.SCHEMA_INVALID,
          "not valid against the CycloneDX " + kind.format().version() + " schema",
          Messages.first(problems),
          null);
    }
    Bom bom;
    try {
      bom = parser.parse(bytes);
    } catch (ParseException | RuntimeException e) {
      throw new SbomException(
          source,
          Reason.MALFORMED,
          "CycloneDX document could not be parsed",
          List.of(Messages.of(e.getMessage())),
          e);
    }
    return view(bom, kind.format(), source);
  }

  private static Version version(SbomFormat format) {
    return switch (format) {
      case CYCLONEDX_1_4 -> Version.VERSION_14;
      case CYCLONEDX_1_5 -> Version.VERSION_15;
      case CYCLONEDX_1_6 -> Version.VERSION_16;
      default -> throw new IllegalArgumentException("not CycloneDX: " + format);
    };
  }

  private static Sbom view(Bom bom, SbomFormat format, SbomSource source) {
    List<SbomPackage> packages = new ArrayList<>();
    List<SbomRelationship> relationships = new ArrayList<>();
    List<String> describes = new ArrayList<>();
    List<String> creators = new ArrayList<>();
    String created = null;
    String name = null;
    Set<String> ids = new HashSet<>();
    int[] counter = {0};
    Metadata metadata = bom.getMetadata();
    if (metadata != null) {
      if (metadata.getTimestamp() != null) {
        created = metadata.getTimestamp().toInstant().toString();
      }
      creators.addAll(tools(metadata));
      if (metadata.getProperties() != null) {
        for (Property p : metadata.getProperties()) {
          if (Properties.CREATOR.equals(p.getName()) && p.getValue() != null) {
            creators.add(p.getValue());
          } else if (Properties.DOCUMENT_NAME.equals(p.getName()) && p.getValue() != null) {
            name = p.getValue();
          }
        }
      }
      if (metadata.getComponent() != null) {
        String id = flatten(metadata.getComponent(), null, packages, relationships, ids, counter);
        describes.add(id);
        if (name == null) {
          name = metadata.getComponent().getName();
        }
      }
    }
    if (bom.getComponents() != null) {
      for (Component c : bom.getComponents()) {
        flatten(c, null, packages, relationships, ids, counter);
      }
    }
    if (bom.getDependencies() != null) {
      for (Dependency d : bom.getDependencies()) {
        if (d.getDependencies() != null) {
          for (Dependency on : d.getDependencies()) {
            relationships.add(
                new SbomRelationship(d.getRef(), SbomRelationship.DEPENDS_ON, on.getRef()));
          }
        }
      }
    }
    return new Sbom(
        source,
        format,
        name == null ? "unnamed" : name,
        bom.getSerialNumber(),
        created,
        creators,
        describes,
        packages,
        relationships);
  }

  // CycloneDX 1.4 documents carry the deprecated tools array; it must still be read.
  @SuppressWarnings("deprecation")
  private static List<String> tools(Metadata metadata) {
    List<String> out = new ArrayList<>();
    ToolInformation info = metadata.getToolChoice();
    if (info != null && info.getComponents() != null) {
      for (Component c : info.getComponents()) {
        out.add("Tool: " + c.getName() + (c.getVersion() == null ? "" : "-" + c.getVersion()));
      }
    }
    if (metadata.getTools() != null) {
      for (Tool t : metadata.getTools()) {
        out.add("Tool: " + t.getName() + (t.getVersion() == null ? "" : "-" + t.getVersion()));
      }
    }
    return out;
  }

  /** Adds the component and its nested components (as {@code CONTAINS}); returns its id. */
  private static String flatten(
      Component c,
      @Nullable String parent,
      List<SbomPackage> packages,
      List<SbomRelationship> relationships,
      Set<String> ids,
      int[] counter) {
    String id = c.getBomRef();
    if (id == null || id.isBlank() || !ids.add(id)) {
      // Components without a bom-ref cannot be the target of a dependency; give them a stable id.
      do {
        counter[0]++;
        id = "component-" + counter[0];
      } while (!ids.add(id));
    }
    packages.add(pkg(id, c));
    if (parent != null) {
      relationships.add(new SbomRelationship(parent, SbomRelationship.CONTAINS, id));
    }
    if (c.getComponents() != null) {
      for (Component child : c.getComponents()) {
        flatten(child, id, packages, relationships, ids, counter);
      }
    }
    return id;
  }

  private static SbomPackage pkg(String id, Component c) {
    List<String> purls = new ArrayList<>();
    if (c.getPurl() != null && !c.getPurl().isBlank()) {
      purls.add(c.getPurl());
    }
    List<SbomChecksum> checksums = new ArrayList<>();
    if (c.getHashes() != null) {
      for (Hash h : c.getHashes()) {
        String alg = ChecksumNames.toSpdx(h.getAlgorithm());
        if (alg != null && h.getValue() != null) {
          checksums.add(new SbomChecksum(alg, h.getValue()));
        }
      }
    }
    String declared = null;
    String concluded = null;
    LicenseChoice choice = c.getLicenses();
    if (choice != null) {
      String expression = null;
      boolean isConcluded = false;
      if (choice.getExpression() != null) {
        expression = choice.getExpression().getValue();
        isConcluded = choice.getExpression().getAcknowledgement() == Acknowledgement.CONCLUDED;
      } else if (choice.getLicenses() != null && !choice.getLicenses().isEmpty()) {
        List<String> parts = new ArrayList<>();
        for (License l : choice.getLicenses()) {
          parts.add(licenseId(l));
        }
        // CycloneDX lists several licences without saying how they combine; all of them apply.
        expression = String.join(" AND ", parts);
        isConcluded = choice.getLicenses().get(0).getAcknowledgement() == Acknowledgement.CONCLUDED;
      }
      if (isConcluded) {
        concluded = expression;
      } else {
        declared = expression;
      }
    }
    String purpose = c.getType() == null ? null : c.getType().name();
    if (c.getProperties() != null) {
      for (Property p : c.getProperties()) {
        String n = p.getName();
        String v = p.getValue();
        if (n == null || v == null) {
          continue;
        }
        if (n.equals(Properties.PURL)) {
          purls.add(v);
        } else if (n.startsWith(Properties.CHECKSUM)) {
          checksums.add(new SbomChecksum(n.substring(Properties.CHECKSUM.length()), v));
        } else if (n.equals(Properties.LICENSE_CONCLUDED)) {
          concluded = v;
        } else if (n.equals(Properties.PURPOSE)) {
          purpose = v;
        }
      }
    }
    OrganizationalEntity supplier = c.getSupplier();
    return new SbomPackage(
        id,
        c.getName() == null ? id : c.getName(),
        c.getVersion(),
        purls,
        checksums,
        declared,
        concluded,
        supplier == null ? null : supplier.getName(),
        purpose);
  }

  /** A licence as an SPDX expression term: its SPDX id, or its name as a {@code LicenseRef-}. */
  private static String licenseId(License l) {
    if (l.getId() != null && !l.getId().isBlank()) {
      return l.getId();
    }
    return LicenseRefs.of(l.getName() == null ? "unknown" : l.getName());
  }

  /**
   * @param sbom the view
   * @param encoding JSON or XML
   * @param fallbackCreated the timestamp when the view has none
   * @return CycloneDX 1.6 bytes (UTF-8)
   */
  public static byte[] write(Sbom sbom, SbomEncoding encoding, Instant fallbackCreated) {
    Bom bom = new Bom();
    bom.setSerialNumber(serialNumber(sbom));
    bom.setVersion(1);
    Metadata metadata = new Metadata();
    metadata.setTimestamp(Date.from(created(sbom, fallbackCreated)));
    ToolInformation tools = new ToolInformation();
    List<Component> toolComponents = new ArrayList<>();
    List<Property> metadataProperties = new ArrayList<>();
    for (String creator : sbom.creators()) {
      if (creator.startsWith("Tool:")) {
        Component tool = new Component();
        tool.setType(Component.Type.APPLICATION);
        tool.setName(creator.substring("Tool:".length()).trim());
        toolComponents.add(tool);
      } else {
        metadataProperties.add(new Property(Properties.CREATOR, creator));
      }
    }
    if (!toolComponents.isEmpty()) {
      tools.setComponents(toolComponents);
      metadata.setToolChoice(tools);
    }
    List<SbomPackage> described = sbom.described();
    SbomPackage primary = described.isEmpty() ? null : described.get(0);
    if (primary != null) {
      metadata.setComponent(component(primary));
      if (!sbom.name().equals(primary.name())) {
        metadataProperties.add(new Property(Properties.DOCUMENT_NAME, sbom.name()));
      }
    } else {
      metadataProperties.add(new Property(Properties.DOCUMENT_NAME, sbom.name()));
    }
    if (!metadataProperties.isEmpty()) {
      metadata.setProperties(metadataProperties);
    }
    bom.setMetadata(metadata);
    List<Component> components = new ArrayList<>();
    for (SbomPackage p : sbom.packages()) {
      if (!p.equals(primary)) {
        components.add(component(p));
      }
    }
    bom.setComponents(components);
    Map<String, SbomPackage> byId = sbom.packagesById();
    Map<String, Set<String>> graph = new LinkedHashMap<>();
    for (SbomRelationship r : sbom.relationships()) {
      if (r.isGraphEdge() && byId.containsKey(r.from()) && byId.containsKey(r.to())) {
        graph.computeIfAbsent(r.from(), k -> new LinkedHashSet<>()).add(r.to());
      }
    }
    if (!graph.isEmpty()) {
      List<Dependency> dependencies = new ArrayList<>(graph.size());
      for (Map.Entry<String, Set<String>> e : graph.entrySet()) {
        Dependency d = new Dependency(e.getKey());
        List<Dependency> on = new ArrayList<>(e.getValue().size());
        for (String to : e.getValue()) {
          on.add(new Dependency(to));
        }
        d.setDependencies(on);
        dependencies.add(d);
      }
      bom.setDependencies(dependencies);
    }
    try {
      String text =
          encoding == SbomEncoding.JSON
              ? BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonString()
              : BomGeneratorFactory.createXml(Version.VERSION_16, bom).toXmlString();
      return text.getBytes(StandardCharsets.UTF_8);
    } catch (GeneratorException e) {
      throw new IllegalStateException("CycloneDX generation failed: " + e.getMessage(), e);
    }
  }

  private static String serialNumber(Sbom sbom) {
    String ns = sbom.namespace();
    if (ns != null
        && ns.matches(
            "urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
      return ns;
    }
    String seed = ns != null ? ns : sbom.source().digest().toString();
    return "urn:uuid:" + UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
  }

  static Instant created(Sbom sbom, Instant fallback) {
    if (sbom.created() != null) {
      try {
        return Instant.parse(sbom.created());
      } catch (DateTimeParseException e) {
        return fallback;
      }
    }
    return fallback;
  }

  private static Component component(SbomPackage p) {
    Component c = new Component();
    c.setBomRef(p.id());
    c.setName(p.name());
    if (p.version() != null) {
      c.setVersion(p.version());
    }
    List<Property> properties = new ArrayList<>();
    Component.Type type = type(p.purpose());
    c.setType(type == null ? Component.Type.LIBRARY : type);
    if (type == null && p.purpose() != null) {
      properties.add(new Property(Properties.PURPOSE, p.purpose()));
    }
    if (!p.purls().isEmpty()) {
      c.setPurl(p.purls().get(0));
      for (String extra : p.purls().subList(1, p.purls().size())) {
        properties.add(new Property(Properties.PURL, extra));
      }
    }
    List<Hash> hashes = new ArrayList<>();
    for (SbomChecksum ch : p.checksums()) {
      String alg = ChecksumNames.toCycloneDx(ch.algorithm());
      if (alg != null && ChecksumNames.cycloneDxAccepts(ch.value())) {
        hashes.add(new Hash(alg, ch.value()));
      } else {
        properties.add(new Property(Properties.CHECKSUM + ch.algorithm(), ch.value()));
      }
    }
    if (!hashes.isEmpty()) {
      c.setHashes(hashes);
    }
    String licence = p.licenseDeclared() != null ? p.licenseDeclared() : p.licenseConcluded();
    if (licence != null) {
      LicenseChoice choice = new LicenseChoice();
      Expression expression = new Expression(licence);
      expression.setAcknowledgement(
          p.licenseDeclared() != null ? Acknowledgement.DECLARED : Acknowledgement.CONCLUDED);
      choice.setExpression(expression);
      c.setLicenses(choice);
      if (p.licenseDeclared() != null && p.licenseConcluded() != null) {
        properties.add(new Property(Properties.LICENSE_CONCLUDED, p.licenseConcluded()));
      }
    }
    if (p.supplier() != null) {
      OrganizationalEntity supplier = new OrganizationalEntity();
      supplier.setName(p.supplier());
      c.setSupplier(supplier);
    }
    if (!properties.isEmpty()) {
      c.setProperties(properties);
    }
    return c;
  }

  private static Component.@Nullable Type type(@Nullable String purpose) {
    if (purpose == null) {
      return null;
    }
    try {
      return Component.Type.valueOf(purpose.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
