package dev.konflux.ecosystem.sigstore;

import static org.junit.jupiter.api.Assertions.*;

import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.internal.verify.PublicKeyBundleVerifier;
import dev.konflux.ecosystem.internal.verify.SigstoreBundle;
import dev.konflux.ecosystem.testkit.ArtifactManifest;
import dev.konflux.ecosystem.testkit.CosignKeyPair;
import dev.konflux.ecosystem.testkit.OciLayoutStore;
import dev.konflux.ecosystem.testkit.ReferrerSigner;
import dev.konflux.ecosystem.testkit.SignatureFault;
import dev.konflux.ecosystem.testkit.SlsaProvenance;
import dev.konflux.ecosystem.testkit.StoredArtifact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our {@link PublicKeyBundleVerifier} and the npm sigstore verifier ({@code @sigstore/verify},
 * run by {@code src/test/node/verify.mjs}) agree on public-key bundles that the testkit makes:
 * both accept the good ones and both reject each signature fault. npm is required: the test
 * installs the pinned packages into {@code target/npm-sigstore} when they are missing.
 */
class NpmSigstoreAgreementIT {
  private static Path npmDir;

  @BeforeAll
  static void installNpmVerifier() throws Exception {
    npmDir = Path.of("target", "npm-sigstore").toAbsolutePath();
    Files.createDirectories(npmDir);
    Path source = Path.of("src", "test", "node");
    for (String f : List.of("package.json", "verify.mjs")) {
      Files.copy(source.resolve(f), npmDir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(npmDir.resolve("node_modules/@sigstore/verify"))) {
      Result r = run(List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", npmDir.toString()), 600);
      assertEquals(0, r.exit(), "npm install failed: " + r.output());
    }
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    Path out = Files.createTempFile("npm-sigstore", ".log");
    try {
      Process p = new ProcessBuilder(command).directory(npmDir.toFile()).redirectErrorStream(true)
          .redirectOutput(out.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(command + " did not finish in " + timeoutSeconds + " s");
      }
      return new Result(p.exitValue(), Files.readString(out));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "message-signature, NONE, true",
      "message-signature, TAMPERED_PAYLOAD, false",
      "message-signature, OTHER_KEY, false",
      "message-signature, WRONG_SUBJECT_DIGEST, false",
      "message-signature, MISSING_SIGNATURE, false",
      "dsse-envelope, NONE, true",
      "dsse-envelope, TAMPERED_PAYLOAD, false",
      "dsse-envelope, OTHER_KEY, false",
      "dsse-envelope, MISSING_SIGNATURE, false"})
  void ourVerifierAgreesWithNpmSigstore(String content, SignatureFault fault, boolean valid, @TempDir Path dir)
      throws Exception {
    CosignKeyPair key = CosignKeyPair.generate();
    OciLayoutStore store = OciLayoutStore.open(dir.resolve("layout"));
    Descriptor rpm = store.putBlob(MediaTypes.RPM, "rpm bytes".getBytes(StandardCharsets.UTF_8));
    StoredArtifact artifact = ArtifactManifest.of(MediaTypes.ARTIFACT_RPM_BUILD)
        .layer(new Descriptor(rpm.mediaType(), rpm.digest(), rpm.size(), null,
            Map.of(MediaTypes.ANNOTATION_TITLE, "app-1.0-1.x86_64.rpm")))
        .storeIn(store, "build");
    ReferrerSigner signer = ReferrerSigner.with(key).withFault(fault);
    StoredArtifact referrer = content.equals("message-signature")
        ? signer.signatureBundle(store, artifact.descriptor())
        : signer.attestationBundle(store, artifact.descriptor(), "quay.io/konflux-ci/app", SlsaProvenance.v1());
    Path bundleFile = store.blobPath(referrer.contents().get(0).digest());
    Path artifactFile = store.blobPath(artifact.digest());
    Path keyFile = key.writePublicKey(dir.resolve("cosign.pub"));

    boolean ours = ourVerdict(Files.readAllBytes(bundleFile), artifact, Files.readAllBytes(artifactFile), key);
    Result npm = run(List.of("node", npmDir.resolve("verify.mjs").toString(), "--bundle", bundleFile.toString(),
        "--artifact", artifactFile.toString(), "--key", keyFile.toString()), 120);
    boolean theirs = npm.exit() == 0 && npm.output().contains("VERIFIED");
    assertEquals(theirs, ours, "npm sigstore said: " + npm.output());
    assertEquals(valid, ours, "expected " + (valid ? "a valid" : "an invalid") + " bundle; npm said: " + npm.output());
  }

  private static boolean ourVerdict(byte[] bundle, StoredArtifact artifact, byte[] manifestBytes, CosignKeyPair key)
      throws Exception {
    SigstoreBundle parsed;
    try {
      parsed = SigstoreBundle.parse(bundle);
    } catch (dev.konflux.ecosystem.api.InvalidInputException e) {
      return false;
    }
    VerificationDecision d = new PublicKeyBundleVerifier().verify("app", artifact.digest(), null, parsed,
        List.of(CosignPublicKey.fromPem(key.publicKeyPem())), () -> manifestBytes);
    return d.passed();
  }
}
