package dev.konflux.ecosystem.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.RegistryCredentials;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.internal.io.BoundedReader;
import dev.konflux.ecosystem.internal.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of one registry repository: URLs, authentication (anonymous, Basic, Bearer token
 * exchange), redirects and retries of idempotent reads. It speaks {@link HttpClient} directly
 * rather than through ORAS: every read here needs things ORAS 0.7.0 does not offer (retries with
 * backoff, access to status and {@code Link}/{@code Docker-Content-Digest} headers, 404 as a normal
 * answer, per-host plain HTTP from our options, credentials from our options only).
 *
 * <p>Credentials and tokens never appear in messages or logs.
 */
final class RegistryClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryClient.class);
  private static final int MAX_REDIRECTS = 5;
  private static final int MAX_TOKEN_RESPONSE = 1024 * 1024;
  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private final String host;
  // Docker Hub's API does not live at its reference host.
  private final String apiHost;
  private final String repository;
  private final SourceOptions options;
  private final String scheme;
  private final Optional<RegistryCredentials> credentials;
  private final ExecutorService executor;
  private final HttpClient http;
  // The Authorization header value learned from the last challenge; never logged.
  private volatile @Nullable String authorization;

  RegistryClient(String host, String repository, SourceOptions options)
      throws InvalidInputException {
    this.host = host;
    this.apiHost = host.equals("docker.io") ? "registry-1.docker.io" : host;
    this.repository = repository;
    this.options = options;
    this.scheme = options.plainHttpHosts().contains(host) ? "http" : "https";
    this.credentials = RegistryCredentialResolver.resolve(host, options);
    int id = CLIENTS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, "konflux-registry-" + id + "-" + threads.incrementAndGet());
          // Daemon threads: a caller that forgets close() must not keep the JVM alive.
          t.setDaemon(true);
          return t;
        };
    this.executor = Executors.newCachedThreadPool(factory);
    this.http =
        HttpClient.newBuilder()
            .executor(executor)
            // HTTP/1.1: one stream per connection; HTTP/2 flow-control windows slow bulk blob
            // reads.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(options.requestTimeout())
            // Redirects are followed by hand so Authorization never travels to another host.
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * @return {@code host/repository}, for messages
   */
  String describe() {
    return host + "/" + repository;
  }

  String host() {
    return host;
  }

  /**
   * @param pathAndQuery what follows {@code /v2/<repository>}, starting with {@code /}
   * @return the absolute URI
   */
  URI uri(String pathAndQuery) {
    return URI.create(scheme + "://" + apiHost + "/v2/" + repository + pathAndQuery);
  }

  /**
   * Sends an idempotent GET, authenticating on demand, following redirects and retrying 5xx answers
   * and connection failures with exponential backoff. 401 and 403 after authentication become
   * {@link SourceUnavailableException}; any other status is returned to the caller, whose job it is
   * to close the body. The body is an idle-bounded stream: a read that waits longer than {@link
   * SourceOptions#readIdleTimeout()} for bytes fails with an {@link IOException}.
   *
   * @param uri the URI
   * @param accept the Accept header, or null
   * @param operation what we are doing, for messages ("pulling blob sha256:… of host/repo")
   * @return the response
   * @throws SourceUnavailableException if the registry cannot be reached or refuses access
   */
  HttpResponse<InputStream> get(URI uri, @Nullable String accept, String operation)
      throws KonfluxNativeException {
    return get(uri, accept, null, operation, options.maxAttempts());
  }

  /**
   * As {@link #get(URI, String, String)}, with a {@code Range} header and an attempt budget.
   *
   * @param uri the URI
   * @param accept the Accept header, or null
   * @param range the Range header value ({@code bytes=N-}), or null
   * @param operation what we are doing, for messages
   * @param attempts how many times to try (at least 1)
   * @return the response
   * @throws KonfluxNativeException if the registry cannot be reached or refuses access
   */
  HttpResponse<InputStream> get(
      URI uri, @Nullable String accept, @Nullable String range, String operation, int attempts)
      throws KonfluxNativeException {
    return retrying(
        operation,
        attempts,
        () -> {
          HttpResponse<InputStream> response = sendAuthorized(uri, accept, range, operation);
          failOnServerError(response);
          return response;
        });
  }

  /**
   * Reads a small document (manifest, index, referrers page) whole. A body that stalls longer than
   * the idle timeout or breaks off is fetched again, within the same attempt budget as 5xx answers.
   *
   * @param uri the URI
   * @param accept the Accept header, or null
   * @param operation what we are doing, for messages
   * @param maxBytes the largest body accepted
   * @return the status, headers and (for 200) the body; other statuses have an empty body
   * @throws InvalidInputException if the body is larger than {@code maxBytes}
   * @throws SourceUnavailableException if every attempt failed
   */
  Document getDocument(URI uri, @Nullable String accept, String operation, int maxBytes)
      throws KonfluxNativeException {
    return retrying(
        operation,
        options.maxAttempts(),
        () -> {
          HttpResponse<InputStream> response = sendAuthorized(uri, accept, null, operation);
          failOnServerError(response);
          if (response.statusCode() != 200) {
            discard(response);
            return new Document(response, new byte[0]);
          }
          OptionalLong length = response.headers().firstValueAsLong("Content-Length");
          if (length.isPresent() && length.getAsLong() > maxBytes) {
            discard(response);
            throw new InvalidInputException(
                operation
                    + ": document of "
                    + length.getAsLong()
                    + " bytes exceeds "
                    + maxBytes
                    + " bytes");
          }
          try (InputStream in = response.body()) {
            return new Document(response, BoundedReader.readAtMost(in, maxBytes, operation));
          }
        });
  }

  /**
   * A document read whole.
   *
   * @param response the response (its body is consumed)
   * @param body the body bytes
   */
  record Document(HttpResponse<InputStream> response, byte[] body) {
    int status() {
      return response.statusCode();
    }
  }

  /** One try of an idempotent exchange; an {@link IOException} means "try again". */
  private interface Attempt<T> {
    T run() throws IOException, KonfluxNativeException;
  }

  /** A 5xx answer, retried like a connection failure. */
  private static final class ServerError extends IOException {
    private static final long serialVersionUID = 1L;

    ServerError(String message) {
      super(message);
    }
  }

  private void failOnServerError(HttpResponse<InputStream> response) throws ServerError {
    if (response.statusCode() >= 500) {
      discard(response);
      throw new ServerError("registry " + host + " answered HTTP " + response.statusCode());
    }
  }

  private <T> T retrying(String operation, int attempts, Attempt<T> attempt)
      throws KonfluxNativeException {
    Duration backoff = options.initialBackoff();
    for (int n = 1; ; n++) {
      String failure;
      IOException cause;
      try {
        return attempt.run();
      } catch (ServerError e) {
        cause = null;
        failure = e.getMessage();
      } catch (IdleTimeoutBody.IdleTimeoutException e) {
        cause = e;
        failure = "registry " + host + " stalled: " + e.getMessage();
      } catch (IOException e) {
        cause = e;
        failure = "cannot reach registry " + host + ": " + describe(e);
      }
      if (n >= attempts) {
        throw new SourceUnavailableException(
            operation + ": " + failure + (n > 1 ? " (after " + n + " attempts)" : ""), cause);
      }
      LOG.debug(
          "{}: {}; retrying in {} ms (attempt {} of {})",
          operation,
          failure,
          backoff.toMillis(),
          n + 1,
          attempts);
      sleep(backoff, operation);
      backoff = backoff.multipliedBy(2);
    }
  }

  private HttpResponse<InputStream> sendAuthorized(
      URI uri, @Nullable String accept, @Nullable String range, String operation)
      throws IOException, KonfluxNativeException {
    String auth = authorization;
    HttpResponse<InputStream> response =
        sendFollowingRedirects(uri, accept, range, auth, operation);
    if (response.statusCode() == 401) {
      Optional<String> header = response.headers().firstValue("WWW-Authenticate");
      discard(response);
      if (header.isEmpty()) {
        throw new SourceUnavailableException(
            operation
                + ": registry "
                + host
                + " refused access (HTTP 401) without an authentication challenge");
      }
      authorization = authenticate(AuthChallenge.parse(header.get()), operation);
      response = sendFollowingRedirects(uri, accept, range, authorization, operation);
      if (response.statusCode() == 401) {
        discard(response);
        throw new SourceUnavailableException(
            operation + ": authentication to registry " + host + " failed (HTTP 401) " + who());
      }
    }
    if (response.statusCode() == 403) {
      discard(response);
      throw new SourceUnavailableException(
          operation + ": registry " + host + " denied access (HTTP 403) " + who());
    }
    return response;
  }

  private String who() {
    return credentials.map(c -> "as user '" + c.username() + "'").orElse("anonymously");
  }

  private String authenticate(AuthChallenge challenge, String operation)
      throws IOException, KonfluxNativeException {
    if (challenge.isBasic()) {
      RegistryCredentials c =
          credentials.orElseThrow(
              () ->
                  new SourceUnavailableException(
                      operation
                          + ": registry "
                          + host
                          + " requires credentials (Basic) and none are configured for it"));
      return basic(c);
    }
    if (!challenge.isBearer()) {
      throw new SourceUnavailableException(
          operation
              + ": registry "
              + host
              + " asks for unsupported authentication scheme "
              + challenge.scheme());
    }
    String realm =
        challenge
            .parameter("realm")
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        operation
                            + ": registry "
                            + host
                            + " sent a Bearer challenge without realm"));
    URI realmUri;
    try {
      realmUri = URI.create(realm);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          operation + ": registry " + host + " sent an invalid token realm");
    }
    if (realmUri.getHost() == null
        || !("https".equals(realmUri.getScheme())
            || ("http".equals(realmUri.getScheme())
                && options.plainHttpHosts().contains(realmUri.getRawAuthority())))) {
      throw new SourceUnavailableException(
          operation
              + ": token realm "
              + realmUri.getScheme()
              + "://"
              + realmUri.getRawAuthority()
              + " of registry "
              + host
              + " is neither HTTPS nor an allowed plain HTTP host");
    }
    StringBuilder query = new StringBuilder();
    challenge.parameter("service").ifPresent(s -> query.append("service=").append(encode(s)));
    String scope = challenge.parameter("scope").orElse("repository:" + repository + ":pull");
    for (String s : scope.split(" ", -1)) {
      if (!s.isEmpty()) {
        query.append(query.length() > 0 ? "&" : "").append("scope=").append(encode(s));
      }
    }
    URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
    HttpResponse<InputStream> response =
        sendFollowingRedirects(
            tokenUri,
            "application/json",
            null,
            credentials.map(RegistryClient::basic).orElse(null),
            operation);
    byte[] body;
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new SourceUnavailableException(
            operation
                + ": token exchange with "
                + realmUri.getRawAuthority()
                + " for registry "
                + host
                + " failed (HTTP "
                + response.statusCode()
                + ") "
                + who());
      }
      body =
          BoundedReader.readAtMost(
              in, MAX_TOKEN_RESPONSE, "token response of " + realmUri.getRawAuthority());
    }
    JsonNode json;
    try {
      json = Json.tree(body);
    } catch (IOException e) {
      throw new InvalidInputException(
          operation + ": token response of " + realmUri.getRawAuthority() + " is not JSON");
    }
    for (String field : List.of("token", "access_token")) {
      JsonNode token = json.get(field);
      if (token != null && token.isTextual() && !token.textValue().isEmpty()) {
        return "Bearer " + token.textValue();
      }
    }
    throw new InvalidInputException(
        operation + ": token response of " + realmUri.getRawAuthority() + " has no token");
  }

  private HttpResponse<InputStream> sendFollowingRedirects(
      URI uri,
      @Nullable String accept,
      @Nullable String range,
      @Nullable String auth,
      String operation)
      throws IOException, KonfluxNativeException {
    URI current = uri;
    for (int hop = 0; ; hop++) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(current).timeout(options.requestTimeout()).GET();
      if (accept != null) {
        request.header("Accept", accept);
      }
      if (range != null) {
        request.header("Range", range);
      }
      // Credentials only to the origin they were meant for (blob redirects go to object stores).
      if (auth != null && sameOrigin(current, uri)) {
        request.header("Authorization", auth);
      }
      HttpResponse<InputStream> response;
      try {
        response = http.send(request.build(), IdleTimeoutBody.handler(options.readIdleTimeout()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SourceUnavailableException(operation + ": interrupted");
      }
      int status = response.statusCode();
      if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
        return response;
      }
      Optional<String> location = response.headers().firstValue("Location");
      discard(response);
      if (location.isEmpty() || hop >= MAX_REDIRECTS) {
        throw new SourceUnavailableException(
            operation
                + ": registry "
                + host
                + (location.isEmpty()
                    ? " redirected without Location"
                    : " redirected more than " + MAX_REDIRECTS + " times"));
      }
      URI next;
      try {
        next = current.resolve(location.get());
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            operation + ": registry " + host + " redirected to an invalid URI");
      }
      if (!"https".equals(next.getScheme())
          && !("http".equals(next.getScheme())
              && options.plainHttpHosts().contains(next.getRawAuthority()))) {
        throw new SourceUnavailableException(
            operation
                + ": registry "
                + host
                + " redirected to "
                + next.getScheme()
                + "://"
                + next.getRawAuthority()
                + ", which is not HTTPS nor an allowed plain HTTP host");
      }
      current = next;
    }
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getRawAuthority().equalsIgnoreCase(b.getRawAuthority());
  }

  private static String basic(RegistryCredentials c) {
    char[] password = c.password().reveal();
    try {
      String pair = c.username() + ":" + new String(password);
      return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    } finally {
      java.util.Arrays.fill(password, '\0');
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Reads a little of an unwanted body so the connection can be reused, then closes it. */
  static void discard(HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      in.readNBytes(64 * 1024);
    } catch (IOException e) {
      LOG.trace("discarding a response body failed", e);
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : " (" + m + ")");
  }

  /**
   * @return the options this client was made with
   */
  SourceOptions options() {
    return options;
  }

  static void sleep(Duration d, String operation) throws SourceUnavailableException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceUnavailableException(operation + ": interrupted while waiting to retry");
    }
  }

  /**
   * @param response a response
   * @return its Content-Type without parameters, lower case, or null
   */
  static @Nullable String contentType(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Content-Type")
        .map(v -> v.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
        .filter(v -> !v.isEmpty())
        .orElse(null);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
