package dev.konflux.ecosystem.benchmarks;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.TranslateResult;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.testkit.ExampleArtifacts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * Whole-process benchmark of the Python target (see {@code bench/pypi-release.sh}).
 *
 * <p>{@code prepare LAYOUT WHEEL_DIR}: writes the wheels as a signed Konflux wheels artifact (tag
 * {@code build}) into an OCI layout, its cosign key to {@code LAYOUT.pub} and a P-256 attestation
 * key to {@code LAYOUT.key.pem}. {@code translate LAYOUT OUT [KEY=VALUE...]}: verifies and
 * translates it into {@code OUT/pypi} (validation, files, metadata, key-based PEP 740 attestations,
 * index) and prints one summary line.
 */
public final class PypiReleaseBenchmark {
  private PypiReleaseBenchmark() {}

  /**
   * @param args see the class description
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    if (args.length >= 3 && args[0].equals("prepare")) {
      Path layout = Path.of(args[1]);
      List<Path> wheels = new ArrayList<>();
      try (Stream<Path> s = Files.list(Path.of(args[2]))) {
        s.filter(p -> p.toString().endsWith(".whl")).sorted().forEach(wheels::add);
      }
      ExampleArtifacts.pythonWheels(layout, wheels, Path.of(layout + ".pub"));
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      Files.writeString(
          Path.of(layout + ".key.pem"),
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, new byte[] {'\n'})
                  .encodeToString(g.generateKeyPair().getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n",
          StandardCharsets.US_ASCII);
      System.out.println("prepared " + wheels.size() + " wheels in " + layout);
      return;
    }
    if (args.length < 3 || !args[0].equals("translate")) {
      System.err.println(
          "usage: PypiReleaseBenchmark prepare LAYOUT WHEEL_DIR | translate LAYOUT OUT [KEY=VALUE...]");
      System.exit(2);
    }
    long start = System.nanoTime();
    Path layout = Path.of(args[1]);
    Translator.Builder b =
        Translator.builder()
            .outputDirectory(Path.of(args[2]))
            .verificationPolicy(
                VerificationPolicy.builder()
                    .addPublicKey(CosignPublicKey.fromPem(Path.of(layout + ".pub")))
                    .build())
            .option("pypi.sigstoreKey", layout + ".key.pem");
    for (int i = 3; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      b.option(kv[0], kv[1]);
    }
    TranslateResult r =
        b.build()
            .translate(
                TranslateRequest.of(
                    List.of(
                        ArtifactReference.parse(
                            "oci-layout:" + layout.toAbsolutePath() + ":build"))));
    System.out.printf(
        java.util.Locale.ROOT,
        "translated: %d files in %.2f s in-process%n",
        r.record().files().size(),
        (System.nanoTime() - start) / 1e9);
  }
}
