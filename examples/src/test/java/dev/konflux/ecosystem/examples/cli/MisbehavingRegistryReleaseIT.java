package dev.konflux.ecosystem.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.examples.cli.MisbehavingRegistryProxy.Fault;
import dev.konflux.ecosystem.signing.OpenPgpKeyFile;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import dev.konflux.ecosystem.testkit.CosignKeyPair;
import dev.konflux.ecosystem.testkit.CosignSigner;
import dev.konflux.ecosystem.testkit.DockerRegistryExtension;
import dev.konflux.ecosystem.testkit.OpenPgpTestKey;
import dev.konflux.ecosystem.testkit.RegistryArtifactStore;
import dev.konflux.ecosystem.testkit.RpmBuildArtifact;
import dev.konflux.ecosystem.testkit.StoredArtifact;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole releases against a registry that misbehaves the way real ones do under load: a proxy in
 * front of a real docker-registry answers 503 for blobs, or stalls mid-blob. A source that fails is
 * exit 5 with the output untouched, never a verification failure; a stall that passes is resumed.
 */
class MisbehavingRegistryReleaseIT {
  @RegisterExtension
  static final DockerRegistryExtension REGISTRY = DockerRegistryExtension.anonymous();

  private static final String REPO = "konflux/rpms-misbehaving";
  private static final String RPM = "noarch/konflux-hello-1.0-1.noarch.rpm";

  @TempDir Path tmp;
  private StoredArtifact artifact;
  private Path cosignPub;
  private Path gpgKey;

  @BeforeEach
  void push() throws Exception {
    RpmBuildArtifact build = RpmBuildArtifact.create().withCgImport().tag("build");
    for (String name :
        List.of("konflux-hello-1.0-1.noarch.rpm", "konflux-hello-native-1.0-1.x86_64.rpm")) {
      Path p = tmp.resolve(name);
      try (InputStream in =
          getClass().getResourceAsStream("/dev/konflux/ecosystem/examples/rpms/" + name)) {
        Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
      }
      build.addRpm(p);
    }
    CosignKeyPair key = CosignKeyPair.generate();
    try (RegistryArtifactStore store = REGISTRY.registry().store(REPO)) {
      artifact = build.writeTo(store);
      CosignSigner.with(key).sign(store, artifact.descriptor(), "quay.io/konflux/rpms");
    }
    cosignPub = key.writePublicKey(tmp.resolve("cosign.pub"));
    gpgKey =
        Files.writeString(
            tmp.resolve("signing.asc"),
            OpenPgpTestKey.ed25519("IT <it@test.invalid>").secretKeyArmored());
  }

  private int cli(String host, Path out) {
    return KonfluxNativeCli.execute(
        "translate",
        "--artifact",
        host + "/" + REPO + ":build",
        "--plain-http",
        host,
        "--cosign-key",
        cosignPub.toString(),
        "--gpg-key",
        gpgKey.toString(),
        "--out",
        out.toString());
  }

  @Test
  void aRegistryThatAlwaysAnswers503ForBlobsIsExit5AndTheOutputIsUntouched() throws Exception {
    Path out = tmp.resolve("out");
    assertEquals(ExitCodes.OK, cli(REGISTRY.registry().hostAndPort(), out));
    Map<String, String> before = tree(out);
    try (MisbehavingRegistryProxy proxy =
        new MisbehavingRegistryProxy(
            REGISTRY.registry().hostAndPort(),
            (path, n) -> path.contains("/blobs/") ? Fault.UNAVAILABLE : Fault.NONE)) {
      // The gate reads the signature payload first: that it cannot be read is an outage (5), not a
      // signature that does not verify (3).
      assertEquals(ExitCodes.SOURCE_UNAVAILABLE, cli(proxy.hostAndPort(), out));
      assertFalse(proxy.faults.isEmpty());
    }
    assertEquals(before, tree(out));
  }

  @Test
  void aBlobThatStallsOnceIsResumedAndTheReleaseIsComplete() throws Exception {
    Digest layer = artifact.layer(RPM).digest();
    Path out = tmp.resolve("out");
    try (MisbehavingRegistryProxy proxy =
        new MisbehavingRegistryProxy(
            REGISTRY.registry().hostAndPort(),
            (path, n) -> path.endsWith("/blobs/" + layer) && n == 1 ? Fault.STALL : Fault.NONE)) {
      // Default options through the CLI: the 20 s idle timeout ends the stall, Range resumes it.
      int code =
          assertTimeoutPreemptively(Duration.ofMinutes(2), () -> cli(proxy.hostAndPort(), out));
      assertEquals(ExitCodes.OK, code);
      assertEquals(List.of("STALL /v2/" + REPO + "/blobs/" + layer), proxy.faults);
    }
    String record = Files.readString(out.resolve("release.json"), StandardCharsets.UTF_8);
    assertTrue(record.contains("konflux-hello-1.0-1.noarch.rpm"), record);
    assertTrue(record.contains(layer.toString()), record);
  }

  @Test
  void aRegistryThatAlwaysStallsBlobsEndsUnavailableWithinTheDocumentedBound() throws Exception {
    Path out = tmp.resolve("out");
    Files.createDirectories(out);
    try (MisbehavingRegistryProxy proxy =
        new MisbehavingRegistryProxy(
            REGISTRY.registry().hostAndPort(),
            (path, n) -> path.contains("/blobs/") ? Fault.STALL : Fault.NONE)) {
      SourceOptions options =
          SourceOptions.builder()
              .plainHttp(proxy.hostAndPort())
              .maxAttempts(3)
              .initialBackoff(Duration.ofMillis(50))
              .readIdleTimeout(Duration.ofSeconds(1))
              .build();
      OpenPgpSigner signing =
          OpenPgpKeyFile.read(
              new ByteArrayInputStream(Files.readAllBytes(gpgKey)), null, null, "test key");
      Translator translator =
          Translator.builder()
              .outputDirectory(out)
              .sourceOptions(options)
              .verificationPolicy(
                  VerificationPolicy.builder()
                      .addPublicKey(CosignPublicKey.fromPem(cosignPub))
                      .build())
              .openPgpSigner(signing)
              .build();
      TranslateRequest request =
          TranslateRequest.of(
              List.of(ArtifactReference.parse(proxy.hostAndPort() + "/" + REPO + ":build")));
      // Documented bound for a registry that sends headers and then stalls: maxAttempts × idle
      // timeout plus backoff, here 3 × 1 s + 0.15 s; two minutes is the acceptance bound.
      long start = System.nanoTime();
      SourceUnavailableException e =
          assertTimeoutPreemptively(
              Duration.ofMinutes(2),
              () ->
                  assertThrows(
                      SourceUnavailableException.class, () -> translator.translate(request)));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
      assertEquals(3, proxy.faults.size(), proxy.faults.toString());
      System.err.println("always-stalling registry: release ended after " + millis + " ms");
    }
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(0, files.count());
    }
  }

  private static Map<String, String> tree(Path dir) throws Exception {
    Map<String, String> t = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        t.put(dir.relativize(p).toString(), Digest.sha256Of(Files.readAllBytes(p)).toString());
      }
    }
    return t;
  }
}
