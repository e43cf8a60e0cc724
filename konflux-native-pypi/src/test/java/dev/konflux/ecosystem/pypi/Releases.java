package dev.konflux.ecosystem.pypi;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.TranslateResult;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.testkit.ExampleArtifacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs whole releases of wheels artifacts (OCI layout, cosign-signed) through the Translator. */
final class Releases {
  private Releases() {}

  private static final AtomicInteger COUNTER = new AtomicInteger();

  /** A P-256 key pair and its PKCS#8 PEM file. */
  record SigningKey(KeyPair pair, Path pem) {}

  static SigningKey signingKey(Path dir) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = g.generateKeyPair();
    Path pem = dir.resolve("pypi-signing-" + COUNTER.incrementAndGet() + ".pem");
    Files.writeString(
        pem,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n",
        StandardCharsets.US_ASCII);
    return new SigningKey(pair, pem);
  }

  static TranslateResult releaseUnverified(
      Path out, List<Path> dists, Path work, Map<String, String> options)
      throws IOException, KonfluxNativeException {
    return release(out, dists, work, options, false);
  }

  static TranslateResult release(Path out, List<Path> dists, Path work, Map<String, String> options)
      throws IOException, KonfluxNativeException {
    return release(out, dists, work, options, true);
  }

  static TranslateResult release(
      Path out, List<Path> dists, Path work, Map<String, String> options, boolean verify)
      throws IOException, KonfluxNativeException {
    return release(out, dists, work, options, verify, null);
  }

  static TranslateResult release(
      Path out,
      List<Path> dists,
      Path work,
      Map<String, String> options,
      boolean verify,
      dev.konflux.ecosystem.spi.SigstoreSigner signer)
      throws IOException, KonfluxNativeException {
    int n = COUNTER.incrementAndGet();
    ExampleArtifacts.ExampleBuild build =
        ExampleArtifacts.pythonWheels(
            work.resolve("layout-" + n), dists, work.resolve("cosign-" + n + ".pub"));
    return translate(out, build, n, options, verify, signer);
  }

  /**
   * Releases an artifact built beforehand (its layout perhaps changed since), verified with its
   * key.
   *
   * @param out the output directory
   * @param build the artifact
   * @param options target options
   * @return the result
   */
  static TranslateResult release(
      Path out, ExampleArtifacts.ExampleBuild build, Map<String, String> options)
      throws IOException, KonfluxNativeException {
    return translate(out, build, COUNTER.incrementAndGet(), options, true, null);
  }

  private static TranslateResult translate(
      Path out,
      ExampleArtifacts.ExampleBuild build,
      int n,
      Map<String, String> options,
      boolean verify,
      dev.konflux.ecosystem.spi.SigstoreSigner signer)
      throws IOException, KonfluxNativeException {
    Translator.Builder b =
        Translator.builder()
            .outputDirectory(out)
            .releaseTime(Instant.parse("2026-11-22T12:00:00Z").plusSeconds(n))
            .verificationPolicy(
                verify
                    ? VerificationPolicy.builder()
                        .addPublicKey(CosignPublicKey.fromPem(build.publicKey()))
                        .build()
                    : VerificationPolicy.skipVerification());
    options.forEach(b::option);
    if (signer != null) {
      b.sigstoreSigner(signer);
    }
    return b.build()
        .translate(TranslateRequest.of(List.of(ArtifactReference.parse(build.reference()))));
  }
}
