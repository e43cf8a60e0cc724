package dev.konflux.ecosystem.rpm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.Evidence;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.Referrer;
import dev.konflux.ecosystem.api.ReleasePlan;
import dev.konflux.ecosystem.api.ReleaseRecord;
import dev.konflux.ecosystem.api.SbomDocument;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.TranslateResult;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.api.VerifiedArtifact;
import dev.konflux.ecosystem.spi.ArtifactSource;
import dev.konflux.ecosystem.spi.ArtifactSourceProvider;
import dev.konflux.ecosystem.spi.EcosystemTarget;
import dev.konflux.ecosystem.spi.LocalBlob;
import dev.konflux.ecosystem.spi.ProducedFile;
import dev.konflux.ecosystem.testkit.CosignKeyPair;
import dev.konflux.ecosystem.testkit.CosignSigner;
import dev.konflux.ecosystem.testkit.ExampleArtifacts;
import dev.konflux.ecosystem.testkit.ForwardingArtifactSource;
import dev.konflux.ecosystem.testkit.OciLayoutStore;
import dev.konflux.ecosystem.testkit.ReferrerSigner;
import dev.konflux.ecosystem.testkit.RpmBuildArtifact;
import dev.konflux.ecosystem.testkit.SbomDocuments;
import dev.konflux.ecosystem.testkit.SlsaProvenance;
import dev.konflux.ecosystem.testkit.StoredArtifact;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file-at-a-time SPI through the public API, on a real signed Konflux RPM build (testkit: an
 * OCI layout with cosign signature, SLSA provenance attestation naming the SBOM's blob, a Sigstore
 * bundle, a cosign {@code .sbom} tag and an SBOM referrer): targets receive verified evidence and
 * SBOMs; a kept plan writes one package reading only its layer; release.json gives every file an
 * origin.
 */
class FileAtATimeReleaseTest {
  private static final String FOO = "rpm/x86_64/Packages/foo-1.0-1.noarch.rpm";
  private static final Instant TIME = Instant.parse("2026-11-22T12:00:00Z");

  @TempDir Path tmp;
  private StoredArtifact artifact;
  private byte[] sbom;
  private Path publicKey;
  private CosignKeyPair signingKey;

  @BeforeEach
  void build() throws Exception {
    CosignKeyPair key = CosignKeyPair.generate();
    signingKey = key;
    publicKey = tmp.resolve("cosign.pub");
    key.writePublicKey(publicKey);
    try (OciLayoutStore store = OciLayoutStore.open(tmp.resolve("layout"))) {
      artifact =
          RpmBuildArtifact.create()
              .withCgImport()
              .tag(ExampleArtifacts.TAG)
              .addRpm(RpmOutputPinTest.pinned("hello-2.0-1.x86_64.rpm"))
              .addRpm(RpmOutputPinTest.pinned("hello-2.0-1.i686.rpm"))
              .addRpm(RpmOutputPinTest.pinned("foo-1.0-1.noarch.rpm"))
              .writeTo(store);
      sbom = SbomDocuments.spdx("example", artifact.contents());
      SlsaProvenance provenance =
          SlsaProvenance.v02()
              .result(
                  "SBOM_BLOB_URL", ExampleArtifacts.DOCKER_REFERENCE + "@" + Digest.sha256Of(sbom));
      CosignSigner cosign = CosignSigner.with(key);
      cosign.sign(store, artifact.descriptor(), ExampleArtifacts.DOCKER_REFERENCE);
      cosign.attest(store, artifact.descriptor(), ExampleArtifacts.DOCKER_REFERENCE, provenance);
      cosign.attachSbom(store, artifact.descriptor(), MediaTypes.SPDX_JSON, sbom);
      ReferrerSigner referrers = ReferrerSigner.with(key);
      referrers.signatureBundle(store, artifact.descriptor());
      referrers.sbom(store, artifact.descriptor(), MediaTypes.SPDX_JSON, sbom);
    }
  }

