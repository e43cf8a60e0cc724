package dev.konflux.ecosystem.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * How sources reach registries: which hosts may use plain HTTP, credentials, retries and timeouts.
 *
 * <p><b>How long a misbehaving registry can hold a release.</b> Each HTTP request waits at most
 * {@code requestTimeout} to connect and at most {@code requestTimeout} for the response headers;
 * after that, each read of the body waits at most {@code readIdleTimeout} for the next bytes. A
 * document (manifest, index, referrers page, token) is requested at most {@code maxAttempts} times:
 * 5xx answers, connection failures and bodies that stall or break off all count. A blob is opened
 * with at most {@code maxAttempts} requests and then resumed with {@code Range} at most {@code
 * maxAttempts - 1} times. Retries wait {@code initialBackoff}, doubling each time. A release stops
 * at the first read that exhausts its attempts ({@link SourceUnavailableException}, CLI exit 5). So
 * a registry that answers headers and then stalls ends a release within {@code maxAttempts ×
 * readIdleTimeout} plus backoff, for documents and blobs alike (defaults: 4 × 20 s + 1.4 s ≈ 81 s).
 * The worst case, a registry where even connecting hangs on every request, is {@code (2 ×
 * maxAttempts - 1) × (2 × requestTimeout + readIdleTimeout)} plus backoff for a blob (defaults:
 * about 16 minutes; lower {@code requestTimeout} to shorten it). A registry that stalls now and
 * then costs at most {@code readIdleTimeout} plus one backoff per stall. The idle timeout bounds
 * silence, not throughput: a registry that keeps sending some bytes within every {@code
 * readIdleTimeout} is slow, not stalled, and is waited for.
 *
 * @param plainHttpHosts hosts ({@code host:port}) the caller allows to be reached without TLS
 * @param credentials explicit credentials per registry host
 * @param registryConfig a Docker/Podman {@code config.json} (or {@code auth.json}) to read
 *     credentials from, or {@code null}
 * @param maxAttempts attempts for idempotent reads that fail with 5xx or a connection error
 * @param initialBackoff the first retry delay; each retry doubles it
 * @param requestTimeout the timeout of one HTTP request's connection and, separately, of its
 *     response headers; it does not bound reading the body
 * @param readIdleTimeout the longest wait for the next bytes of a response body; a read that waits
 *     longer ends, and the transfer is retried or resumed with {@code Range}
 */
public record SourceOptions(
    Set<String> plainHttpHosts,
    List<RegistryCredentials> credentials,
    @Nullable Path registryConfig,
    int maxAttempts,
    Duration initialBackoff,
    Duration requestTimeout,
    Duration readIdleTimeout) {

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
   * @param readIdleTimeout the longest wait for the next bytes of a response body; a read that
   *     waits longer ends, and the transfer is retried or resumed with {@code Range}
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
    if (readIdleTimeout == null || readIdleTimeout.isNegative() || readIdleTimeout.isZero()) {
      throw new IllegalArgumentException("readIdleTimeout must be positive");
    }
  }

  /**
   * @return defaults: TLS only, no credentials, 4 attempts from 200 ms, 60 s request timeout, 20 s
   *     read idle timeout
   */
  public static SourceOptions defaults() {
    return builder().build();
  }

  /**
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return a builder initialised from this value
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.plainHttpHosts.addAll(plainHttpHosts);
    b.credentials.addAll(credentials);
    b.registryConfig = registryConfig;
    b.maxAttempts = maxAttempts;
    b.initialBackoff = initialBackoff;
    b.requestTimeout = requestTimeout;
    b.readIdleTimeout = readIdleTimeout;
    return b;
  }

  /**
   * @return the registry config file, if any
   */
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
    private Duration readIdleTimeout = Duration.ofSeconds(20);

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
     * @param timeout the timeout of one request's connection and of its response headers
     * @return this
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /**
     * @param timeout the longest wait for the next bytes of a response body (default 20 s)
     * @return this
     */
    public Builder readIdleTimeout(Duration timeout) {
      this.readIdleTimeout = timeout;
      return this;
    }

    /**
     * @return the options
     */
    public SourceOptions build() {
      return new SourceOptions(
          plainHttpHosts,
          credentials,
          registryConfig,
          maxAttempts,
          initialBackoff,
          requestTimeout,
          readIdleTimeout);
    }
  }
}
