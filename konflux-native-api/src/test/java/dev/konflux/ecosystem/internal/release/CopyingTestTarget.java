package dev.konflux.ecosystem.internal.release;

import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.VerifiedArtifact;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.EcosystemTarget;
import dev.konflux.ecosystem.spi.FileOrigin;
import dev.konflux.ecosystem.spi.IndexOutput;
import dev.konflux.ecosystem.spi.IoFailures;
import dev.konflux.ecosystem.spi.PlannedFile;
import dev.konflux.ecosystem.spi.ProducedFile;
import dev.konflux.ecosystem.spi.SafePaths;
import dev.konflux.ecosystem.spi.TargetContext;
import dev.konflux.ecosystem.spi.TargetSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A real (if simple) target for orchestration tests: copies each titled layer of artifacts of one
 * artifactType to {@code <title>}, and writes an {@code INDEX} file listing them.
 */
final class CopyingTestTarget implements EcosystemTarget {
  /** The one option this target declares (and ignores). */
  static final String OPTION = "test.copy";

  private final String artifactType;
  private final boolean failInFinish;
  private final String ecosystem;
  private final int priority;

  CopyingTestTarget(String artifactType, boolean failInFinish) {
    this(artifactType, failInFinish, "files", 0);
  }

  CopyingTestTarget(String artifactType, boolean failInFinish, String ecosystem, int priority) {
    this.artifactType = artifactType;
    this.failInFinish = failInFinish;
    this.ecosystem = ecosystem;
    this.priority = priority;
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of(OPTION);
  }

  @Override
  public String ecosystem() {
    return ecosystem;
  }

  @Override
  public int priority() {
    return priority;
  }

  @Override
  public boolean supports(ComponentArtifact artifact) {
    return artifactType.equals(artifact.artifactType());
  }

  /** What write needs: the artifact and layer. */
  private record Layer(ComponentArtifact artifact, Descriptor layer) {}

  @Override
  public TargetSession open(TargetContext context) {
    return new TargetSession() {
      @Override
      public List<PlannedFile> plan(VerifiedArtifact verified, BlobReader blobs)
          throws KonfluxNativeException {
        ComponentArtifact artifact = verified.artifact();
        List<PlannedFile> out = new ArrayList<>();
        for (Descriptor layer : artifact.layers()) {
          String title = SafePaths.layerTitle(layer, artifact.describe());
          out.add(
              new PlannedFile(
                  title,
                  artifact.component(),
                  List.of(FileOrigin.ofLayer(artifact, layer.digest())),
                  OptionalLong.of(layer.size()),
                  null,
                  new Layer(artifact, layer)));
        }
        return out;
      }

      @Override
      public ProducedFile write(PlannedFile file, BlobReader blobs, Path destination)
          throws KonfluxNativeException {
        Layer l = file.handle(Layer.class);
        MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
        try (InputStream in = new DigestInputStream(blobs.open(l.layer()), md)) {
          Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
          throw IoFailures.producing(e, "layer " + file.path() + " of " + l.artifact().describe());
        }
        return new ProducedFile(
            file.path(), Digest.sha256(md.digest()), l.layer().size(), file.origins());
      }

      @Override
      public List<ProducedFile> writeIndex(List<ProducedFile> files, IndexOutput out)
          throws KonfluxNativeException {
        if (failInFinish) {
          throw new InvalidInputException("finish failed on purpose");
        }
        StringBuilder index = new StringBuilder();
        files.forEach(f -> index.append(f.path()).append('\n'));
        byte[] bytes = index.toString().getBytes(StandardCharsets.UTF_8);
        try {
          Files.write(out.resolve("INDEX"), bytes);
        } catch (IOException e) {
          throw IoFailures.producing(e, "INDEX");
        }
        return List.of(
            new ProducedFile(
                "INDEX",
                Digest.sha256Of(bytes),
                bytes.length,
                List.of(),
                files.stream().map(ProducedFile::path).toList()));
      }
    };
  }
}