  private TranslateRequest request() throws Exception {
    return TranslateRequest.of(List.of(ArtifactReference.parse(artifact.reference())));
  }

  private Translator.Builder translator(Path out, EcosystemTarget... targets) throws Exception {
    return Translator.builder()
        .outputDirectory(out)
        .verificationPolicy(
            VerificationPolicy.builder().addPublicKey(CosignPublicKey.fromPem(publicKey)).build())
        .openPgpSigner(RpmOutputPinTest.key("rpm.org-rsa-2048-test"))
        .releaseTime(TIME)
        .targets(List.of(targets));
  }

  @Test
  void aTargetReadsTheVerifiedProvenanceAndTheSbomsOfItsArtifact() throws Exception {
    EvidenceTestTarget evidenceTarget = new EvidenceTestTarget();
    Path out = tmp.resolve("out");
    TranslateResult result =
        translator(out, new RpmTarget(), evidenceTarget).build().translate(request());

    assertEquals(1, evidenceTarget.seen.size());
    VerifiedArtifact va = evidenceTarget.seen.get(0);
    assertEquals(artifact.digest(), va.artifact().manifest().digest());
    // The verified provenance, parsed, with Konflux's pointer to the SBOM.
    assertEquals(
        ExampleArtifacts.DOCKER_REFERENCE + "@" + Digest.sha256Of(sbom),
        va.provenance().orElseThrow().sbomBlobUrl().orElseThrow());
    assertEquals(
        List.of(va.evidence(SlsaProvenance.PREDICATE_V02).get(0).provenance()),
        List.of(va.provenance().get()));
    // Evidence: exactly the layers that verified, with their bytes; apart from unverified
    // referrers.
    Set<Evidence.Kind> kinds =
        va.evidence().stream().map(Evidence::kind).collect(Collectors.toSet());
    assertEquals(
        Set.of(Evidence.Kind.SIGNATURE, Evidence.Kind.ATTESTATION, Evidence.Kind.BUNDLE), kinds);
    for (Evidence e : va.evidence()) {
      assertTrue(
          e.referrer().manifest().layers().stream().anyMatch(l -> l.digest().equals(e.layer())),
          e.toString());
      assertEquals(e.layer(), Digest.sha256Of(e.bytes()), e.toString());
      assertTrue(
          va.unverifiedReferrers().stream().noneMatch(r -> r.equals(e.referrer())), e.toString());
    }
    assertTrue(
        va.unverifiedReferrers().stream()
            .anyMatch(
                r -> r.kind() == Referrer.Kind.SBOM || r.kind() == Referrer.Kind.COSIGN_SBOM));
    // One SBOM (found twice: .sbom tag and referrer), signed because the verified provenance names
    // it.
    assertEquals(1, va.sboms().size(), va.sboms().toString());
    SbomDocument doc = va.sboms().get(0);
    assertEquals(Digest.sha256Of(sbom), doc.digest());
    assertEquals(MediaTypes.SPDX_JSON, doc.mediaType());
    assertTrue(
        doc.origin() == SbomDocument.Origin.COSIGN_SBOM_TAG
            || doc.origin() == SbomDocument.Origin.SBOM_REFERRER);
    assertTrue(doc.signed());
    // The target read the SBOM's bytes through the verifying reader.
    String written = Files.readString(out.resolve("evidence/" + va.component() + ".txt"));
    assertTrue(written.contains("read " + Digest.sha256Of(sbom)), written);
    assertTrue(written.startsWith("builder https://tekton.dev/chains/v2"), written);
    // Decisions about a referrer's layer name that layer, in the record too.
    for (VerificationDecision d : result.record().decisions()) {
      if (d.referrer() != null
          && d.kind() != VerificationDecision.Kind.POLICY
          && d.kind() != VerificationDecision.Kind.SBOM) {
        assertNotNull(d.layer(), d.describe());
      }
    }
    assertTrue(Files.readString(out.resolve("release.json")).contains("\"layer\" : \"sha256:"));
    // The higher-priority target took the RPM artifact.
    assertFalse(Files.exists(out.resolve("rpm")));
  }

