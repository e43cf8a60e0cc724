package dev.konflux.ecosystem.util;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.spi.ArtifactSource;
import dev.konflux.ecosystem.spi.ArtifactSourceProvider;
import java.util.Comparator;
import java.util.ServiceLoader;

/**
 * Opens an {@link ArtifactSource} for a reference with the installed {@link
 * ArtifactSourceProvider}s, as a release does (the highest-priority provider of the reference's
 * scheme): for tools and tests that read registries or layouts without running a release.
 */
public final class ArtifactSources {
  private ArtifactSources() {}

  /**
   * @param reference a registry or {@code oci-layout:} reference
   * @param options how to reach registries
   * @return the open source; the caller closes it
   * @throws SourceUnavailableException if no provider serves the reference's scheme
   * @throws KonfluxNativeException if the provider cannot open it
   */
  public static ArtifactSource open(ArtifactReference reference, SourceOptions options)
      throws KonfluxNativeException {
    String scheme = reference.scheme();
    ArtifactSourceProvider provider =
        ServiceLoader.load(ArtifactSourceProvider.class, ArtifactSources.class.getClassLoader())
            .stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.scheme().equals(scheme))
            .max(Comparator.comparingInt(ArtifactSourceProvider::priority))
            .orElseThrow(
                () ->
                    new SourceUnavailableException(
                        "no source provider for " + scheme + " references"));
    return provider.open(reference, options);
  }
}
