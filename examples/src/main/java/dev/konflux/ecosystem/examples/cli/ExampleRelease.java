package dev.konflux.ecosystem.examples.cli;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.Snapshot;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.signing.OpenPgpKeyFile;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import dev.konflux.ecosystem.testkit.ExampleArtifacts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The quick start's input: the two RPMs shipped in this module (built from the {@code .spec} files
 * beside them), packed as a Konflux RPM build artifact in an OCI layout, signed and attested with a
 * cosign key; a wheel, as a Konflux Python build artifact ({@link ExampleWheels}); a Maven
 * repository artifact ({@link ExampleMavenComponent}); plus the fixed example OpenPGP key ({@code
 * keys/example-openpgp-key-DO-NOT-TRUST.asc}) to sign the output. No registry and no network are
 * involved.
 *
 * <p>The layout is made once, in {@code .<out>.example} beside the output directory, and kept:
 * {@code release.json} names it as the components' source, and a second run reuses it (same
 * digests, same signatures), so it is {@code unchanged}. Delete that directory to make a new one.
 */
final class ExampleRelease {
  private static final String RESOURCE_DIR = "/dev/konflux/ecosystem/examples/";
  private static final List<String> RPMS =
      List.of("konflux-hello-1.0-1.noarch.rpm", "konflux-hello-native-1.0-1.x86_64.rpm");
  private static final String SIGNING_KEY = "keys/example-openpgp-key-DO-NOT-TRUST.asc";

  /** Written last: a directory without it is a half-made example and is made again. */
  private static final String COMPLETE = "complete";

  private final TranslateRequest request;
  private final List<Path> cosignPublicKeys;
  private final OpenPgpSigner signingKey;
  private final Map<String, String> options;

  private ExampleRelease(
      TranslateRequest request,
      List<Path> cosignPublicKeys,
      OpenPgpSigner signingKey,
      Map<String, String> options) {
    this.request = request;
    this.cosignPublicKeys = List.copyOf(cosignPublicKeys);
    this.signingKey = signingKey;
    this.options = Map.copyOf(options);
  }

  /**
   * @return where the example layout of an output directory lives: beside it, kept between runs
   */
  static Path directoryFor(Path out) {
    Path abs = out.toAbsolutePath().normalize();
    Path parent = abs.getParent() == null ? abs : abs.getParent();
    return parent.resolve("." + abs.getFileName() + ".example");
  }

  static ExampleRelease create(Path out) throws IOException, KonfluxNativeException {
    Path dir = directoryFor(out);
    Path layout = dir.resolve("layout");
    Path cosignPub = dir.resolve("example-cosign-DO-NOT-TRUST.pub");
    String reference;
    if (Files.isRegularFile(dir.resolve(COMPLETE))) {
      reference = Files.readString(dir.resolve(COMPLETE), StandardCharsets.UTF_8).trim();
    } else {
      deleteTree(dir);
      Path rpmDir = Files.createDirectories(dir.resolve("rpms"));
      List<Path> rpms = new ArrayList<>();
      for (String name : RPMS) {
        Path target = rpmDir.resolve(name);
        try (InputStream in = resource("rpms/" + name)) {
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        rpms.add(target);
      }
      reference = ExampleArtifacts.rpmBuild(layout, rpms, cosignPub).reference();
      Files.writeString(dir.resolve(COMPLETE), reference + "\n", StandardCharsets.UTF_8);
    }
    // The wheels component has its own layout, key and completion marker (ExampleWheels).
    ExampleWheels.Made wheels = ExampleWheels.create(dir);
    ExampleMavenComponent.Made maven = ExampleMavenComponent.create(dir);
    OpenPgpSigner signing;
    try (InputStream in = resource(SIGNING_KEY)) {
      signing = OpenPgpKeyFile.read(in, null, null, "example key " + SIGNING_KEY);
    }
    Snapshot snapshot =
        new Snapshot(
            "konflux-native-example",
            List.of(
                new Snapshot.Component(
                    "konflux-hello", ArtifactReference.parse(reference), null, null),
                wheels.component(),
                new Snapshot.Component(
                    ExampleMavenComponent.NAME,
                    ArtifactReference.parse(maven.reference()),
                    null,
                    null)));
    // The example names the layouts it made itself, so local layouts are allowed.
    return new ExampleRelease(
        TranslateRequest.of(snapshot).allowingLocalLayouts(),
        List.of(cosignPub, wheels.cosignPublicKey(), maven.cosignPublicKey()),
        signing,
        wheels.options());
  }

  static InputStream resource(String name) throws IOException {
    InputStream in = ExampleRelease.class.getResourceAsStream(RESOURCE_DIR + name);
    if (in == null) {
      throw new IOException("example resource " + name + " is missing from the class path");
    }
    return in;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  TranslateRequest request() {
    return request;
  }

  /**
   * @return the cosign public keys that signed the example's artifacts
   */
  List<Path> cosignPublicKeys() {
    return cosignPublicKeys;
  }

  /**
   * @return target options the example needs (the user's {@code --option}s override them)
   */
  Map<String, String> options() {
    return options;
  }

  OpenPgpSigner signingKey() {
    return signingKey;
  }
}
