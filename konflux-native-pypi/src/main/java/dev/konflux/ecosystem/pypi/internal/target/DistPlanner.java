package dev.konflux.ecosystem.pypi.internal.target;

import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.pypi.InvalidDistributionException;
import dev.konflux.ecosystem.pypi.internal.dist.DistFileName;
import dev.konflux.ecosystem.spi.SafePaths;
import dev.konflux.ecosystem.spi.UntrustedText;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides from a wheels artifact's manifest which layers are distributions: each layer's title must
 * be a bare file name, either a wheel, a PEP 625 sdist or a Konflux {@code
 * build-sequence-summary-*.json} (recorded in the log, not published). Anything else is invalid
 * input: publishing only what we understand.
 */
public final class DistPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(DistPlanner.class);

  /**
   * @param artifact the artifact
   * @return its distributions, in layer order
   * @throws InvalidInputException if a title is missing or unsafe, or names neither a distribution
   *     nor a build summary
   */
  public List<PlannedDist> plan(ComponentArtifact artifact) throws InvalidInputException {
    List<PlannedDist> out = new ArrayList<>();
    for (Descriptor layer : artifact.layers()) {
      String title = SafePaths.layerTitle(layer, artifact.describe());
      if (title.contains("/")) {
        throw new InvalidInputException(
            "title of layer "
                + layer.digest()
                + " of "
                + artifact.describe()
                + " must be a bare file name: "
                + UntrustedText.quoted(title));
      }
      if (title.startsWith("build-sequence-summary-") && title.endsWith(".json")) {
        LOG.info(
            "{}: build summary {} ({}) recorded, not published",
            artifact.describe(),
            title,
            layer.digest());
        continue;
      }
      try {
        out.add(new PlannedDist(artifact, layer, DistFileName.parse(title)));
      } catch (InvalidDistributionException e) {
        throw e.from("layer " + layer.digest() + " of " + artifact.describe());
      }
    }
    return out;
  }
}
