package dev.konflux.ecosystem.serve;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.ReleasePlan;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.spi.ArtifactSource;
import dev.konflux.ecosystem.spi.ArtifactSourceProvider;
import dev.konflux.ecosystem.spi.LocalBlob;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import dev.konflux.ecosystem.testkit.CosignKeyPair;
import dev.konflux.ecosystem.testkit.CosignSigner;
import dev.konflux.ecosystem.testkit.ExampleArtifacts;
import dev.konflux.ecosystem.testkit.ForwardingArtifactSource;
import dev.konflux.ecosystem.testkit.OciLayoutStore;
import dev.konflux.ecosystem.testkit.RpmBuildArtifact;
import dev.konflux.ecosystem.testkit.StoredArtifact;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A signed Konflux RPM build in an OCI layout, with packages built here by the real {@code
 * rpmbuild} from one spec (one subpackage per package, so one run makes them all): small packages
 * {@code demo-sub-N} and one {@code demo-big} of incompressible bytes, for ranges and aborted
 * downloads.
 */
final class ServeFixture {
  /**
   * Fixed for the run (served and released bytes compare equal), after the ephemeral keys'
   * creation.
   */
  static final Instant TIME = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

  final Path layout;
  final StoredArtifact artifact;
  final Path cosignPublicKey;
  final Path otherCosignPublicKey;
  final List<Path> rpms;
  final CosignKeyPair cosignKey;

  private ServeFixture(
      Path layout,
      StoredArtifact artifact,
      Path pub,
      Path otherPub,
      List<Path> rpms,
      CosignKeyPair cosignKey) {
    this.cosignKey = cosignKey;
    this.layout = layout;
    this.artifact = artifact;
    this.cosignPublicKey = pub;
    this.otherCosignPublicKey = otherPub;
    this.rpms = rpms;
  }

  static ServeFixture build(Path dir, int subpackages, int bigMiB) throws Exception {
    Path top = Files.createDirectories(dir.resolve("rpmbuild"));
    StringBuilder spec =
        new StringBuilder(
            """
        Name: demo
        Version: 1.0
        Release: 1
        Summary: demo
        License: MIT
        BuildArch: x86_64
        %description
        demo
        %package big
        Summary: big demo
        %description big
        big demo
        """);
    for (int i = 1; i <= subpackages; i++) {
      spec.append(
          String.format(
              Locale.ROOT,
              "%%package sub-%d%nSummary: sub %d%n%%description sub-%d%nsub %d%n",
              i,
              i,
              i,
              i));
    }
    spec.append(
        String.format(
            Locale.ROOT,
            """
        %%install
        mkdir -p %%{buildroot}/usr/share/demo
        echo demo > %%{buildroot}/usr/share/demo/demo
        head -c %dM /dev/urandom > %%{buildroot}/usr/share/demo/big
        for i in $(seq 1 %d); do echo "sub $i" > %%{buildroot}/usr/share/demo/sub-$i; done
        %%files
        /usr/share/demo/demo
        %%files big
        /usr/share/demo/big
        """,
            bigMiB,
            subpackages));
    for (int i = 1; i <= subpackages; i++) {
      spec.append(String.format(Locale.ROOT, "%%files sub-%d%n/usr/share/demo/sub-%d%n", i, i));
    }
    Path specFile = top.resolve("demo.spec");
    Files.writeString(specFile, spec.toString(), StandardCharsets.UTF_8);
    run(
        top,
        "rpmbuild",
        "--define",
        "_topdir " + top,
        "--define",
        "debug_package %{nil}",
        "--define",
        "__os_install_post %{nil}",
        "--define",
        "_binary_payload w1.zstdio",
        "-bb",
        specFile.toString());
    List<Path> rpms;
    try (Stream<Path> s = Files.list(top.resolve("RPMS/x86_64"))) {
      rpms = s.sorted().toList();
    }
    CosignKeyPair key = CosignKeyPair.generate();
    Path pub = key.writePublicKey(dir.resolve("cosign.pub"));
    Path otherPub = CosignKeyPair.generate().writePublicKey(dir.resolve("other-cosign.pub"));
    Path layout = dir.resolve("layout");
    StoredArtifact artifact;
    try (OciLayoutStore store = OciLayoutStore.open(layout)) {
      RpmBuildArtifact build = RpmBuildArtifact.create().tag(ExampleArtifacts.TAG);
      rpms.forEach(build::addRpm);
      artifact = build.writeTo(store);
      CosignSigner.with(key).sign(store, artifact.descriptor(), ExampleArtifacts.DOCKER_REFERENCE);
    }
    return new ServeFixture(layout, artifact, pub, otherPub, rpms, key);
  }

  ArtifactReference reference() throws KonfluxNativeException {
    return ArtifactReference.parse(artifact.reference());
  }

  Translator.Builder translator(Path dir, OpenPgpSigner key, Path cosignKey) throws Exception {
    return Translator.builder()
        .outputDirectory(dir.resolve("unused-out"))
        .verificationPolicy(
            VerificationPolicy.builder().addPublicKey(CosignPublicKey.fromPem(cosignKey)).build())
        .openPgpSigner(key)
        .releaseTime(TIME);
  }

  ReleasePlan plan(Path dir, OpenPgpSigner key, ArtifactSourceProvider sources) throws Exception {
    Translator.Builder b = translator(dir, key, cosignPublicKey);
    if (sources != null) {
      b.sourceProviders(List.of(sources));
    }
    return b.build().plan(TranslateRequest.of(List.of(reference())));
  }

  static void run(Path dir, String... command) throws IOException, InterruptedException {
    Path log = Files.createTempFile(dir, "cmd", ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new AssertionError(
          String.join(" ", command) + " failed:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
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
