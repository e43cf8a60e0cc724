package dev.konflux.ecosystem.internal.release;

import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Index;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.ManifestOrIndex;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.Referrer;
import dev.konflux.ecosystem.api.ResolvedComponent;
import dev.konflux.ecosystem.api.Snapshot;
import dev.konflux.ecosystem.spi.ArtifactSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a component reference to its root manifest or index, the root's referrers, and one
 * {@link ComponentArtifact} per manifest (every child of an index). Referrers of the root are also
 * attached to each child, since producers sign and attest the root digest.
 */
final class ComponentResolver {
  private static final int MAX_CHILDREN = 1_000;

  private ComponentResolver() {}

  static ResolvedComponent resolve(Snapshot.Component component, ArtifactSource source)
      throws KonfluxNativeException {
    ManifestOrIndex root = source.resolve(component.containerImage());
    var pinned = component.containerImage().withDigest(root.digest());
    List<Referrer> rootReferrers = source.referrers(root.digest());
    List<ComponentArtifact> artifacts = new ArrayList<>();
    if (root instanceof Manifest manifest) {
      artifacts.add(
          new ComponentArtifact(component.name(), pinned, root.digest(), manifest, rootReferrers));
    } else {
      Index index = (Index) root;
      if (index.manifests().size() > MAX_CHILDREN) {
        throw new InvalidInputException(
            "index "
                + index.digest()
                + " of "
                + component.name()
                + " has more than "
                + MAX_CHILDREN
                + " manifests");
      }
      for (Descriptor child : index.manifests()) {
        if (!MediaTypes.isManifest(child.mediaType())) {
          throw new InvalidInputException(
              "index "
                  + index.digest()
                  + " of "
                  + component.name()
                  + " lists "
                  + child.digest()
                  + " of type "
                  + child.mediaType()
                  + "; nested indexes are not supported");
        }
        Manifest manifest = source.fetchManifest(child);
        List<Referrer> referrers = new ArrayList<>(source.referrers(manifest.digest()));
        referrers.addAll(rootReferrers);
        artifacts.add(
            new ComponentArtifact(component.name(), pinned, root.digest(), manifest, referrers));
      }
      if (artifacts.isEmpty()) {
        throw new InvalidInputException(
            "index " + index.digest() + " of " + component.name() + " is empty");
      }
    }
    return new ResolvedComponent(component.name(), pinned, root, rootReferrers, artifacts);
  }
}
