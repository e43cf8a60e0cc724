package dev.konflux.ecosystem.pypi.internal.target;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.VerifiedArtifact;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.FileOrigin;
import dev.konflux.ecosystem.spi.PlannedFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * A kept plan's (a server's) wheels, announced from the manifest alone: a wheel layer is the file
 * itself (its digest is the file's sha256, its size the descriptor's), and a wheel always makes the
 * same derived files ({@code .metadata}, attestations, provenance), so nothing needs reading to
 * route them. The layer is read, validated and its derived files made when the first of its files
 * is written; until then none of them exists. Sdists (whether they have PEP 658 metadata depends on
 * their {@code PKG-INFO}) and layers not digested with sha256 are planned as a release plans them,
 * reading the layer at plan time.
 */
final class DeferredDists {

  /**
   * The handle of every announced file of a deferred distribution.
   *
   * @param dist the distribution
   * @param verified its artifact
   * @param blobs the artifact's blob reader (kept open with the plan)
   */
  record Deferred(PlannedDist dist, VerifiedArtifact verified, BlobReader blobs) {}

  private final Map<String, Deferred> byName = new HashMap<>();
  private final Map<Deferred, Map<String, ?>> prepared = new HashMap<>();

  /**
   * @param dist a planned distribution
   * @return whether its files can be announced without reading it
   */
  static boolean canDefer(PlannedDist dist) {
    return dist.name().wheel() && Digest.SHA256.equals(dist.layer().digest().algorithm());
  }

  /**
   * @param name a file name
   * @return whether a deferred distribution has it
   */
  boolean contains(String name) {
    return byName.containsKey(name);
  }

  /**
   * @param name a file name
   * @return the deferred distribution of that name, or {@code null}
   */
  @Nullable Deferred get(String name) {
    return byName.get(name);
  }

  /**
   * @param dist the distribution
   * @param verified its artifact
   * @param blobs its blob reader
   * @param derivedPaths the paths of its derived files
   * @return its announced files: the distribution with the layer's digest and size, the derived
   *     files with neither (known once written)
   */
  List<PlannedFile> announce(
      PlannedDist dist, VerifiedArtifact verified, BlobReader blobs, List<String> derivedPaths) {
    Deferred d = new Deferred(dist, verified, blobs);
    byName.put(dist.name().fileName(), d);
    String component = dist.artifact().component();
    FileOrigin origin = FileOrigin.ofLayer(dist.artifact(), dist.layer().digest());
    List<PlannedFile> out = new ArrayList<>();
    out.add(
        new PlannedFile(
            dist.path(),
            component,
            List.of(origin),
            OptionalLong.of(dist.layer().size()),
            dist.layer().digest(),
            d));
    for (String path : derivedPaths) {
      out.add(new PlannedFile(path, component, List.of(origin), OptionalLong.empty(), null, d));
    }
    return out;
  }

  /**
   * @param d a deferred distribution
   * @param <T> the session's prepared-file type
   * @return its prepared files by path, or {@code null} before its layer was read
   */
  @SuppressWarnings("unchecked")
  <T> @Nullable Map<String, T> prepared(Deferred d) {
    return (Map<String, T>) prepared.get(d);
  }

  /**
   * Records a deferred distribution as read and prepared.
   *
   * @param d the distribution
   * @param files its prepared files by path
   * @param <T> the session's prepared-file type
   */
  <T> void done(Deferred d, Map<String, T> files) {
    prepared.put(d, Map.copyOf(files));
  }
}
