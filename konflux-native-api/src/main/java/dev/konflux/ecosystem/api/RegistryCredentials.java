package dev.konflux.ecosystem.api;

import java.util.Objects;

/**
 * A user name and password (or token) for one registry host.
 *
 * @param registry the host, with {@code :port} if not the default
 * @param username the user name
 * @param password the password or token
 */
public record RegistryCredentials(String registry, String username, Secret password) {
  /**
   * Validates.
   *
   * @param registry the host, with {@code :port} if not the default
   * @param username the user name
   * @param password the password or token
   */
  public RegistryCredentials {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }
}
