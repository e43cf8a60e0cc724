package dev.konflux.ecosystem.internal.registry;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.RegistryReference;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.spi.ArtifactSource;
import dev.konflux.ecosystem.spi.ArtifactSourceProvider;

/** Opens {@link RegistrySource}s for {@code registry} references. */
public final class RegistrySourceProvider implements ArtifactSourceProvider {

  @Override
  public String scheme() {
    return ArtifactReference.SCHEME_REGISTRY;
  }

  @Override
  public ArtifactSource open(ArtifactReference reference, SourceOptions options)
      throws KonfluxNativeException {
    if (!(reference instanceof RegistryReference r)) {
      throw new InvalidInputException("the registry source cannot read " + reference);
    }
    return new RegistrySource(
        r.registry(), r.repository(), options == null ? SourceOptions.defaults() : options);
  }
}
