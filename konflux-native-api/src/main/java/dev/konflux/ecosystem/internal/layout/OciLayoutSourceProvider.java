package dev.konflux.ecosystem.internal.layout;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.LayoutReference;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.spi.ArtifactSource;
import dev.konflux.ecosystem.spi.ArtifactSourceProvider;

/** Serves {@code oci-layout:} references: layout directories and {@code .tar} layout archives. */
public final class OciLayoutSourceProvider implements ArtifactSourceProvider {
  @Override
  public String scheme() {
    return ArtifactReference.SCHEME_OCI_LAYOUT;
  }

  @Override
  public ArtifactSource open(ArtifactReference reference, SourceOptions options)
      throws KonfluxNativeException {
    if (!(reference instanceof LayoutReference layout)) {
      throw new InvalidInputException("not an oci-layout reference: " + reference);
    }
    return OciLayoutSource.open(layout);
  }
}
