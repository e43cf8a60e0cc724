package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.SourceOptions;

/**
 * Creates {@link ArtifactSource}s for one reference scheme. Found with {@link
 * java.util.ServiceLoader}; when several providers serve a scheme, the highest {@link #priority()}
 * wins.
 */
public interface ArtifactSourceProvider {

  /**
   * @return the reference scheme served, e.g. {@code registry} or {@code oci-layout}
   */
  String scheme();

  /**
   * @return the priority among providers of the same scheme (higher wins)
   */
  default int priority() {
    return 0;
  }

  /**
   * Opens a source able to read the given reference and its referrers.
   *
   * @param reference the reference to read
   * @param options registry options (plain HTTP hosts, credentials, retries)
   * @return an open source; the caller closes it
   * @throws KonfluxNativeException if the source cannot be opened
   */
  ArtifactSource open(ArtifactReference reference, SourceOptions options)
      throws KonfluxNativeException;
}
