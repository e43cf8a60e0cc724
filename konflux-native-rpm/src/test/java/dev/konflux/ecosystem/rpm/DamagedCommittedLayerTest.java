package dev.konflux.ecosystem.rpm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.ReleaseRecord;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.TranslateResult;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.rpm.internal.header.RpmTags;
import dev.konflux.ecosystem.rpm.internal.sign.EditedHeaderPackages;
import dev.konflux.ecosystem.spi.ArtifactSourceProvider;
import dev.konflux.ecosystem.spi.EcosystemTarget;
import dev.konflux.ecosystem.spi.TargetContext;
import dev.konflux.ecosystem.spi.TargetSession;
import dev.konflux.ecosystem.testkit.CosignKeyPair;
import dev.konflux.ecosystem.testkit.CosignSigner;
import dev.konflux.ecosystem.testkit.ExampleArtifacts;
import dev.konflux.ecosystem.testkit.OciLayoutStore;
import dev.konflux.ecosystem.testkit.RpmBuildArtifact;
import dev.konflux.ecosystem.testkit.StoredArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damage on either side of an incremental release never leaves a bad package published while the
 * run claims success. A release plans with {@link TargetContext#writesEveryFile()} true ({@code
 * ReleaseRun.translateAndCommit}), so the RPM target signs every package of the release from its
 * verified layer while planning; only a kept plan (serve) plans from headers, and its {@code write}
 * streams the layer through the verifying reader again. So:
 *
 * <ul>
 *   <li>a committed package damaged on disk (same size, modification time put back) is written
 *       again from its layer when the same input is released again: the no-op check sees the change
 *       (stamps, then the digest), and the rerun replaces the file instead of carrying the damaged
 *       one over;
 *   <li>a layer whose stored bytes differ from its descriptor in an update is a {@link
 *       VerificationException} naming the layer's digest, and the committed output is left exactly
 *       as it was, whether the layer is read from its local file or streamed.
 * </ul>
 */
class DamagedCommittedLayerTest {
  private static final String FOO = "rpm/x86_64/Packages/foo-1.0-1.noarch.rpm";
  private static final Instant TIME = Instant.parse("2026-11-22T12:00:00Z");

  @TempDir Path tmp;
  private StoredArtifact artifact;
  private CosignKeyPair signingKey;
  private Path publicKey;
  private final List<Boolean> writesEveryFile = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void build() throws Exception {
    signingKey = CosignKeyPair.generate();
    publicKey = tmp.resolve("cosign.pub");
    signingKey.writePublicKey(publicKey);
    try (OciLayoutStore store = OciLayoutStore.open(tmp.resolve("layout"))) {
      artifact =
          RpmBuildArtifact.create()
              .tag(ExampleArtifacts.TAG)
              .addRpm(RpmOutputPinTest.pinned("hello-2.0-1.x86_64.rpm"))
              .addRpm(RpmOutputPinTest.pinned("foo-1.0-1.noarch.rpm"))
              .writeTo(store);
      CosignSigner.with(signingKey)
          .sign(store, artifact.descriptor(), ExampleArtifacts.DOCKER_REFERENCE);
    }
  }

  /**
   * A committed package overwritten in place with other bytes: one byte flipped (same size) or cut
   * short, its modification time put back either way.
   */
  @ParameterizedTest(name = "truncated={0}")
  @ValueSource(booleans = {false, true})
  void aDamagedCommittedPackageIsWrittenAgainWhenTheSameInputIsReleased(boolean truncated)
      throws Exception {
    Path out = tmp.resolve("out");
    translate(out, TIME, artifact, List.of());
    Path foo = out.resolve(FOO);
    byte[] good = Files.readAllBytes(foo);
    FileTime mtime = Files.getLastModifiedTime(foo);
    byte[] damaged = truncated ? java.util.Arrays.copyOf(good, good.length / 2) : good.clone();
    if (!truncated) {
      damaged[damaged.length / 2] ^= 0x5a;
    }
    Files.write(foo, damaged);
    Files.setLastModifiedTime(foo, mtime);
    assertNotEquals(Digest.sha256Of(good), Digest.sha256Of(Files.readAllBytes(foo)));

    writesEveryFile.clear();
    TranslateResult again = translate(out, TIME, artifact, List.of());

    assertFalse(again.unchanged(), "a damaged output is not the committed release");
    assertEquals(List.of(true), writesEveryFile, "a release writes every planned file");
    assertArrayEquals(good, Files.readAllBytes(foo));
    assertOutputMatchesItsRecord(out, again.record());
  }

