package dev.konflux.ecosystem.util;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.ManifestOrIndex;
import dev.konflux.ecosystem.internal.json.ManifestParser;

/** Parses OCI image manifests and indexes into the api's model, as the library's sources do. */
public final class OciManifests {
  private OciManifests() {}

  /**
   * @param bytes the manifest or index bytes, already checked against {@code digest}
   * @param digest their digest
   * @param declaredMediaType the media type the registry or layout declared, or {@code null}
   * @param what a name for messages
   * @return the parsed manifest or index
   * @throws InvalidInputException if it is not a valid manifest or index
   */
  public static ManifestOrIndex parse(
      byte[] bytes, Digest digest, String declaredMediaType, String what)
      throws InvalidInputException {
    return ManifestParser.parse(bytes, digest, declaredMediaType, what);
  }
}
