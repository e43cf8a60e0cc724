package dev.konflux.ecosystem.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The parts of a SLSA provenance predicate (v0.2 or v1) that a release needs, in one shape for both
 * versions: who built it, how, from what, and what the build produced on the side.
 *
 * @param predicateType {@code https://slsa.dev/provenance/v0.2} or {@code
 *     https://slsa.dev/provenance/v1}
 * @param builderId {@code builder.id} (v0.2) or {@code runDetails.builder.id} (v1)
 * @param buildType {@code buildType} (v0.2) or {@code buildDefinition.buildType} (v1)
 * @param materials {@code materials} (v0.2) or {@code buildDefinition.resolvedDependencies} (v1)
 * @param parameters {@code invocation.parameters} (v0.2) or {@code
 *     buildDefinition.externalParameters} (v1), top-level keys with string values or JSON text
 * @param byproducts {@code runDetails.byproducts} (v1), or task results from {@code
 *     buildConfig.tasks[].results} (v0.2, Tekton Chains)
 */
public record ProvenanceView(
    String predicateType,
    String builderId,
    String buildType,
    List<Material> materials,
    Map<String, String> parameters,
    List<Byproduct> byproducts) {

  /** SLSA provenance v0.2. */
  public static final String SLSA_V02 = "https://slsa.dev/provenance/v0.2";

  /** SLSA provenance v1. */
  public static final String SLSA_V1 = "https://slsa.dev/provenance/v1";

  /**
   * Validates and copies.
   *
   * @param predicateType {@code https://slsa.dev/provenance/v0.2} or {@code
   *     https://slsa.dev/provenance/v1}
   * @param builderId {@code builder.id} (v0.2) or {@code runDetails.builder.id} (v1)
   * @param buildType {@code buildType} (v0.2) or {@code buildDefinition.buildType} (v1)
   * @param materials {@code materials} (v0.2) or {@code buildDefinition.resolvedDependencies} (v1)
   * @param parameters {@code invocation.parameters} (v0.2) or {@code
   *     buildDefinition.externalParameters} (v1), top-level keys with string values or JSON text
   * @param byproducts {@code runDetails.byproducts} (v1), or task results from {@code
   *     buildConfig.tasks[].results} (v0.2, Tekton Chains)
   */
  public ProvenanceView {
    Objects.requireNonNull(predicateType, "predicateType");
    materials = materials == null ? List.of() : List.copyOf(materials);
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    byproducts = byproducts == null ? List.of() : List.copyOf(byproducts);
  }

  /**
   * A build input.
   *
   * @param uri where it came from, or {@code null}
   * @param digest algorithm → hex digest (never {@code null})
   */
  public record Material(@Nullable String uri, @Nullable Map<String, String> digest) {
    /**
     * Copies.
     *
     * @param uri where it came from, or {@code null}
     * @param digest algorithm → hex digest (never {@code null})
     */
    public Material {
      digest = digest == null ? Map.of() : Map.copyOf(digest);
    }
  }

  /**
   * Something the build produced besides its outputs, e.g. a Tekton result {@code SBOM_BLOB_URL}.
   *
   * @param name the name ({@code taskRunResults/build/SBOM_BLOB_URL} or {@code SBOM_BLOB_URL})
   * @param uri its URI, or {@code null}
   * @param digest algorithm → hex digest (never {@code null})
   * @param value its inline content as text (decoded), or {@code null}
   */
  public record Byproduct(
      @Nullable String name,
      @Nullable String uri,
      @Nullable Map<String, String> digest,
      @Nullable String value) {
    /**
     * Copies.
     *
     * @param name the name ({@code taskRunResults/build/SBOM_BLOB_URL} or {@code SBOM_BLOB_URL})
     * @param uri its URI, or {@code null}
     * @param digest algorithm → hex digest (never {@code null})
     * @param value its inline content as text (decoded), or {@code null}
     */
    public Byproduct {
      digest = digest == null ? Map.of() : Map.copyOf(digest);
    }
  }

  /**
   * Finds a byproduct by its name or by its last path segment ({@code SBOM_BLOB_URL} finds {@code
   * taskRunResults/build-container/SBOM_BLOB_URL}).
   *
   * @param name the name
   * @return the first matching byproduct
   */
  public Optional<Byproduct> byproduct(String name) {
    return byproducts.stream()
        .filter(b -> name.equals(b.name()) || (b.name() != null && b.name().endsWith("/" + name)))
        .findFirst();
  }

  /**
   * @return the value of the {@code SBOM_BLOB_URL} byproduct, if any
   */
  public Optional<String> sbomBlobUrl() {
    return byproduct("SBOM_BLOB_URL").map(b -> b.value() != null ? b.value() : b.uri());
  }
}