  /**
   * An update whose new package's layer was damaged in the layout after it was signed (one byte of
   * the stored blob flipped, same size; in this small package it falls in the header, which the
   * signer checks before it reaches the layer's end), next to an intact package. Streamed: through
   * a source that hides the layout's local files ({@link FileAtATimeReleaseTest.CountingSources}).
   */
  @ParameterizedTest(name = "streamed={0}")
  @ValueSource(booleans = {false, true})
  void aDamagedLayerInAnUpdateFailsAndLeavesTheOutputAsItWas(boolean streamed) throws Exception {
    Path out = tmp.resolve("out");
    translate(out, TIME, artifact, List.of());
    Map<String, String> before = tree(out);

    Path bar =
        EditedHeaderPackages.edit(
            RpmOutputPinTest.pinned("foo-1.0-1.noarch.rpm"),
            tmp.resolve("bar-1.0-1.noarch.rpm"),
            Map.of(RpmTags.NAME, "bar"));
    StoredArtifact next;
    Descriptor barLayer;
    try (OciLayoutStore store = OciLayoutStore.open(tmp.resolve("layout"))) {
      next =
          RpmBuildArtifact.create()
              .tag("bar")
              .addRpm(bar)
              .addRpm(RpmOutputPinTest.pinned("hello-2.0-1.i686.rpm"))
              .writeTo(store);
      CosignSigner.with(signingKey)
          .sign(store, next.descriptor(), ExampleArtifacts.DOCKER_REFERENCE);
      barLayer = next.layer("noarch/bar-1.0-1.noarch.rpm");
      Path blob = store.blobPath(barLayer.digest());
      byte[] bytes = Files.readAllBytes(blob);
      bytes[bytes.length / 2] ^= 0x5a;
      Files.write(blob, bytes);
    }
    List<ArtifactSourceProvider> sources =
        streamed
            ? List.of(
                new FileAtATimeReleaseTest.CountingSources(
                    ArtifactReference.parse(next.reference()).scheme()))
            : List.of();

    List<String> siblingsBefore = siblings(tmp);
    VerificationException e =
        assertThrows(
            VerificationException.class, () -> translate(out, TIME.plusSeconds(60), next, sources));

    assertEquals(barLayer.digest(), e.digest().orElseThrow(), e.getMessage());
    assertTrue(
        String.valueOf(e.getMessage()).contains(barLayer.digest().toString()), e.getMessage());
    assertEquals(before, tree(out));
    // Nothing of the failed run is left beside the output either (staging, work directories).
    assertEquals(siblingsBefore, siblings(tmp));
  }

  private static List<String> siblings(Path dir) throws Exception {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private TranslateResult translate(
      Path out, Instant time, StoredArtifact what, List<ArtifactSourceProvider> sources)
      throws Exception {
    Translator.Builder b =
        Translator.builder()
            .outputDirectory(out)
            .verificationPolicy(
                dev.konflux.ecosystem.api.VerificationPolicy.builder()
                    .addPublicKey(CosignPublicKey.fromPem(publicKey))
                    .build())
            .openPgpSigner(RpmOutputPinTest.key("rpm.org-rsa-2048-test"))
            .releaseTime(time)
            .targets(List.of(new ContextRecordingTarget(new RpmTarget(), writesEveryFile)));
    if (!sources.isEmpty()) {
      b.sourceProviders(sources);
    }
    return b.build()
        .translate(TranslateRequest.of(List.of(ArtifactReference.parse(what.reference()))));
  }

  /** Every file the record lists holds the recorded bytes, and the output holds nothing else. */
  private static void assertOutputMatchesItsRecord(Path out, ReleaseRecord record)
      throws Exception {
    Map<String, String> recorded = new TreeMap<>();
    for (ReleaseRecord.FileEntry f : record.files()) {
      recorded.put(f.path(), f.sha256().hex());
    }
    Map<String, String> onDisk = tree(out);
    onDisk.remove("release.json");
    assertEquals(recorded, onDisk);
  }

  /** Path to SHA-256 of every regular file under {@code root}. */
  private static Map<String, String> tree(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        out.put(
            root.relativize(p).toString().replace('\\', '/'),
            Digest.sha256Of(Files.readAllBytes(p)).hex());
      }
    }
    return out;
  }

  /** The RPM target, recording what each session's context says about writing every file. */
  private record ContextRecordingTarget(EcosystemTarget delegate, List<Boolean> writesEveryFile)
      implements EcosystemTarget {
    @Override
    public String ecosystem() {
      return delegate.ecosystem();
    }

    @Override
    public int priority() {
      return delegate.priority();
    }

    @Override
    public Set<String> optionKeys() {
      return delegate.optionKeys();
    }

    @Override
    public boolean supports(ComponentArtifact artifact) {
      return delegate.supports(artifact);
    }

    @Override
    public TargetSession open(TargetContext context) throws KonfluxNativeException {
      writesEveryFile.add(context.writesEveryFile());
      return delegate.open(context);
    }
  }
}