  @Test
  void askingAPlanForOneRpmReadsThatPackagesLayerAndNoOther() throws Exception {
    CountingSources counting =
        new CountingSources(ArtifactReference.parse(artifact.reference()).scheme());
    Descriptor fooLayer = artifact.layer("noarch/foo-1.0-1.noarch.rpm");
    Path served = tmp.resolve("served");
    ProducedFile foo;
    try (ReleasePlan plan =
        translator(tmp.resolve("out"), new RpmTarget())
            .sourceProviders(List.of(counting))
            .build()
            .plan(request())) {
      Set<String> paths =
          plan.files().stream().map(ReleasePlan.Entry::outputPath).collect(Collectors.toSet());
      assertTrue(
          paths.containsAll(
              Set.of(
                  FOO,
                  "rpm/aarch64/Packages/foo-1.0-1.noarch.rpm",
                  "rpm/x86_64/Packages/hello-2.0-1.x86_64.rpm",
                  "rpm/x86_64/Packages/hello-2.0-1.i686.rpm")),
          paths.toString());
      assertTrue(
          plan.file(FOO).orElseThrow().file().size().isEmpty(),
          "a kept plan does not sign while planning");

      counting.opened.clear();
      foo = plan.write(FOO, served.resolve(FOO));
      assertEquals(List.of(fooLayer.digest()), counting.opened);

      List<ProducedFile> index = plan.writeIndex("rpm", List.of(foo), served.resolve("rpm"));
      assertTrue(
          index.stream().anyMatch(f -> f.path().equals("x86_64/repodata/repomd.xml")),
          index.toString());
      assertTrue(
          Files.readString(served.resolve("rpm/x86_64/repodata/repomd.xml")).contains("primary"));
    }
    // The file written on request is the very file a release writes.
    Path out = tmp.resolve("out");
    translator(out, new RpmTarget()).build().translate(request());
    assertArrayEquals(
        Files.readAllBytes(out.resolve(FOO)), Files.readAllBytes(served.resolve(FOO)));
    assertEquals(Digest.sha256Of(Files.readAllBytes(out.resolve(FOO))), foo.sha256());
  }

  @Test
  void aReleaseReadsEveryPackageOnce() throws Exception {
    CountingSources counting =
        new CountingSources(ArtifactReference.parse(artifact.reference()).scheme());
    translator(tmp.resolve("out"), new RpmTarget())
        .sourceProviders(List.of(counting))
        .build()
        .translate(request());
    List<Digest> packages =
        artifact.contents().stream()
            .filter(l -> MediaTypes.RPM.equals(l.mediaType()))
            .map(Descriptor::digest)
            .toList();
    assertEquals(3, packages.size());
    for (Digest p : packages) {
      assertEquals(
          1,
          counting.opened.stream().filter(p::equals).count(),
          "reads of " + p + ": " + counting.opened);
    }
  }

