package dev.konflux.ecosystem.api;

import org.jspecify.annotations.Nullable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How sources reach registries: which hosts may use plain HTTP, credentials, retries.
 *
 * @param plainHttpHosts hosts ({@code host:port}) the caller allows to be reached without TLS
 * @param credentials explicit credentials per registry host
 * @param registryConfig a Docker/Podman {@code config.json} (or {@code auth.json}) to read
 *     credentials from, or {@code null}
 * @param maxAttempts attempts for idempotent reads that fail with 5xx or a connection error
 * @param initialBackoff the first retry delay; each retry doubles it
 * @param requestTimeout the timeout of one HTTP request's response headers
 */
public record SourceOptions(
    Set<String> plainHttpHosts,
    List<RegistryCredentials> credentials,
    @Nullable Path registryConfig,
    int maxAttempts,
    Duration initialBackoff,
    Duration requestTimeout) {

  /** Largest manifest or index accepted, in bytes. */
  public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  /**
   * Validates and copies.
   *
   * @param plainHttpHosts hosts ({@code host:port}) the caller allows to be reached without TLS
   * @param credentials explicit credentials per registry host
   * @param registryConfig a Docker/Podman {@code config.json} (or {@code auth.json}) to read
   *     credentials from, or {@code null}
   * @param maxAttempts attempts for idempotent reads that fail with 5xx or a connection error
   * @param initialBackoff the first retry delay; each retry doubles it
   * @param requestTimeout the timeout of one HTTP request's response headers
   */
  public SourceOptions {
    plainHttpHosts = plainHttpHosts == null ? Set.of() : Set.copyOf(plainHttpHosts);
    credentials = credentials == null ? List.of() : List.copyOf(credentials);
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (initialBackoff == null || initialBackoff.isNegative()) {
      throw new IllegalArgumentException("initialBackoff must be zero or positive");
    }
    if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
  }

  /** @return defaults: TLS only, no credentials, 4 attempts from 200 ms, 60 s timeout */
  public static SourceOptions defaults() {
    return builder().build();
  }

  /** @return a builder with the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder initialised from this value */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.plainHttpHosts.addAll(plainHttpHosts);
    b.credentials.addAll(credentials);
    b.registryConfig = registryConfig;
    b.maxAttempts = maxAttempts;
    b.initialBackoff = initialBackoff;
    b.requestTimeout = requestTimeout;
    return b;
  }

  /** @return the registry config file, if any */
  public Optional<Path> registryConfigFile() {
    return Optional.ofNullable(registryConfig);
  }

  /**
   * @param host a registry host with optional port
   * @return explicit credentials for it, if given
   */
  public Optional<RegistryCredentials> credentialsFor(String host) {
    return credentials.stream().filter(c -> c.registry().equals(host)).findFirst();
  }

  /** Builds {@link SourceOptions}. */
  public static final class Builder {
    private final Set<String> plainHttpHosts = new TreeSet<>();
    private final List<RegistryCredentials> credentials = new ArrayList<>();
    private @Nullable Path registryConfig;
    private int maxAttempts = 4;
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration requestTimeout = Duration.ofSeconds(60);

    private Builder() {}

    /**
     * @param hostAndPort a host the caller allows over plain HTTP
     * @return this
     */
    public Builder plainHttp(String hostAndPort) {
      plainHttpHosts.add(hostAndPort);
      return this;
    }

    /**
     * @param c credentials for one registry
     * @return this
     */
    public Builder credentials(RegistryCredentials c) {
      credentials.add(c);
      return this;
    }

    /**
     * @param configJson a Docker/Podman config file
     * @return this
     */
    public Builder registryConfig(Path configJson) {
      this.registryConfig = configJson;
      return this;
    }

    /**
     * @param attempts attempts for idempotent reads (1 = no retry)
     * @return this
     */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * @param backoff the first retry delay
     * @return this
     */
    public Builder initialBackoff(Duration backoff) {
      this.initialBackoff = backoff;
      return this;
    }

    /**
     * @param timeout the per-request timeout
     * @return this
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /** @return the options */
    public SourceOptions build() {
      return new SourceOptions(plainHttpHosts, credentials, registryConfig, maxAttempts, initialBackoff, requestTimeout);
    }
  }
}
