package dev.konflux.ecosystem.bom;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A parsed and validated SBOM, in this module's own terms so that no SBOM library type leaves the
 * module.
 *
 * @param source where the document came from
 * @param format its format and version
 * @param name the document name (SPDX {@code name}; CycloneDX has none and uses the primary
 *     component's name)
 * @param namespace the SPDX {@code documentNamespace} or CycloneDX {@code serialNumber}, or {@code
 *     null}
 * @param created the creation time as written ({@code creationInfo.created}, {@code
 *     metadata.timestamp}), or {@code null}
 * @param creators the creators (SPDX {@code Tool: x}, {@code Organization: y}; CycloneDX tools as
 *     {@code Tool: name-version})
 * @param describes ids of the elements the document describes: SPDX {@code DESCRIBES} targets,
 *     CycloneDX {@code metadata.component}; the first is the primary component
 * @param packages every package or component, nested CycloneDX components flattened
 * @param relationships the relationships, in their forward direction (see {@link SbomRelationship})
 */
public record Sbom(
    SbomSource source,
    SbomFormat format,
    String name,
    @Nullable String namespace,
    @Nullable String created,
    List<String> creators,
    List<String> describes,
    List<SbomPackage> packages,
    List<SbomRelationship> relationships) {

  /** Validates and copies. */
  public Sbom {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(name, "name");
    creators = List.copyOf(creators);
    describes = List.copyOf(describes);
    packages = List.copyOf(packages);
    relationships = List.copyOf(relationships);
  }

  /**
   * @return the primary component: the first described element that is a package
   */
  public Optional<SbomPackage> primary() {
    return described().stream().findFirst();
  }

  /**
   * @return the described elements that are packages, in document order of {@link #describes}
   */
  public List<SbomPackage> described() {
    Map<String, SbomPackage> byId = packagesById();
    return describes.stream().map(byId::get).filter(Objects::nonNull).toList();
  }

  /**
   * @return packages by id (the first wins if a document repeats an id)
   */
  public Map<String, SbomPackage> packagesById() {
    Map<String, SbomPackage> byId = new HashMap<>(packages.size() * 2);
    for (SbomPackage p : packages) {
      byId.putIfAbsent(p.id(), p);
    }
    return byId;
  }

  /**
   * @return a one-line description: format, source and package count
   */
  public String describe() {
    return format.label() + " " + source.describe() + " with " + packages.size() + " packages";
  }
}
