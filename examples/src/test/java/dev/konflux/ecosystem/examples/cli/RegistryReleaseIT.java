package dev.konflux.ecosystem.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.testkit.CosignKeyPair;
import dev.konflux.ecosystem.testkit.CosignSigner;
import dev.konflux.ecosystem.testkit.DockerRegistryExtension;
import dev.konflux.ecosystem.testkit.OpenPgpTestKey;
import dev.konflux.ecosystem.testkit.ReferrerSigner;
import dev.konflux.ecosystem.testkit.RegistryArtifactStore;
import dev.konflux.ecosystem.testkit.RpmBuildArtifact;
import dev.konflux.ecosystem.testkit.SlsaProvenance;
import dev.konflux.ecosystem.testkit.StoredArtifact;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path through the CLI against a real docker-registry: a Konflux RPM build pushed with
 * cosign-tag signatures or OCI 1.1 referrers (tag schema), verified, translated and committed.
 */
class RegistryReleaseIT {
  @RegisterExtension
  static final DockerRegistryExtension REGISTRY = DockerRegistryExtension.anonymous();

  @TempDir Path tmp;

  private List<Path> exampleRpms() throws Exception {
    List<Path> out = new ArrayList<>();
    for (String name :
        List.of("konflux-hello-1.0-1.noarch.rpm", "konflux-hello-native-1.0-1.x86_64.rpm")) {
      Path p = tmp.resolve(name);
      try (InputStream in =
          getClass().getResourceAsStream("/dev/konflux/ecosystem/examples/rpms/" + name)) {
        Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
      }
      out.add(p);
    }
    return out;
  }

  private StoredArtifact push(String repo) throws Exception {
    RpmBuildArtifact build = RpmBuildArtifact.create().withCgImport().tag("build");
    exampleRpms().forEach(build::addRpm);
    try (RegistryArtifactStore store = REGISTRY.registry().store(repo)) {
      return build.writeTo(store);
    }
  }

  private Path gpgKey() throws Exception {
    return Files.writeString(
        tmp.resolve("signing.asc"),
        OpenPgpTestKey.ed25519("IT <it@test.invalid>").secretKeyArmored());
  }

  private int translate(String repo, Path cosignPub, Path out) throws Exception {
    String host = REGISTRY.registry().hostAndPort();
    return KonfluxNativeCli.execute(
        "translate",
        "--artifact",
        host + "/" + repo + ":build",
        "--plain-http",
        host,
        "--cosign-key",
        cosignPub.toString(),
        "--gpg-key",
        gpgKey().toString(),
        "--out",
        out.toString());
  }

  private static JsonNode releaseJson(Path out) throws Exception {
    return new ObjectMapper().readTree(out.resolve("release.json").toFile());
  }

  @Test
  void cosignTagLayoutVerifiesAndTranslates() throws Exception {
    StoredArtifact artifact = push("konflux/rpms-cosign");
    CosignKeyPair key = CosignKeyPair.generate();
    try (RegistryArtifactStore store = REGISTRY.registry().store("konflux/rpms-cosign")) {
      CosignSigner.with(key).sign(store, artifact.descriptor(), "quay.io/konflux/rpms");
      CosignSigner.with(key)
          .attest(store, artifact.descriptor(), "quay.io/konflux/rpms", SlsaProvenance.v02());
    }
    Path out = tmp.resolve("out");
    assertEquals(
        ExitCodes.OK,
        translate("konflux/rpms-cosign", key.writePublicKey(tmp.resolve("cosign.pub")), out));
    JsonNode record = releaseJson(out);
    assertEquals(
        artifact.digest().toString(), record.path("components").get(0).path("rootDigest").asText());
    assertTrue(hasPassed(record, "SIGNATURE"), record.path("verification").toPrettyString());
    assertTrue(record.path("files").toString().contains("konflux-hello-1.0-1.noarch.rpm"));
  }

  @Test
  void referrersLayoutVerifiesAndTranslates() throws Exception {
    StoredArtifact artifact = push("konflux/rpms-referrers");
    CosignKeyPair key = CosignKeyPair.generate();
    try (RegistryArtifactStore store = REGISTRY.registry().store("konflux/rpms-referrers")) {
      ReferrerSigner.with(key).signatureBundle(store, artifact.descriptor());
    }
    Path out = tmp.resolve("out");
    assertEquals(
        ExitCodes.OK,
        translate("konflux/rpms-referrers", key.writePublicKey(tmp.resolve("cosign.pub")), out));
    assertTrue(
        hasPassed(releaseJson(out), "BUNDLE"),
        releaseJson(out).path("verification").toPrettyString());
  }

  @Test
  void corruptedBlobInRegistryFailsAndKeepsPreviousOutput() throws Exception {
    StoredArtifact artifact = push("konflux/rpms-corrupt");
    CosignKeyPair key = CosignKeyPair.generate();
    try (RegistryArtifactStore store = REGISTRY.registry().store("konflux/rpms-corrupt")) {
      CosignSigner.with(key).sign(store, artifact.descriptor(), "quay.io/konflux/rpms");
    }
    Path pub = key.writePublicKey(tmp.resolve("cosign.pub"));
    Path out = tmp.resolve("out");
    assertEquals(ExitCodes.OK, translate("konflux/rpms-corrupt", pub, out));
    Map<String, String> before = tree(out);

    // Flip bytes of an RPM layer inside the registry's own storage.
    Digest layer = artifact.layer("noarch/konflux-hello-1.0-1.noarch.rpm").digest();
    Path blob = REGISTRY.registry().blobFile(layer);
    byte[] original = Files.readAllBytes(blob);
    byte[] bytes = original.clone();
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(blob, bytes);
    try {
      // The corrupted layer is read again (the resolved inputs are the same, but a new signing key
      // makes it a different release, so this is no no-op).
      assertEquals(ExitCodes.VERIFICATION_FAILED, translate("konflux/rpms-corrupt", pub, out));
      assertEquals(before, tree(out));
    } finally {
      // The registry stores equal blobs once: other tests of this class push the same RPM.
      Files.write(blob, original);
    }
  }

  private static boolean hasPassed(JsonNode record, String kind) {
    for (JsonNode d : record.path("verification").path("decisions")) {
      if (kind.equals(d.path("kind").asText()) && d.path("passed").asBoolean()) {
        return true;
      }
    }
    return false;
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
