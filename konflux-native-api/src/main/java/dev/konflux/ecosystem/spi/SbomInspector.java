package dev.konflux.ecosystem.spi;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Parses, validates and matches one SBOM document against the artifact being released. Found with
 * {@link ServiceLoader}; the implementation lives in {@code konflux-native-bom} so that the api
 * module carries no SBOM library. The verification gate calls it for every SBOM it found; {@code
 * --require-sbom} is met only by an inspection whose {@link SbomInspection#satisfiesRequirement()}
 * holds: a parsed, valid SBOM, covered by a verified signature or attestation, that describes the
 * artifact.
 *
 * <p>An inspector never throws for a bad document: malformed, schema-invalid, oversized or
 * mismatching SBOMs come back as a failed inspection whose decision names the SBOM, its referrer
 * and the reason, so the policy decides whether that stops the release.
 */
public interface SbomInspector {

  /**
   * @return a short name for messages and the release record, e.g. "konflux-native-bom"
   */
  String name();

  /**
   * @param request the SBOM, where it came from and what it should describe
   * @return the result, with the verification decision to record
   */
  SbomInspection inspect(SbomInspectionRequest request);

  /**
   * @return the inspector installed on the class path (the first one {@link ServiceLoader} finds),
   *     or empty when {@code konflux-native-bom} is absent
   */
  static Optional<SbomInspector> installed() {
    return ServiceLoader.load(SbomInspector.class, SbomInspector.class.getClassLoader())
        .findFirst();
  }
}
