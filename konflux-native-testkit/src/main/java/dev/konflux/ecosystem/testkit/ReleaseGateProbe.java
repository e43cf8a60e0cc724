package dev.konflux.ecosystem.testkit;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.Snapshot;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.api.VerifiedArtifact;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.EcosystemTarget;
import dev.konflux.ecosystem.spi.IndexOutput;
import dev.konflux.ecosystem.spi.PlannedFile;
import dev.konflux.ecosystem.spi.ProducedFile;
import dev.konflux.ecosystem.spi.TargetContext;
import dev.konflux.ecosystem.spi.TargetSession;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the library's verification gate the way an embedder reaches it: a {@link Translator} dry run
 * of one component with a target that claims every artifact and plans no file. Tests outside the
 * api module see the gate's decisions only through the public API this way ({@code
 * TranslateResult.record().decisions()} on success, {@link VerificationException#decisions()} on
 * failure), never through its internal classes.
 */
public final class ReleaseGateProbe {

  private ReleaseGateProbe() {}

  /**
   * Verifies one component.
   *
   * @param component the component name the decisions and errors carry
   * @param reference where the component's artifact lives
   * @param policy what the gate must prove
   * @param options how to reach the source (plain HTTP for the test registry)
   * @param scratch a directory the dry run may name as its output (nothing is written there)
   * @return every decision the gate took, in order
   * @throws VerificationException if the policy is not met (its {@code decisions()} hold every
   *     decision)
   * @throws KonfluxNativeException if the component cannot be resolved
   */
  public static List<VerificationDecision> verify(
      String component,
      ArtifactReference reference,
      VerificationPolicy policy,
      SourceOptions options,
      Path scratch)
      throws KonfluxNativeException {
    Translator translator =
        Translator.builder()
            .outputDirectory(scratch.resolve("gate-probe-out"))
            .sourceOptions(options)
            .verificationPolicy(policy)
            .targets(List.of(new ClaimingTarget()))
            .dryRun(true)
            .build();
    // The test names the reference itself, so a local layout is as allowed as a registry.
    return translator
        .translate(
            new TranslateRequest(
                "gate-probe",
                List.of(new Snapshot.Component(component, reference, null, null)),
                true))
        .record()
        .decisions();
  }

  /**
   * @param component the component name
   * @param reference where the component's artifact lives
   * @param policy what the gate must prove
   * @param scratch a directory the dry run may name as its output
   * @return every decision the gate took, in order
   * @throws KonfluxNativeException as {@link #verify(String, ArtifactReference, VerificationPolicy,
   *     SourceOptions, Path)}
   */
  public static List<VerificationDecision> verify(
      String component, ArtifactReference reference, VerificationPolicy policy, Path scratch)
      throws KonfluxNativeException {
    return verify(component, reference, policy, SourceOptions.defaults(), scratch);
  }

  /** Claims every artifact so that the dry run gets past target selection; produces nothing. */
  private static final class ClaimingTarget implements EcosystemTarget {
    @Override
    public String ecosystem() {
      return "gate-probe";
    }

    @Override
    public boolean supports(ComponentArtifact artifact) {
      return true;
    }

    @Override
    public TargetSession open(TargetContext context) {
      return new TargetSession() {
        @Override
        public List<PlannedFile> plan(VerifiedArtifact artifact, BlobReader blobs) {
          return List.of();
        }

        @Override
        public ProducedFile write(PlannedFile file, BlobReader blobs, Path destination) {
          throw new IllegalStateException(
              "the gate probe plans no file, so none can be written: " + file);
        }

        @Override
        public List<ProducedFile> writeIndex(List<ProducedFile> files, IndexOutput out) {
          return List.of();
        }
      };
    }
  }
}
