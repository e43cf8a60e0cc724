package dev.konflux.ecosystem.pypi.internal.target;

import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.pypi.internal.dist.DistFileName;

/**
 * A distribution a release will publish, decided from the manifest alone (before any byte of it is
 * read): which layer, which file name, where it goes. This is the per-target handle the core's
 * file-at-a-time SPI passes back to {@code write}.
 *
 * @param artifact the artifact it belongs to
 * @param layer the layer holding it (its digest is the file's)
 * @param name the parsed file name
 */
public record PlannedDist(ComponentArtifact artifact, Descriptor layer, DistFileName name) {

  /**
   * @return {@code files/<file name>}
   */
  public String path() {
    return "files/" + name.fileName();
  }

  /**
   * @return "file (layer sha256:…, component …)" for messages
   */
  public String where() {
    return "layer " + layer.digest() + " of " + artifact.describe();
  }
}
