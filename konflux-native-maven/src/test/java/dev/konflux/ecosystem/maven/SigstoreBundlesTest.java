package dev.konflux.ecosystem.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.BundleArtifact;
import dev.konflux.ecosystem.api.BundlePolicy;
import dev.konflux.ecosystem.api.BundleVerification;
import dev.konflux.ecosystem.api.BundleVerifier;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.ReleaseEvent;
import dev.konflux.ecosystem.api.ReleaseRecord;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.TranslateResult;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.spi.ArtifactSource;
import dev.konflux.ecosystem.spi.ArtifactSourceProvider;
import dev.konflux.ecosystem.spi.LocalBlob;
import dev.konflux.ecosystem.spi.SigstoreKeySigner;
import dev.konflux.ecosystem.testkit.ForwardingArtifactSource;
import dev.konflux.ecosystem.util.BoundedReads;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code <file>.sigstore.json} beside every published file when the release has a Sigstore signer:
 * key-based bundles verify with our {@link BundleVerifier} given the public key, and not for
 * another file or another key; no bundles without a signer; bundles get no checksums or {@code
 * .asc}.
 */
class SigstoreBundlesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FILES =
      List.of(
          "org/example/demo/1.0/demo-1.0.jar",
          "org/example/demo/1.0/demo-1.0.pom",
          "org/example/demo/1.0/demo-1.0-sources.jar",
          "org/example/demo/1.0/demo-1.0-javadoc.jar");

  @TempDir Path tmp;

  static SigstoreKeySigner p256Signer() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = g.generateKeyPair();
    return SigstoreKeySigner.of(pair.getPublic(), pair.getPrivate());
  }

  static BundleVerification verify(Path bundle, Path file, String publicKeyPem) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return BundleVerifier.load()
          .verify(
              Files.readAllBytes(bundle),
              BundleArtifact.ofStream(in, file.getFileName().toString()),
              BundlePolicy.publicKey(CosignPublicKey.fromPem(publicKeyPem)));
    }
  }

  @Test
  void everyPublishedFileGetsAKeyBasedBundleThatVerifies() throws Exception {
    SigstoreKeySigner signer = p256Signer();
    MavenReleases releases = new MavenReleases(tmp.resolve("layout"));
    Path out = tmp.resolve("out");
    TranslateResult result =
        MavenReleases.release(
            out,
            List.of(releases.tar(TestArchives.tar(MavenTargetTest.demoTree(tmp, "demo", "1.0")))),
            Map.of(),
            signer);
    Path maven = out.resolve("maven");
    for (String f : FILES) {
      Path bundle = maven.resolve(f + ".sigstore.json");
      assertTrue(Files.isRegularFile(bundle), f);
      JsonNode json = JSON.readTree(bundle.toFile());
      assertEquals(
          "application/vnd.dev.sigstore.bundle.v0.3+json", json.path("mediaType").asText());
      assertEquals(
          "SHA2_256",
          json.path("messageSignature").path("messageDigest").path("algorithm").asText());
      BundleVerification ok = verify(bundle, maven.resolve(f), signer.publicKeyPem());
      assertTrue(ok.verified(), f + ": " + ok);
      for (String sidecar : List.of(".md5", ".sha1", ".sha256", ".sha512", ".asc")) {
        assertFalse(Files.exists(maven.resolve(f + ".sigstore.json" + sidecar)), f + sidecar);
      }
    }
    // Honest: a bundle does not verify for another file, nor with another key.
    Path jarBundle = maven.resolve(FILES.get(0) + ".sigstore.json");
    assertFalse(verify(jarBundle, maven.resolve(FILES.get(2)), signer.publicKeyPem()).verified());
    assertFalse(
        verify(jarBundle, maven.resolve(FILES.get(0)), p256Signer().publicKeyPem()).verified());
    // No bundles for what is not an artifact file.
    try (Stream<Path> walk = Files.walk(maven)) {
      List<String> bundles = new ArrayList<>();
      walk.filter(p -> p.toString().endsWith(".sigstore.json"))
          .forEach(p -> bundles.add(maven.relativize(p).toString()));
      bundles.sort(null);
      List<String> expected = new ArrayList<>();
      FILES.forEach(f -> expected.add(f + ".sigstore.json"));
      expected.sort(null);
      assertEquals(expected, bundles);
    }
    // release.json records each bundle, derived from its file and the key.
    ReleaseRecord record;
    try (InputStream in = Files.newInputStream(out.resolve("release.json"))) {
      record = ReleaseRecord.read(in);
    }
    ReleaseRecord.FileEntry entry =
        record.files().stream()
            .filter(e -> e.path().equals("maven/" + FILES.get(0) + ".sigstore.json"))
            .findFirst()
            .orElseThrow();
    assertEquals(List.of("maven/" + FILES.get(0), "key:" + signer.hint()), entry.derivedFrom());
    assertEquals(record.files(), result.record().files());
  }

  @Test
  void withoutASigstoreSignerNoBundlesAreWritten() throws Exception {
    MavenReleases releases = new MavenReleases(tmp.resolve("layout"));
    Path out = tmp.resolve("out");
    MavenReleases.release(
        out, releases.tar(TestArchives.tar(MavenTargetTest.demoTree(tmp, "demo", "1.0"))));
    try (Stream<Path> walk = Files.walk(out)) {
      assertTrue(walk.noneMatch(p -> p.toString().endsWith(".sigstore.json")));
    }
    assertTrue(Files.isRegularFile(out.resolve("maven/" + FILES.get(0) + ".asc")));
  }

  @Test
  void theLayerIsReadOnceForFilesChecksumsAscAndSigstoreBundles() throws Exception {
    MavenReleases releases = new MavenReleases(tmp.resolve("layout"));
    String ref = releases.tar(TestArchives.tar(MavenTargetTest.demoTree(tmp, "demo", "1.0")));
    List<ReleaseEvent.BytesTransferred> reads = new ArrayList<>();
    Translator.builder()
        .outputDirectory(tmp.resolve("out"))
        .openPgpSigner(MavenReleases.signingKey())
        .sigstoreSigner(p256Signer())
        .releaseTime(MavenReleases.RELEASE_TIME)
        .verificationPolicy(VerificationPolicy.skipVerification())
        .listener(
            e -> {
              if (e instanceof ReleaseEvent.BytesTransferred b) {
                reads.add(b);
              }
            })
        .build()
        .translate(TranslateRequest.of(List.of(ArtifactReference.parse(ref))));
    assertTrue(Files.isRegularFile(tmp.resolve("out/maven/" + FILES.get(0) + ".asc")));
    assertTrue(Files.isRegularFile(tmp.resolve("out/maven/" + FILES.get(0) + ".sigstore.json")));
    // Every open of a blob starts counting at zero: a read that restarts is a second read.
    int opens = 0;
    long previous = Long.MAX_VALUE;
    for (ReleaseEvent.BytesTransferred b : reads) {
      if (b.bytesDone() <= previous) {
        opens++;
      }
      previous = b.bytesDone();
    }
    // A layer in a layout directory is read through its local file (LocalBlob), which reports no
    // transfer events: then no stream read may happen at all. Otherwise exactly one, to its end.
    assertTrue(opens <= 1, reads.toString());
    if (opens == 1) {
      ReleaseEvent.BytesTransferred last = reads.get(reads.size() - 1);
      assertEquals(last.bytesTotal(), last.bytesDone());
    }
  }

  /**
   * With a source that holds no local files (a registry, a tar archive of a layout), the target
   * must stream the layer: it is opened once, for files, checksums, {@code .asc} and Sigstore
   * bundles together, and read to its end (so its digest was checked), every byte through the one
   * stream.
   */
  @Test
  void aStreamedLayerIsReadExactlyOnceToItsEnd() throws Exception {
    MavenReleases releases = new MavenReleases(tmp.resolve("layout"));
    byte[] layer = TestArchives.tar(MavenTargetTest.demoTree(tmp, "demo", "1.0"));
    String ref = releases.tar(layer);
    StreamOnlySources sources = new StreamOnlySources(ArtifactReference.parse(ref).scheme());
    SigstoreKeySigner signer = p256Signer();
    Path out = tmp.resolve("out");
    Translator.builder()
        .outputDirectory(out)
        .openPgpSigner(MavenReleases.signingKey())
        .sigstoreSigner(signer)
        .releaseTime(MavenReleases.RELEASE_TIME)
        .verificationPolicy(VerificationPolicy.skipVerification())
        .sourceProviders(List.of(sources))
        .build()
        .translate(TranslateRequest.of(List.of(ArtifactReference.parse(ref))));

    Digest layerDigest = Digest.sha256Of(layer);
    assertEquals(1, sources.opens(layerDigest), sources.toString());
    assertEquals(layer.length, sources.bytesRead(layerDigest), sources.toString());
    // Every blob opened at all was opened once and read to its end.
    for (Digest d : sources.opened()) {
      assertEquals(1, sources.opens(d), sources.toString());
      assertEquals(sources.size(d), sources.bytesRead(d), sources.toString());
    }
    assertTrue(sources.localAsked() > 0, "the target asks for a local file first");
    Path maven = out.resolve("maven");
    for (String f : FILES) {
      assertTrue(
          verify(maven.resolve(f + ".sigstore.json"), maven.resolve(f), signer.publicKeyPem())
              .verified(),
          f);
      assertTrue(Files.isRegularFile(maven.resolve(f + ".asc")), f);
    }
  }

  /**
   * The installed source provider of a scheme, wrapped so that its sources hold no local files
   * ({@code openLocal} is always empty) and every blob is streamed; counts each blob's opens and
   * the bytes read from them (skipped bytes are read, so they count too).
   */
  static final class StreamOnlySources implements ArtifactSourceProvider {
    private final ArtifactSourceProvider delegate;
    private final Map<Digest, Integer> opens = new ConcurrentHashMap<>();
    private final Map<Digest, Long> sizes = new ConcurrentHashMap<>();
    private final Map<Digest, AtomicLong> bytes = new ConcurrentHashMap<>();
    private final AtomicInteger localAsked = new AtomicInteger();

    StreamOnlySources(String scheme) {
      delegate = ForwardingArtifactSource.installedProvider(scheme);
    }

    int opens(Digest d) {
      return opens.getOrDefault(d, 0);
    }

    long bytesRead(Digest d) {
      AtomicLong n = bytes.get(d);
      return n == null ? 0 : n.get();
    }

    long size(Digest d) {
      return sizes.getOrDefault(d, -1L);
    }

    java.util.Set<Digest> opened() {
      return java.util.Set.copyOf(opens.keySet());
    }

    int localAsked() {
      return localAsked.get();
    }

    @Override
    public String toString() {
      return "opens " + opens + ", bytes " + bytes + ", sizes " + sizes;
    }

    @Override
    public String scheme() {
      return delegate.scheme();
    }

    @Override
    public ArtifactSource open(ArtifactReference reference, SourceOptions options)
        throws KonfluxNativeException {
      ArtifactSource source = delegate.open(reference, options);
      return new ForwardingArtifactSource(source) {

        @Override
        public Optional<LocalBlob> openLocal(Descriptor descriptor) {
          localAsked.incrementAndGet();
          return Optional.empty();
        }

        @Override
        public InputStream open(Descriptor descriptor) throws KonfluxNativeException {
          Digest d = descriptor.digest();
          opens.merge(d, 1, Integer::sum);
          sizes.put(d, descriptor.size());
          AtomicLong count = bytes.computeIfAbsent(d, k -> new AtomicLong());
          return new FilterInputStream(source.open(descriptor)) {
            @Override
            public int read() throws IOException {
              int b = super.read();
              if (b >= 0) {
                count.incrementAndGet();
              }
              return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              int n = super.read(b, off, len);
              if (n > 0) {
                count.addAndGet(n);
              }
              return n;
            }

            @Override
            public long skip(long n) throws IOException {
              return BoundedReads.skipByReading(this, n, 8192);
            }
          };
        }
      };
    }
  }
}
