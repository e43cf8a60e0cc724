package dev.konflux.ecosystem.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.RegistryCredentials;
import dev.konflux.ecosystem.api.RegistryReference;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.spi.ArtifactSource;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The registry source against a docker-registry with htpasswd Basic auth. */
class RegistryAuthIT {
  private static final String USER = "konflux";
  private static final String PASSWORD = "s3cret-pässword";
  private static final String REPO = "ns/private";

  @RegisterExtension
  static final DockerRegistryExtension REGISTRY =
      DockerRegistryExtension.withBasicAuth(USER, PASSWORD);

  private static Descriptor manifest;
  private static Descriptor blob;

  @BeforeAll
  static void push() throws Exception {
    RegistryArtifactStore store = REGISTRY.registry().store(REPO);
    blob = store.putBlob(MediaTypes.RPM, "payload".getBytes(StandardCharsets.UTF_8));
    manifest =
        TestManifests.pushManifest(
            store, MediaTypes.ARTIFACT_RPM_BUILD, List.of(blob), null, null, "v1");
  }

  private static String host() {
    return REGISTRY.registry().hostAndPort();
  }

  private static SourceOptions.Builder options() {
    return SourceOptions.builder().plainHttp(host()).maxAttempts(1);
  }

  private static RegistryReference ref() throws Exception {
    return RegistryReference.parse(host() + "/" + REPO + ":v1");
  }

  @Test
  void explicitCredentialsReadManifestAndBlob() throws Exception {
    SourceOptions o =
        options().credentials(new RegistryCredentials(host(), USER, Secret.of(PASSWORD))).build();
    try (ArtifactSource source = RegistrySources.open(host(), REPO, o)) {
      assertEquals(manifest.digest(), source.resolve(ref()).digest());
      try (InputStream in = source.open(blob)) {
        assertEquals("payload", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void wrongPasswordIsSourceUnavailableNamingTheHostButNotThePassword() throws Exception {
    SourceOptions o =
        options().credentials(new RegistryCredentials(host(), USER, Secret.of("wrong-pw"))).build();
    try (ArtifactSource source = RegistrySources.open(host(), REPO, o)) {
      SourceUnavailableException e =
          assertThrows(SourceUnavailableException.class, () -> source.resolve(ref()));
      assertTrue(e.getMessage().contains(host()), e.getMessage());
      assertTrue(e.getMessage().contains("401"), e.getMessage());
      assertFalse(e.getMessage().contains("wrong-pw"), e.getMessage());
    }
  }

  @Test
  void anonymousAccessIsSourceUnavailable() throws Exception {
    try (ArtifactSource source = RegistrySources.open(host(), REPO, options().build())) {
      SourceUnavailableException e =
          assertThrows(SourceUnavailableException.class, () -> source.resolve(ref()));
      assertTrue(e.getMessage().contains(host()), e.getMessage());
    }
  }

  @Test
  void credentialsFromConfigJson(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("config.json");
    Files.writeString(
        config,
        "{\"auths\":{\"" + host() + "\":{\"auth\":\"" + b64(USER + ":" + PASSWORD) + "\"}}}");
    try (ArtifactSource source =
        RegistrySources.open(host(), REPO, options().registryConfig(config).build())) {
      assertEquals(manifest.digest(), source.resolve(ref()).digest());
    }
  }

  @Test
  void explicitCredentialsWinOverConfigJson(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("config.json");
    Files.writeString(
        config, "{\"auths\":{\"" + host() + "\":{\"auth\":\"" + b64(USER + ":nope") + "\"}}}");
    SourceOptions good =
        options()
            .registryConfig(config)
            .credentials(new RegistryCredentials(host(), USER, Secret.of(PASSWORD)))
            .build();
    try (ArtifactSource source = RegistrySources.open(host(), REPO, good)) {
      assertEquals(manifest.digest(), source.resolve(ref()).digest());
    }
    try (ArtifactSource source =
        RegistrySources.open(host(), REPO, options().registryConfig(config).build())) {
      assertThrows(SourceUnavailableException.class, () -> source.resolve(ref()));
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
