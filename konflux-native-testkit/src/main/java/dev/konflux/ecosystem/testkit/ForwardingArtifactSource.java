package dev.konflux.ecosystem.testkit;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.ManifestOrIndex;
import dev.konflux.ecosystem.api.Referrer;
import dev.konflux.ecosystem.spi.ArtifactSource;
import dev.konflux.ecosystem.spi.ArtifactSourceProvider;
import dev.konflux.ecosystem.spi.LocalBlob;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * An {@link ArtifactSource} that passes every call to another one, for tests that watch or change
 * how a target reads its sources: override {@link #open} to count blobs, {@link #openLocal} to hide
 * local files so that every blob is streamed, and leave the rest as it is. Wrap the sources of an
 * installed provider with {@link #installedProvider(String)}.
 */
public class ForwardingArtifactSource implements ArtifactSource {
  private final ArtifactSource delegate;

  /**
   * @param delegate the source every call goes to
   */
  public ForwardingArtifactSource(ArtifactSource delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The source provider for a scheme that is installed on the class path (found with {@link
   * ServiceLoader}), for wrapping its sources.
   *
   * @param scheme the scheme, such as {@code oci-layout}
   * @return the provider
   * @throws IllegalStateException if none is installed for the scheme
   */
  public static ArtifactSourceProvider installedProvider(String scheme) {
    return ServiceLoader.load(ArtifactSourceProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.scheme().equals(scheme))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no source provider for " + scheme));
  }

  @Override
  public ManifestOrIndex resolve(ArtifactReference reference) throws KonfluxNativeException {
    return delegate.resolve(reference);
  }

  @Override
  public Manifest fetchManifest(Descriptor descriptor) throws KonfluxNativeException {
    return delegate.fetchManifest(descriptor);
  }

  @Override
  public List<Referrer> referrers(Digest subject) throws KonfluxNativeException {
    return delegate.referrers(subject);
  }

  @Override
  public List<Referrer> referrers(Digest subject, String artifactType)
      throws KonfluxNativeException {
    return delegate.referrers(subject, artifactType);
  }

  @Override
  public InputStream open(Descriptor descriptor) throws KonfluxNativeException {
    return delegate.open(descriptor);
  }

  @Override
  public Optional<LocalBlob> openLocal(Descriptor descriptor) throws KonfluxNativeException {
    return delegate.openLocal(descriptor);
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
