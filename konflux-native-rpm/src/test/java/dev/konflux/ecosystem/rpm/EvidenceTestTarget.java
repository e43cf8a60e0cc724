package dev.konflux.ecosystem.rpm;

import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.SbomDocument;
import dev.konflux.ecosystem.api.VerifiedArtifact;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.EcosystemTarget;
import dev.konflux.ecosystem.spi.FileOrigin;
import dev.konflux.ecosystem.spi.IndexOutput;
import dev.konflux.ecosystem.spi.PlannedFile;
import dev.konflux.ecosystem.spi.ProducedFile;
import dev.konflux.ecosystem.spi.TargetContext;
import dev.konflux.ecosystem.spi.TargetSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;

/**
 * A target for tests that takes RPM build artifacts (priority 1, above the RPM target) and writes,
 * per artifact, {@code <component>.txt}: its verified provenance's builder id and, for each SBOM,
 * digest, origin, whether it is signed, and the SHA-256 of the bytes it read through {@link
 * SbomDocument#open}. It keeps every {@link VerifiedArtifact} it was given.
 */
final class EvidenceTestTarget implements EcosystemTarget {
  final List<VerifiedArtifact> seen = Collections.synchronizedList(new ArrayList<>());

  @Override
  public String ecosystem() {
    return "evidence";
  }

  @Override
  public int priority() {
    return 1;
  }

  @Override
  public boolean supports(ComponentArtifact artifact) {
    return MediaTypes.ARTIFACT_RPM_BUILD.equals(artifact.artifactType());
  }

  @Override
  public TargetSession open(TargetContext context) {
    return new TargetSession() {
      @Override
      public List<PlannedFile> plan(VerifiedArtifact artifact, BlobReader blobs) {
        seen.add(artifact);
        ComponentArtifact a = artifact.artifact();
        return List.of(
            new PlannedFile(
                a.component() + ".txt",
                a.component(),
                List.of(FileOrigin.ofLayer(a, a.layers().get(0).digest())),
                OptionalLong.empty(),
                null,
                artifact));
      }

      @Override
      public ProducedFile write(PlannedFile file, BlobReader blobs, Path destination)
          throws KonfluxNativeException {
        VerifiedArtifact artifact = file.handle(VerifiedArtifact.class);
        StringBuilder text = new StringBuilder();
        text.append("builder ")
            .append(artifact.provenance().map(p -> p.builderId()).orElse("-"))
            .append('\n');
        for (SbomDocument sbom : artifact.sboms()) {
          try (InputStream in = sbom.open(blobs)) {
            text.append("sbom ")
                .append(sbom.digest())
                .append(' ')
                .append(sbom.origin())
                .append(' ')
                .append(sbom.signed() ? "signed" : "unsigned")
                .append(" read ")
                .append(Digest.sha256Of(in.readAllBytes()))
                .append('\n');
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        try {
          Files.write(destination, bytes);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return new ProducedFile(file.path(), Digest.sha256Of(bytes), bytes.length, file.origins());
      }

      @Override
      public List<ProducedFile> writeIndex(List<ProducedFile> files, IndexOutput out) {
        return List.of();
      }
    };
  }
}
