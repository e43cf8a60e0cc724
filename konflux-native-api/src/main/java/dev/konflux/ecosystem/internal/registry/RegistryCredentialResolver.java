package dev.konflux.ecosystem.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.RegistryCredentials;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.internal.io.BoundedReader;
import dev.konflux.ecosystem.internal.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Finds the credentials for a registry host: explicit {@link SourceOptions#credentials()} first,
 * then the {@code auths} section of a Docker/Podman {@code config.json} ({@code auth} = base64
 * {@code user:password}, or {@code username}/{@code password} fields). Credential helpers ({@code
 * credsStore}, {@code credHelpers}) are not run: a library must not execute programs named in a
 * user's file.
 */
final class RegistryCredentialResolver {
  private RegistryCredentialResolver() {}

  private static final int MAX_CONFIG_BYTES = 1024 * 1024;

  /**
   * @param host registry host with optional port
   * @param options the source options
   * @return credentials for the host, if any
   * @throws InvalidInputException if the config file is malformed
   */
  static Optional<RegistryCredentials> resolve(String host, SourceOptions options)
      throws InvalidInputException {
    Optional<RegistryCredentials> explicit = options.credentialsFor(host);
    if (explicit.isPresent()) {
      return explicit;
    }
    Optional<Path> config = options.registryConfigFile();
    if (config.isEmpty()) {
      return Optional.empty();
    }
    return fromConfig(host, config.get());
  }

  /**
   * @param host registry host with optional port
   * @param configFile a config.json
   * @return credentials for the host from the file's {@code auths}
   * @throws InvalidInputException if the file cannot be read or is malformed
   */
  static Optional<RegistryCredentials> fromConfig(String host, Path configFile)
      throws InvalidInputException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(configFile)) {
      bytes = BoundedReader.readAtMost(in, MAX_CONFIG_BYTES, "registry config " + configFile);
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read registry config " + configFile + ": " + e.getMessage(), e);
    }
    JsonNode root;
    try {
      root = Json.tree(bytes);
    } catch (IOException e) {
      // Jackson's message may quote file content, which may be a secret: say only where.
      throw new InvalidInputException("registry config " + configFile + " is not valid JSON");
    }
    JsonNode auths = root.get("auths");
    if (auths == null || auths.isNull()) {
      return Optional.empty();
    }
    if (!auths.isObject()) {
      throw new InvalidInputException("registry config " + configFile + ": auths is not an object");
    }
    // Docker writes keys as "host", older clients as "https://host" or "https://host/v1/".
    List<String> keys =
        new java.util.ArrayList<>(
            List.of(
                host,
                "https://" + host,
                "http://" + host,
                "https://" + host + "/v1/",
                "https://" + host + "/v2/"));
    if (host.equals("docker.io")) {
      // docker login stores Docker Hub credentials under its v1 index URL.
      keys.add("https://index.docker.io/v1/");
    }
    for (String key : keys) {
      JsonNode entry = auths.get(key);
      if (entry != null && entry.isObject()) {
        return Optional.of(entryCredentials(host, entry, configFile));
      }
    }
    return Optional.empty();
  }

  private static RegistryCredentials entryCredentials(String host, JsonNode entry, Path configFile)
      throws InvalidInputException {
    JsonNode auth = entry.get("auth");
    if (auth != null && auth.isTextual() && !auth.textValue().isEmpty()) {
      String decoded;
      try {
        decoded =
            new String(Base64.getDecoder().decode(auth.textValue().trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            "registry config " + configFile + ": auth of " + host + " is not base64");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new InvalidInputException(
            "registry config " + configFile + ": auth of " + host + " is not user:password");
      }
      return new RegistryCredentials(
          host, decoded.substring(0, colon), Secret.of(decoded.substring(colon + 1)));
    }
    JsonNode user = entry.get("username");
    JsonNode password = entry.get("password");
    if (user != null && user.isTextual() && password != null && password.isTextual()) {
      return new RegistryCredentials(host, user.textValue(), Secret.of(password.textValue()));
    }
    JsonNode identityToken = entry.get("identitytoken");
    if (identityToken != null && identityToken.isTextual()) {
      // Docker's convention for OAuth refresh tokens used as basic password with a fixed user.
      return new RegistryCredentials(host, "<token>", Secret.of(identityToken.textValue()));
    }
    throw new InvalidInputException(
        "registry config "
            + configFile
            + ": entry of "
            + host
            + " has neither auth nor username/password");
  }
}
