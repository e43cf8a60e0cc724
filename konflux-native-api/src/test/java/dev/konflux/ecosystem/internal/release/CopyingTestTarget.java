package dev.konflux.ecosystem.internal.release;

import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.EcosystemTarget;
import dev.konflux.ecosystem.spi.FileOrigin;
import dev.konflux.ecosystem.spi.IoFailures;
import dev.konflux.ecosystem.spi.ProducedFile;
import dev.konflux.ecosystem.spi.SafePaths;
import dev.konflux.ecosystem.spi.TargetContext;
import dev.konflux.ecosystem.spi.TargetSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/**
 * A real (if simple) target for orchestration tests: copies each titled layer of artifacts of one
 * artifactType to {@code <title>} in staging, and writes an index file in finish().
 */
final class CopyingTestTarget implements EcosystemTarget {
  /** The one option this target declares (and ignores). */
  static final String OPTION = "test.copy";

  private final String artifactType;
  private final boolean failInFinish;

  CopyingTestTarget(String artifactType, boolean failInFinish) {
    this.artifactType = artifactType;
    this.failInFinish = failInFinish;
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of(OPTION);
  }

  @Override
  public String ecosystem() {
    return "files";
  }

  @Override
  public boolean supports(ComponentArtifact artifact) {
    return artifactType.equals(artifact.artifactType());
  }

  @Override
  public TargetSession open(TargetContext context) {
    return new TargetSession() {
      private final StringBuilder index = new StringBuilder();

      @Override
      public void add(ComponentArtifact artifact, BlobReader blobs) throws KonfluxNativeException {
        for (Descriptor layer : artifact.layers()) {
          String title = SafePaths.layerTitle(layer, artifact.describe());
          Path out = context.stagingDirectory().resolve(title);
          MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
          try (InputStream in = new DigestInputStream(blobs.open(layer), md)) {
            Files.createDirectories(out.getParent());
            Files.copy(in, out);
          } catch (IOException e) {
            throw IoFailures.producing(e, "layer " + title + " of " + artifact.describe());
          }
          context.produced(artifact.component(), new ProducedFile(title, Digest.sha256(md.digest()), layer.size(),
              List.of(FileOrigin.ofLayer(artifact, layer.digest()))));
          index.append(title).append('\n');
        }
      }

      @Override
      public void finish() throws KonfluxNativeException {
        if (failInFinish) {
          throw new InvalidInputException("finish failed on purpose");
        }
        try {
          Files.writeString(context.stagingDirectory().resolve("INDEX"), index.toString());
        } catch (IOException e) {
          throw IoFailures.producing(e, "INDEX");
        }
      }
    };
  }
}
