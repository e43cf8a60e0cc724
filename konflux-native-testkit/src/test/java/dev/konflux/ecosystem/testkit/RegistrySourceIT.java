package dev.konflux.ecosystem.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.BlobIntegrityException;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.Index;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.ManifestOrIndex;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.Referrer;
import dev.konflux.ecosystem.api.RegistryReference;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.spi.ArtifactSource;
import dev.konflux.ecosystem.spi.ArtifactSourceProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The registry source against a real, anonymous docker-registry 2.8. */
class RegistrySourceIT {

  @RegisterExtension
  static final DockerRegistryExtension REGISTRY = DockerRegistryExtension.anonymous();

  private static int repoCounter;

  private String newRepo() {
    return "ns/repo" + (++repoCounter);
  }

  private SourceOptions options() {
    return SourceOptions.builder()
        .plainHttp(REGISTRY.registry().hostAndPort())
        .maxAttempts(1)
        .build();
  }

  private ArtifactSource source(String repo) throws Exception {
    return RegistrySources.open(REGISTRY.registry().hostAndPort(), repo, options());
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static Descriptor layer(ArtifactStore store, String title, byte[] content)
      throws IOException {
    Descriptor d = store.putBlob(MediaTypes.RPM, content);
    return new Descriptor(
        d.mediaType(), d.digest(), d.size(), null, Map.of(MediaTypes.ANNOTATION_TITLE, title));
  }

  @Test
  void providerIsFoundByScheme() throws Exception {
    String repo = newRepo();
    RegistryArtifactStore store = REGISTRY.registry().store(repo);
    Descriptor m =
        TestManifests.pushManifest(
            store,
            MediaTypes.ARTIFACT_RPM_BUILD,
            List.of(layer(store, "a.rpm", random(100, 1))),
            null,
            null,
            "v1");
    ArtifactReference ref = ArtifactReference.parse(store.reference("v1"));
    ArtifactSourceProvider provider =
        ServiceLoader.load(ArtifactSourceProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.scheme().equals(ref.scheme()))
            .findFirst()
            .orElseThrow();
    try (ArtifactSource source = provider.open(ref, options())) {
      assertEquals(m.digest(), source.resolve(ref).digest());
      assertEquals("127.0.0.1:" + REGISTRY.registry().port() + "/" + repo, source.describe());
    }
  }

  @Test
  void resolvesTagAndDigestToTheSameVerifiedManifest() throws Exception {
    String repo = newRepo();
    RegistryArtifactStore store = REGISTRY.registry().store(repo);
    Descriptor a = layer(store, "x86_64/a-1.0-1.x86_64.rpm", random(5000, 2));
    Descriptor b = layer(store, "cg_import.json", "{}".getBytes(StandardCharsets.UTF_8));
    Descriptor m =
        TestManifests.pushManifest(
            store, MediaTypes.ARTIFACT_RPM_BUILD, List.of(a, b), null, null, "v1");
    try (ArtifactSource source = source(repo)) {
      ManifestOrIndex byTag = source.resolve(RegistryReference.parse(store.reference("v1")));
      Manifest manifest = assertInstanceOf(Manifest.class, byTag);
      assertEquals(m.digest(), manifest.digest());
      assertEquals(MediaTypes.ARTIFACT_RPM_BUILD, manifest.effectiveArtifactType());
      assertEquals(
          List.of(a.digest(), b.digest()),
          manifest.layers().stream().map(Descriptor::digest).collect(Collectors.toList()));
      assertEquals("x86_64/a-1.0-1.x86_64.rpm", manifest.layers().get(0).title().orElseThrow());
      ManifestOrIndex byDigest =
          source.resolve(RegistryReference.parse(store.reference(m.digest())));
      assertEquals(manifest, byDigest);
    }
  }

  @Test
  void unknownTagIsSourceUnavailableNamingTheReference() throws Exception {
    String repo = newRepo();
    try (ArtifactSource source = source(repo)) {
      RegistryReference ref =
          RegistryReference.parse(REGISTRY.registry().hostAndPort() + "/" + repo + ":nope");
      SourceUnavailableException e =
          assertThrows(SourceUnavailableException.class, () -> source.resolve(ref));
      assertTrue(e.getMessage().contains(ref.toString()), e.getMessage());
    }
  }

  @Test
  void resolvesAnIndexAndFetchesItsManifests() throws Exception {
    String repo = newRepo();
    RegistryArtifactStore store = REGISTRY.registry().store(repo);
    Descriptor m1 =
        TestManifests.pushManifest(
            store,
            MediaTypes.ARTIFACT_RPM_BUILD,
            List.of(layer(store, "one.rpm", random(300, 3))),
            null,
            null,
            null);
    Descriptor m2 =
        TestManifests.pushManifest(
            store,
            MediaTypes.ARTIFACT_PYTHON_WHEELS,
            List.of(layer(store, "two.whl", random(400, 4))),
            null,
            null,
            null);
    Descriptor idx = TestManifests.pushIndex(store, List.of(m1, m2), "multi");
    try (ArtifactSource source = source(repo)) {
      Index index =
          assertInstanceOf(
              Index.class, source.resolve(RegistryReference.parse(store.reference("multi"))));
      assertEquals(idx.digest(), index.digest());
      assertEquals(
          List.of(m1.digest(), m2.digest()),
          index.manifests().stream().map(Descriptor::digest).collect(Collectors.toList()));
      Manifest second = source.fetchManifest(index.manifests().get(1));
      assertEquals(m2.digest(), second.digest());
      assertEquals(MediaTypes.ARTIFACT_PYTHON_WHEELS, second.effectiveArtifactType());
    }
  }

  @Test
  void blobsStreamAndVerify() throws Exception {
    String repo = newRepo();
    RegistryArtifactStore store = REGISTRY.registry().store(repo);
    byte[] content = random(3 * 1024 * 1024 + 17, 5);
    Descriptor blob = store.putBlob(MediaTypes.RPM, content);
    try (ArtifactSource source = source(repo);
        InputStream in = source.open(blob)) {
      assertArrayEquals(content, in.readAllBytes());
    }
  }

  @Test
  void aCorruptedBlobFailsBeforeEndOfStream() throws Exception {
    String repo = newRepo();
    RegistryArtifactStore store = REGISTRY.registry().store(repo);
    byte[] content = random(200_000, 6);
    Descriptor blob = store.putBlob(MediaTypes.RPM, content);
    Path data = REGISTRY.registry().blobFile(blob.digest());
    // Flip one byte in the registry's own storage: same size, different digest.
    try (FileChannel ch =
        FileChannel.open(data, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      ch.read(one, 1234);
      one.flip();
      byte flipped = (byte) (one.get(0) ^ 0x40);
      ch.write(ByteBuffer.wrap(new byte[] {flipped}), 1234);
    }
    try (ArtifactSource source = source(repo);
        InputStream in = source.open(blob)) {
      ByteArrayOutputStream seen = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      BlobIntegrityException e =
          assertThrows(
              BlobIntegrityException.class,
              () -> {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  seen.write(buf, 0, n);
                }
              });
      assertEquals(blob.digest(), e.expected());
      assertTrue(
          e.getMessage().contains(REGISTRY.registry().hostAndPort() + "/" + repo), e.getMessage());
      assertTrue(seen.size() <= content.length);
    }
  }

  @Test
  void aBlobWithTheWrongSizeIsRefused() throws Exception {
    String repo = newRepo();
    RegistryArtifactStore store = REGISTRY.registry().store(repo);
    Descriptor blob = store.putBlob(MediaTypes.RPM, random(1000, 7));
    Descriptor lying = Descriptor.of(blob.mediaType(), blob.digest(), 999);
    try (ArtifactSource source = source(repo)) {
      // The registry announces 1000 bytes for a descriptor of 999: refused before any byte is read.
      VerificationException e = assertThrows(VerificationException.class, () -> source.open(lying));
      assertTrue(
          e.getMessage().contains("pulling blob " + blob.digest() + " of " + source.describe()),
          e.getMessage());
    }
  }

  @Test
  void missingBlobIsSourceUnavailableNamingDigestAndRepository() throws Exception {
    String repo = newRepo();
    Digest absent = Digest.sha256Of("absent".getBytes(StandardCharsets.UTF_8));
    try (ArtifactSource source = source(repo)) {
      SourceUnavailableException e =
          assertThrows(
              SourceUnavailableException.class,
              () -> source.open(Descriptor.of(MediaTypes.RPM, absent, 6)));
      assertTrue(
          e.getMessage().contains("pulling blob " + absent + " of " + source.describe()),
          e.getMessage());
    }
  }

  @Test
  void referrersFromTheTagSchema() throws Exception {
    String repo = newRepo();
    RegistryArtifactStore store = REGISTRY.registry().store(repo);
    Descriptor subject =
        TestManifests.pushManifest(
            store,
            MediaTypes.ARTIFACT_RPM_BUILD,
            List.of(layer(store, "a.rpm", random(100, 8))),
            null,
            null,
            "v1");
    Descriptor bundle =
        store.putBlob(
            MediaTypes.SIGSTORE_BUNDLE_V03, "{\"bundle\":1}".getBytes(StandardCharsets.UTF_8));
    Descriptor sbom =
        store.putBlob(
            MediaTypes.SPDX_JSON,
            "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8));
    Descriptor r1 =
        TestManifests.pushManifest(
            store,
            MediaTypes.SIGSTORE_BUNDLE_V03,
            List.of(bundle),
            subject,
            Map.of(MediaTypes.ANNOTATION_BUNDLE_CONTENT, "dsse-envelope"),
            null);
    Descriptor r2 =
        TestManifests.pushManifest(
            store, MediaTypes.COSIGN_SBOM_ARTIFACT, List.of(sbom), subject, null, null);
    TestManifests.pushIndex(store, List.of(r1, r2), subject.digest().asTagPrefix());
    try (ArtifactSource source = source(repo)) {
      List<Referrer> referrers = source.referrers(subject.digest());
      assertEquals(List.of(r1.digest(), r2.digest()), digests(referrers));
      assertTrue(referrers.stream().allMatch(r -> r.discovery() == Referrer.Discovery.TAG_SCHEMA));
      assertEquals(Referrer.Kind.SIGSTORE_BUNDLE, referrers.get(0).kind());
      assertEquals(Referrer.Kind.SBOM, referrers.get(1).kind());
      assertTrue(referrers.stream().allMatch(r -> r.subject().equals(subject.digest())));

      List<Referrer> onlySboms =
          source.referrers(subject.digest(), MediaTypes.COSIGN_SBOM_ARTIFACT);
      assertEquals(List.of(r2.digest()), digests(onlySboms));
    }
  }

  @Test
  void referrersFromCosignTagsAndDeduplicated() throws Exception {
    String repo = newRepo();
    RegistryArtifactStore store = REGISTRY.registry().store(repo);
    Descriptor subject =
        TestManifests.pushManifest(
            store,
            MediaTypes.ARTIFACT_RPM_BUILD,
            List.of(layer(store, "a.rpm", random(100, 9))),
            null,
            null,
            "v1");
    String prefix = subject.digest().asTagPrefix();
    Descriptor payload =
        store.putBlob(
            MediaTypes.COSIGN_SIMPLE_SIGNING,
            ("{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" + subject.digest() + "\"}}}")
                .getBytes(StandardCharsets.UTF_8));
    Descriptor sigLayer =
        new Descriptor(
            payload.mediaType(),
            payload.digest(),
            payload.size(),
            null,
            Map.of(MediaTypes.ANNOTATION_COSIGN_SIGNATURE, "MEUCIQ=="));
    Descriptor sig =
        TestManifests.pushManifest(store, null, List.of(sigLayer), null, null, prefix + ".sig");
    Descriptor dsse =
        store.putBlob(
            MediaTypes.DSSE_ENVELOPE, "{\"payloadType\":\"x\"}".getBytes(StandardCharsets.UTF_8));
    Descriptor att =
        TestManifests.pushManifest(store, null, List.of(dsse), null, null, prefix + ".att");
    Descriptor spdx = store.putBlob(MediaTypes.SPDX_JSON, "{}".getBytes(StandardCharsets.UTF_8));
    Descriptor sbom =
        TestManifests.pushManifest(store, null, List.of(spdx), null, null, prefix + ".sbom");
    // An OCI referrer that the tag schema lists too: one of each place, and a duplicate across
    // places.
    Descriptor bundle =
        store.putBlob(MediaTypes.SIGSTORE_BUNDLE_V03, "{\"b\":2}".getBytes(StandardCharsets.UTF_8));
    byte[] ociRefBytes =
        TestManifests.manifest(
            store, MediaTypes.SIGSTORE_BUNDLE_V03, List.of(bundle), subject, null);
    Descriptor pushedRef = store.putManifest(MediaTypes.OCI_MANIFEST, ociRefBytes, null);
    Descriptor ociRef =
        new Descriptor(
            pushedRef.mediaType(),
            pushedRef.digest(),
            pushedRef.size(),
            MediaTypes.SIGSTORE_BUNDLE_V03,
            Map.of());
    TestManifests.pushIndex(store, List.of(ociRef), prefix);
    try (ArtifactSource source = source(repo)) {
      List<Referrer> referrers = source.referrers(subject.digest());
      assertEquals(
          List.of(ociRef.digest(), sig.digest(), att.digest(), sbom.digest()), digests(referrers));
      Map<Digest, Referrer> byDigest =
          referrers.stream().collect(Collectors.toMap(r -> r.manifest().digest(), r -> r));
      assertEquals(Referrer.Discovery.TAG_SCHEMA, byDigest.get(ociRef.digest()).discovery());
      assertEquals(Referrer.Kind.COSIGN_SIGNATURE, byDigest.get(sig.digest()).kind());
      assertEquals(Referrer.Kind.COSIGN_ATTESTATION, byDigest.get(att.digest()).kind());
      assertEquals(Referrer.Kind.COSIGN_SBOM, byDigest.get(sbom.digest()).kind());
      assertEquals(Referrer.Discovery.COSIGN_TAG, byDigest.get(sig.digest()).discovery());
      assertEquals(
          "MEUCIQ==",
          byDigest
              .get(sig.digest())
              .manifest()
              .layers()
              .get(0)
              .annotation(MediaTypes.ANNOTATION_COSIGN_SIGNATURE)
              .orElseThrow());
    }

    // Now the .att tag points at the OCI referrer already listed by the tag schema: reported once.
    store.putManifest(MediaTypes.OCI_MANIFEST, ociRefBytes, prefix + ".att");
    try (ArtifactSource source = source(repo)) {
      List<Referrer> referrers = source.referrers(subject.digest());
      assertEquals(List.of(ociRef.digest(), sig.digest(), sbom.digest()), digests(referrers));
      assertEquals(Referrer.Discovery.TAG_SCHEMA, referrers.get(0).discovery());
    }
  }

  @Test
  void noReferrersAnywhereIsAnEmptyList() throws Exception {
    String repo = newRepo();
    RegistryArtifactStore store = REGISTRY.registry().store(repo);
    Descriptor subject =
        TestManifests.pushManifest(
            store,
            MediaTypes.ARTIFACT_RPM_BUILD,
            List.of(layer(store, "a.rpm", random(100, 10))),
            null,
            null,
            "v1");
    try (ArtifactSource source = source(repo)) {
      assertEquals(List.of(), source.referrers(subject.digest()));
    }
  }

  private static List<Digest> digests(List<Referrer> referrers) {
    return referrers.stream().map(r -> r.manifest().digest()).collect(Collectors.toList());
  }
}