  @Test
  void everyFileInReleaseJsonHasAnOrigin() throws Exception {
    Path out = tmp.resolve("out");
    ReleaseRecord record = translator(out, new RpmTarget()).build().translate(request()).record();
    Set<String> paths =
        record.files().stream().map(ReleaseRecord.FileEntry::path).collect(Collectors.toSet());
    assertTrue(paths.contains("rpm/x86_64/repodata/repomd.xml.asc"), paths.toString());
    for (ReleaseRecord.FileEntry f : record.files()) {
      assertTrue(f.hasOrigin(), f.toString());
      for (String d : f.derivedFrom()) {
        assertTrue(
            !ProducedFile.isPath(d) || paths.contains(d), f.path() + " derived from unknown " + d);
      }
    }
    ReleaseRecord.FileEntry asc =
        record.files().stream()
            .filter(f -> f.path().equals("rpm/x86_64/repodata/repomd.xml.asc"))
            .findFirst()
            .orElseThrow();
    assertTrue(asc.derivedFrom().contains("rpm/x86_64/repodata/repomd.xml"), asc.toString());
    assertTrue(asc.derivedFrom().stream().anyMatch(d -> d.startsWith("key:")), asc.toString());
    ReleaseRecord.FileEntry key =
        record.files().stream()
            .filter(f -> f.path().equals("rpm/x86_64/RPM-GPG-KEY-konflux"))
            .findFirst()
            .orElseThrow();
    assertTrue(key.derivedFrom().get(0).startsWith("key:"), key.toString());

    // A second release of another build adds to the first: carried-over files keep their committed
    // records (origins naming the first build), new files name the second.
    StoredArtifact next;
    try (OciLayoutStore store = OciLayoutStore.open(tmp.resolve("layout"))) {
      next =
          RpmBuildArtifact.create()
              .tag("next")
              .addRpm(
                  RpmOutputPinTest.pinned("hello-2.0-1.x86_64-signed.rpm"),
                  "x86_64/hello-2.0-1.x86_64.rpm")
              .writeTo(store);
      CosignSigner.with(signingKey)
          .sign(store, next.descriptor(), ExampleArtifacts.DOCKER_REFERENCE);
    }
    ReleaseRecord second =
        translator(out, new RpmTarget())
            .releaseTime(TIME.plusSeconds(60))
            .build()
            .translate(TranslateRequest.of(List.of(ArtifactReference.parse(next.reference()))))
            .record();
    assertTrue(
        second.files().stream().allMatch(ReleaseRecord.FileEntry::hasOrigin),
        second.files().toString());
    ReleaseRecord.FileEntry fooBefore = entry(record, FOO);
    ReleaseRecord.FileEntry fooAfter = entry(second, FOO);
    assertEquals(fooBefore, fooAfter);
    assertEquals(artifact.digest(), fooAfter.origins().get(0).manifestDigest());
    assertEquals(
        next.digest(),
        entry(second, "rpm/x86_64/Packages/hello-2.0-1.x86_64.rpm")
            .origins()
            .get(0)
            .manifestDigest());
    assertTrue(
        Files.readString(out.resolve("rpm/x86_64/repodata/repomd.xml"))
            .contains("<revision>" + TIME.plusSeconds(60).getEpochSecond() + "</revision>"));
  }

