package dev.konflux.ecosystem.testkit;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.spi.ArtifactSource;
import dev.konflux.ecosystem.util.ArtifactSources;

/** Opens the library's registry source through its public entry point, as an embedder would. */
final class RegistrySources {
  private RegistrySources() {}

  static ArtifactSource open(String hostAndPort, String repository, SourceOptions options)
      throws KonfluxNativeException {
    return ArtifactSources.open(ArtifactReference.parse(hostAndPort + "/" + repository), options);
  }
}
