package dev.konflux.ecosystem.api;

import java.util.Optional;

/**
 * Where an artifact lives: in a registry ({@link RegistryReference}) or in an OCI image layout on
 * disk ({@link LayoutReference}). Parse either form with {@link #parse(String)}.
 */
public sealed interface ArtifactReference permits RegistryReference, LayoutReference {

  /** Scheme of registry references. */
  String SCHEME_REGISTRY = "registry";

  /** Scheme of OCI layout references. */
  String SCHEME_OCI_LAYOUT = "oci-layout";

  /**
   * @return the scheme that chooses the source provider
   */
  String scheme();

  /**
   * @return the tag, if the reference names one
   */
  Optional<String> tag();

  /**
   * @return the digest, if the reference pins one
   */
  Optional<Digest> digest();

  /**
   * @param digest a manifest digest
   * @return the same location pinned to that digest (the tag is kept for display)
   */
  ArtifactReference withDigest(Digest digest);

  /**
   * Parses {@code oci-layout:DIR[:tag|@digest]} (a {@code DIR} ending in {@code .tar} is an
   * archived layout) or {@code host[:port]/repo[:tag][@digest]}.
   *
   * @param text the reference text
   * @return the reference
   * @throws InvalidInputException if the text is neither form
   */
  static ArtifactReference parse(String text) throws InvalidInputException {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException("artifact reference is empty");
    }
    if (text.startsWith(SCHEME_OCI_LAYOUT + ":")) {
      return LayoutReference.parse(text);
    }
    return RegistryReference.parse(text);
  }
}