  @Test
  void anIncrementalReleaseReadsNoByteOfAnUnchangedPackage() throws Exception {
    Path out = tmp.resolve("out");
    translator(out, new RpmTarget()).build().translate(request());
    String primaryBefore = primaryEntry(out, "foo");
    // Overwrite the committed foo with zeros of the same size and put its modification time back:
    // had the update read or hashed it, it would fail (not an RPM) or list another checksum.
    Path foo = out.resolve(FOO);
    Path hello = out.resolve("rpm/x86_64/Packages/hello-2.0-1.x86_64.rpm");
    // Inode and ctime: linking the file elsewhere (and unlinking it) would change its ctime.
    java.util.Map<String, Object> helloBefore = Files.readAttributes(hello, "unix:ino,ctime");
    java.util.Set<String> repodataBefore = listing(out.resolve("rpm/x86_64/repodata"));
    java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(foo);
    byte[] zeros = new byte[(int) Files.size(foo)];
    Files.write(foo, zeros);
    Files.setLastModifiedTime(foo, mtime);

    Path bar =
        dev.konflux.ecosystem.rpm.internal.sign.EditedHeaderPackages.edit(
            RpmOutputPinTest.pinned("foo-1.0-1.noarch.rpm"),
            tmp.resolve("bar-1.0-1.noarch.rpm"),
            java.util.Map.of(dev.konflux.ecosystem.rpm.internal.header.RpmTags.NAME, "bar"));
    StoredArtifact next;
    try (OciLayoutStore store = OciLayoutStore.open(tmp.resolve("layout"))) {
      next = RpmBuildArtifact.create().tag("bar").addRpm(bar).writeTo(store);
      CosignSigner.with(signingKey)
          .sign(store, next.descriptor(), ExampleArtifacts.DOCKER_REFERENCE);
    }
    CountingSources counting =
        new CountingSources(ArtifactReference.parse(next.reference()).scheme());
    Thread.sleep(20); // past the clock tick of the first release's ctimes
    ReleaseRecord updated =
        translator(out, new RpmTarget())
            .releaseTime(TIME.plusSeconds(60))
            .sourceProviders(List.of(counting))
            .build()
            .translate(TranslateRequest.of(List.of(ArtifactReference.parse(next.reference()))))
            .record();
    // Committed in place: a carried package is the same file; the old metadata files are gone
    // (repomd.xml and its signature are replaced), and the output holds what the record lists.
    assertEquals(helloBefore, Files.readAttributes(hello, "unix:ino,ctime"));
    java.util.Set<String> repodataAfter = listing(out.resolve("rpm/x86_64/repodata"));
    assertEquals(repodataBefore.size(), repodataAfter.size(), repodataAfter.toString());
    java.util.Set<String> kept = new java.util.TreeSet<>(repodataBefore);
    kept.retainAll(repodataAfter);
    assertEquals(java.util.Set.of("repomd.xml", "repomd.xml.asc"), kept);
    java.util.Set<String> onDisk = new java.util.TreeSet<>();
    try (java.util.stream.Stream<Path> walk = Files.walk(out)) {
      walk.filter(Files::isRegularFile)
          .forEach(p -> onDisk.add(out.relativize(p).toString().replace('\\', '/')));
    }
    java.util.Set<String> recorded = new java.util.TreeSet<>();
    updated.files().forEach(f -> recorded.add(f.path()));
    recorded.add("release.json");
    assertEquals(recorded, onDisk);
    // Blobs: only the new package's layer among the packages.
    Descriptor barLayer = next.layer("noarch/bar-1.0-1.noarch.rpm");
    assertEquals(
        1,
        counting.opened.stream().filter(barLayer.digest()::equals).count(),
        counting.opened.toString());
    for (Descriptor l : artifact.contents()) {
      assertFalse(counting.opened.contains(l.digest()), l.toString());
    }
    // Committed packages: carried over and listed from the committed metadata, never read.
    assertArrayEquals(zeros, Files.readAllBytes(foo));
    assertEquals(primaryBefore, primaryEntry(out, "foo"));
    assertTrue(primaryEntry(out, "bar").contains("bar-1.0-1.noarch.rpm"));
  }

  private static java.util.Set<String> listing(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
  }

  /** The {@code <package>} element of x86_64's primary.xml naming a package. */
  private static String primaryEntry(Path out, String name) throws Exception {
    Path repodata = out.resolve("rpm/x86_64/repodata");
    Path primary;
    try (java.util.stream.Stream<Path> files = Files.list(repodata)) {
      primary =
          files
              .filter(p -> p.getFileName().toString().endsWith("primary.xml.gz"))
              .findFirst()
              .orElseThrow();
    }
    String xml;
    try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(primary))) {
      xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    int start = xml.indexOf("<name>" + name + "</name>");
    assertTrue(start > 0, name + " not in " + primary);
    int from = xml.lastIndexOf("<package", start);
    return xml.substring(from, xml.indexOf("</package>", start));
  }

  private static ReleaseRecord.FileEntry entry(ReleaseRecord record, String path) {
    return record.files().stream()
        .filter(f -> f.path().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError(path + " not in " + record.files()));
  }

  /** The installed source provider of a scheme, counting every blob it opens. */
  static final class CountingSources implements ArtifactSourceProvider {
    final List<Digest> opened = Collections.synchronizedList(new ArrayList<>());
    private final ArtifactSourceProvider delegate;

    CountingSources(String scheme) {
      delegate = ForwardingArtifactSource.installedProvider(scheme);
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
          return Optional.empty(); // every blob streamed, so that open() sees it
        }

        @Override
        public InputStream open(Descriptor descriptor) throws KonfluxNativeException {
          opened.add(descriptor.digest());
          return source.open(descriptor);
        }
      };
    }
  }
}
