package dev.konflux.ecosystem.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.RegistryCredentials;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.api.SourceOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCredentialResolverTest {
  @TempDir Path dir;

  private Path config(String json) throws Exception {
    Path p = dir.resolve("config.json");
    Files.writeString(p, json);
    return p;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsAuthAndHttpsPrefixedKeys() throws Exception {
    Path p =
        config(
            "{\"auths\":{\"quay.io\":{\"auth\":\""
                + b64("u:p:with:colons")
                + "\"},"
                + "\"https://registry.example:5000\":{\"username\":\"v\",\"password\":\"q\"}}}");
    RegistryCredentials quay = RegistryCredentialResolver.fromConfig("quay.io", p).orElseThrow();
    assertEquals("u", quay.username());
    assertEquals("p:with:colons", quay.password().revealAsString());
    RegistryCredentials other =
        RegistryCredentialResolver.fromConfig("registry.example:5000", p).orElseThrow();
    assertEquals("v", other.username());
    assertTrue(RegistryCredentialResolver.fromConfig("ghcr.io", p).isEmpty());
  }

  @Test
  void dockerHubCredentialsUnderTheV1IndexKey() throws Exception {
    Path p =
        config(
            "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hub:pw") + "\"}}}");
    assertEquals(
        "hub", RegistryCredentialResolver.fromConfig("docker.io", p).orElseThrow().username());
  }

  @Test
  void explicitCredentialsWin() throws Exception {
    Path p = config("{\"auths\":{\"quay.io\":{\"auth\":\"" + b64("file:pw") + "\"}}}");
    SourceOptions o =
        SourceOptions.builder()
            .registryConfig(p)
            .credentials(new RegistryCredentials("quay.io", "explicit", Secret.of("x")))
            .build();
    assertEquals(
        "explicit", RegistryCredentialResolver.resolve("quay.io", o).orElseThrow().username());
    assertEquals(
        "file",
        RegistryCredentialResolver.resolve(
                "quay.io", SourceOptions.builder().registryConfig(p).build())
            .orElseThrow()
            .username());
  }

  @Test
  void malformedEntriesNeverLeakTheSecret() throws Exception {
    Path p = config("{\"auths\":{\"quay.io\":{\"auth\":\"" + b64("no-colon-secret") + "\"}}}");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> RegistryCredentialResolver.fromConfig("quay.io", p));
    assertFalse(e.getMessage().contains("no-colon-secret"), e.getMessage());
    Path broken = config("{\"auths\": {\"quay.io\": {\"auth\": \"topsecret!!\"");
    InvalidInputException e2 =
        assertThrows(
            InvalidInputException.class,
            () -> RegistryCredentialResolver.fromConfig("quay.io", broken));
    assertFalse(e2.getMessage().contains("topsecret"), e2.getMessage());
  }

  @Property(tries = 500)
  void arbitraryConfigBytesEitherResolveOrAreInvalidInput(@ForAll("configs") byte[] bytes)
      throws Exception {
    Path p = Files.createTempFile("config", ".json");
    try {
      Files.write(p, bytes);
      RegistryCredentialResolver.fromConfig("quay.io", p);
    } catch (InvalidInputException expected) {
      // the only failure allowed
    } finally {
      Files.deleteIfExists(p);
    }
  }

  @Provide
  Arbitrary<byte[]> configs() {
    Arbitrary<String> json =
        Arbitraries.strings().withChars("{}[]\":,authsquay.io=AZ09 ").ofMaxLength(80);
    Arbitrary<String> shaped =
        Arbitraries.strings()
            .withChars("abc:=AZ09+/")
            .ofMaxLength(30)
            .map(v -> "{\"auths\":{\"quay.io\":{\"auth\":\"" + v + "\"}}}");
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
        json.map(s -> s.getBytes(StandardCharsets.UTF_8)),
        shaped.map(s -> s.getBytes(StandardCharsets.UTF_8)));
  }
}
