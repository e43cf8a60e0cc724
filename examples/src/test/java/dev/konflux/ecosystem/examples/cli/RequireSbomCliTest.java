package dev.konflux.ecosystem.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.testkit.CosignKeyPair;
import dev.konflux.ecosystem.testkit.CosignSigner;
import dev.konflux.ecosystem.testkit.OciLayoutStore;
import dev.konflux.ecosystem.testkit.RpmBuildArtifact;
import dev.konflux.ecosystem.testkit.SbomDocuments;
import dev.konflux.ecosystem.testkit.SlsaProvenance;
import dev.konflux.ecosystem.testkit.StoredArtifact;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --require-sbom} through the command line with the real SBOM inspector of {@code
 * konflux-native-bom} (found by ServiceLoader): met only by a parsed, valid SBOM that a verified
 * signature or attestation covers and that describes the artifact; each SBOM's inspection is a
 * decision in {@code release.json}; exit codes are the gate's (0 met, 3 unmet).
 */
class RequireSbomCliTest {
  private static final String REPO = "quay.io/konflux-ci/example";

  @TempDir Path tmp;

  private enum Sbom {
    /** The provenance names an SBOM that describes the RPM. */
    SIGNED,
    /** The SBOM describes the RPM, but no verified evidence names it. */
    UNSIGNED,
    /** The provenance names an SBOM, but it describes another file. */
    OTHER_ARTIFACT,
    /** The provenance names an SBOM whose bytes are no SBOM. */
    MALFORMED,
    /** No SBOM at all. */
    NONE
  }

  /** A signed RPM build with a provenance attestation and the SBOM {@code kind} says. */
  private Path layout(Sbom kind) throws Exception {
    Path rpm = tmp.resolve("konflux-hello-1.0-1.noarch.rpm");
    try (InputStream in =
        getClass()
            .getResourceAsStream(
                "/dev/konflux/ecosystem/examples/rpms/konflux-hello-1.0-1.noarch.rpm")) {
      Files.copy(in, rpm, StandardCopyOption.REPLACE_EXISTING);
    }
    Path dir = tmp.resolve("layout");
    CosignKeyPair key = CosignKeyPair.generate();
    key.writePublicKey(tmp.resolve("cosign.pub"));
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      StoredArtifact artifact = RpmBuildArtifact.create().addRpm(rpm).tag("build").writeTo(store);
      byte[] sbom =
          switch (kind) {
            case SIGNED, UNSIGNED -> SbomDocuments.spdx("hello", artifact.contents());
            case OTHER_ARTIFACT ->
                SbomDocuments.spdx(
                    "hello",
                    List.of(
                        store.putBlob(
                            "application/x-rpm", "another rpm".getBytes(StandardCharsets.UTF_8))));
            case MALFORMED -> "{\"spdxVersion\": ".getBytes(StandardCharsets.UTF_8);
            case NONE -> null;
          };
      SlsaProvenance provenance = SlsaProvenance.v02();
      if (sbom != null && kind != Sbom.UNSIGNED) {
        provenance.result("SBOM_BLOB_URL", REPO + "@" + Digest.sha256Of(sbom));
      }
      CosignSigner cosign = CosignSigner.with(key);
      cosign.sign(store, artifact.descriptor(), REPO);
      cosign.attest(store, artifact.descriptor(), REPO, provenance);
      if (sbom != null) {
        cosign.attachSbom(store, artifact.descriptor(), MediaTypes.SPDX_JSON, sbom);
      }
    }
    return dir;
  }

  private CliRun translate(Path layout, boolean requireSbom) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "translate",
            "--artifact",
            "oci-layout:" + layout + ":build",
            "--cosign-key",
            tmp.resolve("cosign.pub").toString(),
            "--out",
            tmp.resolve("out").toString(),
            "--option",
            "rpm.unsigned=true",
            "--json"));
    if (requireSbom) {
      args.add("--require-sbom");
    }
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void aSignedSbomThatDescribesTheArtifactMeetsTheRequirement() throws Exception {
    CliRun run = translate(layout(Sbom.SIGNED), true);
    assertEquals(ExitCodes.OK, run.exit(), run.err());
    JsonNode decisions = releaseDecisions();
    JsonNode inspection = find(decisions, "SBOM", "describes the artifact");
    assertTrue(inspection.path("passed").asBoolean(), inspection.toString());
    assertTrue(
        inspection.path("reason").asText().contains("covered by a verified signature"),
        inspection.toString());
    JsonNode policy = find(decisions, "POLICY", "an SBOM is required: met");
    assertTrue(policy.path("passed").asBoolean(), policy.toString());
  }

  @Test
  void anUnsignedSbomDoesNotMeetItAndExitsWith3() throws Exception {
    CliRun run = translate(layout(Sbom.UNSIGNED), true);
    assertEquals(ExitCodes.VERIFICATION_FAILED, run.exit(), run.out());
    assertTrue(
        run.out().contains("not covered by any verified signature or attestation"), run.out());
    assertTrue(run.out().contains("none of the 1 SBOM document(s) found qualifies"), run.out());
    assertTrue(Files.notExists(tmp.resolve("out/rpm")), "nothing published");
  }

  @Test
  void aSignedSbomOfAnotherArtifactIsAMismatchThatExitsWith3() throws Exception {
    CliRun run = translate(layout(Sbom.OTHER_ARTIFACT), true);
    assertEquals(ExitCodes.VERIFICATION_FAILED, run.exit(), run.out());
    assertTrue(run.out().contains("does not describe the artifact"), run.out());
    assertTrue(run.out().contains("which is no released file or manifest"), run.out());
  }

  @Test
  void aMalformedSbomIsATypedFailureThatExitsWith3() throws Exception {
    CliRun run = translate(layout(Sbom.MALFORMED), true);
    assertEquals(ExitCodes.VERIFICATION_FAILED, run.exit(), run.out());
    assertTrue(run.out().contains("an SBOM is required"), run.out());
  }

  @Test
  void noSbomExitsWith3() throws Exception {
    CliRun run = translate(layout(Sbom.NONE), true);
    assertEquals(ExitCodes.VERIFICATION_FAILED, run.exit(), run.out());
    assertTrue(run.out().contains("an SBOM is required; none is attached"), run.out());
  }

  @Test
  void withoutTheFlagAnUnsignedOrMismatchingSbomChangesNothing() throws Exception {
    assertEquals(ExitCodes.OK, translate(layout(Sbom.OTHER_ARTIFACT), false).exit());
  }

  private JsonNode releaseDecisions() throws Exception {
    return new ObjectMapper()
        .readTree(tmp.resolve("out/release.json").toFile())
        .path("verification")
        .path("decisions");
  }

  private static JsonNode find(JsonNode decisions, String kind, String reasonPart) {
    for (JsonNode d : decisions) {
      if (d.path("kind").asText().equalsIgnoreCase(kind)
          && d.path("reason").asText().contains(reasonPart)) {
        return d;
      }
    }
    throw new AssertionError("no " + kind + " decision saying " + reasonPart + " in " + decisions);
  }
}
