package dev.konflux.ecosystem.bom;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One package (SPDX) or component (CycloneDX) of an SBOM.
 *
 * @param id its id in the document (SPDX {@code SPDXID}, CycloneDX {@code bom-ref})
 * @param name its name
 * @param version its version, or {@code null}
 * @param purls its package URLs (SPDX {@code PACKAGE-MANAGER purl} external references, the
 *     CycloneDX component's package URL); the first is the main one
 * @param checksums its checksums
 * @param licenseDeclared the declared licence as an SPDX expression, or {@code null}
 * @param licenseConcluded the concluded licence as an SPDX expression, or {@code null}
 * @param supplier the supplier's name (without SPDX's {@code Organization:} or {@code Person:}
 *     prefix), or {@code null}
 * @param purpose the SPDX primary package purpose ({@code APPLICATION}, {@code LIBRARY}, {@code
 *     CONTAINER}, …) or the CycloneDX type mapped to it, or {@code null}
 */
public record SbomPackage(
    String id,
    String name,
    @Nullable String version,
    List<String> purls,
    List<SbomChecksum> checksums,
    @Nullable String licenseDeclared,
    @Nullable String licenseConcluded,
    @Nullable String supplier,
    @Nullable String purpose) {

  /** Validates and copies. */
  public SbomPackage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    purls = List.copyOf(purls);
    checksums = List.copyOf(checksums);
  }

  /**
   * @return the main purl, or {@code null}
   */
  public @Nullable String purl() {
    return purls.isEmpty() ? null : purls.get(0);
  }

  /**
   * @return its SHA-256 checksums' hex values
   */
  public List<String> sha256() {
    return checksums.stream().filter(SbomChecksum::isSha256).map(SbomChecksum::value).toList();
  }
}
