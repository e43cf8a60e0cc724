package dev.konflux.ecosystem.examples.cli;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import dev.konflux.ecosystem.signing.OpenPgpKeyFile;
import dev.konflux.ecosystem.api.Snapshot;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.testkit.ExampleArtifacts;
import dev.konflux.ecosystem.testkit.OpenPgpTestKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The quick start's input: the two RPMs shipped in this module (built from the {@code .spec} files
 * beside them), packed as a Konflux RPM build artifact in an OCI layout, signed and attested with
 * a cosign key made on the spot; plus an Ed25519 OpenPGP key made on the spot to sign the output.
 * No registry and no network are involved.
 */
final class ExampleRelease {
  private static final String RESOURCE_DIR = "/dev/konflux/ecosystem/examples/rpms/";
  private static final List<String> RPMS = List.of("konflux-hello-1.0-1.noarch.rpm", "konflux-hello-native-1.0-1.x86_64.rpm");

  private final TranslateRequest request;
  private final Path cosignPublicKey;
  private final OpenPgpSigner signingKey;

  private ExampleRelease(TranslateRequest request, Path cosignPublicKey, OpenPgpSigner signingKey) {
    this.request = request;
    this.cosignPublicKey = cosignPublicKey;
    this.signingKey = signingKey;
  }

  static ExampleRelease create(Path workDir) throws IOException, KonfluxNativeException {
    List<Path> rpms = new ArrayList<>();
    Path rpmDir = Files.createDirectories(workDir.resolve("rpms"));
    for (String name : RPMS) {
      try (InputStream in = ExampleRelease.class.getResourceAsStream(RESOURCE_DIR + name)) {
        if (in == null) {
          throw new IOException("example RPM " + name + " is missing from the class path");
        }
        Path target = rpmDir.resolve(name);
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        rpms.add(target);
      }
    }
    ExampleArtifacts.ExampleBuild build =
        ExampleArtifacts.rpmBuild(workDir.resolve("layout"), rpms, workDir.resolve("cosign.pub"));
    OpenPgpTestKey key = OpenPgpTestKey.ed25519("konflux-native example <example@konflux.invalid>");
    Files.writeString(workDir.resolve("RPM-GPG-KEY-example"), key.publicKeyArmored());
    OpenPgpSigner signing = OpenPgpKeyFile.read(
        new ByteArrayInputStream(key.secretKeyArmored().getBytes(StandardCharsets.US_ASCII)), null, null, "example key");
    Snapshot snapshot = new Snapshot("konflux-native-example",
        List.of(new Snapshot.Component("konflux-hello", ArtifactReference.parse(build.reference()), null, null)));
    return new ExampleRelease(TranslateRequest.of(snapshot), build.publicKey(), signing);
  }

  TranslateRequest request() {
    return request;
  }

  Path cosignPublicKey() {
    return cosignPublicKey;
  }

  OpenPgpSigner signingKey() {
    return signingKey;
  }
}
