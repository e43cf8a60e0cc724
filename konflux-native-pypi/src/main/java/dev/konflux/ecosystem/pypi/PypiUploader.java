package dev.konflux.ecosystem.pypi;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.pypi.internal.dist.CoreMetadata;
import dev.konflux.ecosystem.pypi.internal.dist.DistFileName;
import dev.konflux.ecosystem.pypi.internal.dist.DistLimits;
import dev.konflux.ecosystem.pypi.internal.dist.SdistValidator;
import dev.konflux.ecosystem.pypi.internal.dist.ValidatedDist;
import dev.konflux.ecosystem.pypi.internal.dist.WheelValidator;
import dev.konflux.ecosystem.pypi.internal.upload.UploadForm;
import dev.konflux.ecosystem.spi.UntrustedText;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the distributions of an {@code OUT/pypi} directory to a remote index through the legacy
 * upload API, as twine does: one multipart {@code file_upload} request per file with its metadata
 * fields, {@code sha256_digest} and {@code blake2_256_digest}, and its PEP 740 attestations ({@code
 * <dist>.publish.attestation}, {@code <dist>.slsa.attestation}) as the {@code attestations} JSON
 * array. Files the index already lists with the same sha256 are skipped (a different file of that
 * name is an error); 5xx answers and connection failures are retried; a 4xx answer stops the upload
 * with the server's message. Both failures are a {@link PypiUploadException} naming the file, the
 * status and the server's message. Credentials come from the caller (read them from the
 * environment, never from a command line).
 */
public final class PypiUploader {
  private static final Logger LOG = LoggerFactory.getLogger(PypiUploader.class);
  private static final int MAX_MESSAGE = 2000;

  /** What happened to one file. */
  public enum Outcome {
    /** Uploaded. */
    UPLOADED,
    /** Already on the index with the same sha256. */
    SKIPPED
  }

  /**
   * @param fileName the distribution
   * @param outcome what happened
   * @param attestations how many attestations went with it
   */
  public record Upload(String fileName, Outcome outcome, int attestations) {}

  /**
   * Progress of an upload, delivered to the {@link Builder#listener listener} on the uploading
   * thread: for each file one {@link Started}, any number of {@link Retrying}, then one {@link
   * Finished} (or nothing more, when the upload stops with an exception).
   */
  public sealed interface Event {
    /**
     * A file was validated and is about to be checked against the index and sent.
     *
     * @param fileName the distribution
     * @param size its size in bytes
     * @param index its position, from 1
     * @param count how many files this upload sends
     */
    record Started(String fileName, long size, int index, int count) implements Event {}

    /**
     * A try failed with a 5xx answer or a connection error; another follows.
     *
     * @param fileName the distribution
     * @param attempt the try that failed, from 1
     * @param reason the status line or the connection error
     * @param delay how long before the next try
     */
    record Retrying(String fileName, int attempt, String reason, Duration delay) implements Event {}

    /**
     * A file was uploaded or skipped.
     *
     * @param upload what happened
     */
    record Finished(Upload upload) implements Event {}
  }

  private final URI repositoryUrl;
  private final @Nullable URI indexUrl;
  private final @Nullable String username;
  private final @Nullable Secret password;
  private final int attempts;
  private final Duration backoff;
  private final HttpClient http;
  private final Consumer<Event> listener;

  private PypiUploader(Builder b) {
    this.repositoryUrl = Objects.requireNonNull(b.repositoryUrl, "repositoryUrl");
    this.indexUrl = b.indexUrl;
    this.username = b.username;
    this.password = b.password;
    this.attempts = b.attempts;
    this.backoff = b.backoff;
    this.listener = b.listener;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PypiUploader}. */
  public static final class Builder {
    private @Nullable URI repositoryUrl;
    private @Nullable URI indexUrl;
    private @Nullable String username;
    private @Nullable Secret password;
    private int attempts = 3;
    private Duration backoff = Duration.ofSeconds(1);
    private Consumer<Event> listener = e -> {};

    private Builder() {}

    /**
     * @param listener receives the upload's progress; keep it quick (an exception it throws is
     *     logged and ignored)
     * @return this
     */
    public Builder listener(Consumer<Event> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * @param url the legacy upload endpoint, e.g. {@code https://upload.pypi.org/legacy/}
     * @return this
     */
    public Builder repositoryUrl(URI url) {
      this.repositoryUrl = url;
      return this;
    }

    /**
     * @param url the index's simple API root (e.g. {@code https://pypi.org/simple/}), asked which
     *     files exist before uploading; without it every file is uploaded
     * @return this
     */
    public Builder indexUrl(URI url) {
      this.indexUrl = url;
      return this;
    }

    /**
     * @param username the user ({@code __token__} for API tokens)
     * @param password the password or token
     * @return this
     */
    public Builder credentials(String username, Secret password) {
      this.username = Objects.requireNonNull(username, "username");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * @param attempts tries per file on 5xx answers and connection failures (at least 1)
     * @param backoff wait before the second try, doubled each time
     * @return this
     */
    public Builder retries(int attempts, Duration backoff) {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1");
      }
      this.attempts = attempts;
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * @return the uploader
     */
    public PypiUploader build() {
      return new PypiUploader(this);
    }
  }

  /**
   * @param pypiRoot an {@code OUT/pypi} directory (its {@code files/})
   * @return what happened to each distribution, in file name order
   * @throws KonfluxNativeException {@link InvalidInputException} for an invalid distribution or a
   *     name clash on the index; {@link PypiUploadException} (an {@link OutputException}) when the
   *     index refuses a file (4xx) or every try of one ends with a 5xx answer or a connection
   *     error; {@link SourceUnavailableException} when the index URL cannot be asked which files
   *     exist, or the upload is interrupted
   */
  public List<Upload> upload(Path pypiRoot) throws KonfluxNativeException {
    List<Path> dists;
    try (Stream<Path> s = Files.list(pypiRoot.resolve("files"))) {
      dists =
          s.filter(
                  p -> {
                    String n = p.getFileName().toString();
                    return Files.isRegularFile(p) && (n.endsWith(".whl") || n.endsWith(".tar.gz"));
                  })
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot list " + pypiRoot.resolve("files") + ": " + e.getMessage(), e);
    }
    List<Upload> done = new ArrayList<>();
    for (Path dist : dists) {
      Upload u = uploadOne(dist, done.size() + 1, dists.size());
      done.add(u);
      emit(new Event.Finished(u));
    }
    return done;
  }

  private void emit(Event event) {
    try {
      listener.accept(event);
    } catch (RuntimeException e) {
      LOG.warn("upload listener failed on {}: {}", event, e.toString());
    }
  }

  private Upload uploadOne(Path dist, int index, int count) throws KonfluxNativeException {
    DistFileName name = DistFileName.parse(dist.getFileName().toString());
    ValidatedDist v =
        name.wheel()
            ? new WheelValidator(DistLimits.DEFAULT, true).validate(dist, name)
            : new SdistValidator(DistLimits.DEFAULT).validate(dist, name);
    long size;
    try {
      size = Files.size(dist);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + dist + ": " + e.getMessage(), e);
    }
    emit(new Event.Started(name.fileName(), size, index, count));
    String[] digests = digests(dist);
    List<String> attestations = new ArrayList<>();
    for (String kind : List.of("publish", "slsa")) {
      Path a = dist.resolveSibling(dist.getFileName() + "." + kind + ".attestation");
      if (Files.isRegularFile(a)) {
        try {
          attestations.add(
              new String(
                  Pep740Attestation.parse(Files.readAllBytes(a)).toJson(), StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new InvalidInputException("cannot read " + a + ": " + e.getMessage(), e);
        }
      }
    }
    URI simple = indexUrl;
    if (simple != null && alreadyPublished(simple, name, digests[1])) {
      LOG.info(
          "{} is already on {} with sha256 {}: skipped", name.fileName(), indexUrl, digests[1]);
      return new Upload(name.fileName(), Outcome.SKIPPED, attestations.size());
    }
    CoreMetadata metadata;
    try {
      metadata = CoreMetadata.parse(v.metadataBytes());
    } catch (CoreMetadata.MalformedMetadataException e) {
      throw new InvalidInputException(name.fileName() + ": " + e.getMessage()); // validated already
    }
    Map<String, List<String>> fields =
        UploadForm.fields(
            name,
            metadata,
            digests[0],
            digests[1],
            digests[2],
            attestations.isEmpty() ? null : "[" + String.join(",", attestations) + "]");
    post(dist, fields);
    LOG.info(
        "uploaded {} with {} attestation(s) to {}",
        name.fileName(),
        attestations.size(),
        repositoryUrl);
    return new Upload(name.fileName(), Outcome.UPLOADED, attestations.size());
  }

  private boolean alreadyPublished(URI indexUrl, DistFileName name, String sha256)
      throws KonfluxNativeException {
    URI page = indexUrl.resolve(name.project() + "/");
    HttpRequest req =
        HttpRequest.newBuilder(page)
            .timeout(Duration.ofSeconds(60))
            .header("Accept", "application/vnd.pypi.simple.v1+json, text/html;q=0.1")
            .GET()
            .build();
    HttpResponse<String> r = send(req, HttpResponse.BodyHandlers.ofString(), "asking " + page);
    if (r.statusCode() == 404) {
      return false;
    }
    if (r.statusCode() != 200) {
      throw new SourceUnavailableException(
          "asking " + page + " which files exist failed: HTTP " + r.statusCode());
    }
    String body = r.body();
    int at = body.indexOf(name.fileName());
    if (at < 0) {
      return false;
    }
    if (body.contains(name.fileName() + "#sha256=" + sha256)
        || containsJsonFile(body, name.fileName(), sha256)) {
      return true;
    }
    throw new InvalidInputException(
        name.fileName() + " is already on " + indexUrl + " with other content");
  }

  private static boolean containsJsonFile(String body, String fileName, String sha256) {
    // A PEP 691 page lists "filename" then its "hashes"; both within one file object.
    int at = body.indexOf("\"" + fileName + "\"");
    int next = body.indexOf("\"filename\"", at + fileName.length() + 2);
    String object = body.substring(at, next < 0 ? body.length() : next);
    return object.contains(sha256);
  }

  private void post(Path dist, Map<String, List<String>> fields) throws KonfluxNativeException {
    String boundary = "konflux-native-" + UUID.randomUUID();
    StringBuilder head = new StringBuilder();
    for (Map.Entry<String, List<String>> e : fields.entrySet()) {
      for (String value : e.getValue()) {
        head.append("--")
            .append(boundary)
            .append("\r\nContent-Disposition: form-data; name=\"")
            .append(e.getKey())
            .append("\"\r\n\r\n")
            .append(value)
            .append("\r\n");
      }
    }
    head.append("--")
        .append(boundary)
        .append("\r\nContent-Disposition: form-data; name=\"content\"; filename=\"")
        .append(dist.getFileName())
        .append("\"\r\nContent-Type: application/octet-stream\r\n\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    HttpRequest.Builder req =
        HttpRequest.newBuilder(repositoryUrl)
            .timeout(Duration.ofMinutes(30))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary);
    if (username != null && password != null) {
      String basic = username + ":" + password.revealAsString();
      req.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }
    String what = "uploading " + dist.getFileName() + " to " + repositoryUrl;
    Duration wait = backoff;
    for (int attempt = 1; ; attempt++) {
      HttpRequest request;
      try {
        request =
            req.copy()
                .POST(
                    HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofByteArray(headBytes),
                        HttpRequest.BodyPublishers.ofFile(dist),
                        HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
      } catch (IOException e) {
        throw new InvalidInputException("cannot read " + dist + ": " + e.getMessage(), e);
      }
      HttpResponse<String> r;
      try {
        r = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (attempt >= attempts) {
          throw new PypiUploadException(
              what + " failed after " + attempt + " attempts: " + e,
              dist.getFileName().toString(),
              repositoryUrl,
              -1,
              null,
              true,
              attempt,
              e);
        }
        LOG.warn("{}: {}; trying again in {}", what, e.getMessage(), wait);
        emit(new Event.Retrying(dist.getFileName().toString(), attempt, String.valueOf(e), wait));
        sleep(wait);
        wait = wait.multipliedBy(2);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SourceUnavailableException(what + " was interrupted", e);
      }
      int status = r.statusCode();
      if (status >= 200 && status < 300) {
        return;
      }
      String message =
          UntrustedText.printable(
              r.body().length() > MAX_MESSAGE ? r.body().substring(0, MAX_MESSAGE) : r.body());
      if (status >= 500 && attempt < attempts) {
        LOG.warn("{}: HTTP {}; trying again in {}", what, status, wait);
        emit(new Event.Retrying(dist.getFileName().toString(), attempt, "HTTP " + status, wait));
        sleep(wait);
        wait = wait.multipliedBy(2);
        continue;
      }
      boolean exhausted = status >= 500;
      throw new PypiUploadException(
          what
              + " failed"
              + (exhausted ? " after " + attempt + " attempts" : "")
              + ": HTTP "
              + status
              + ": "
              + message,
          dist.getFileName().toString(),
          repositoryUrl,
          status,
          message,
          exhausted,
          attempt,
          null);
    }
  }

  private <T> HttpResponse<T> send(
      HttpRequest req, HttpResponse.BodyHandler<T> handler, String what)
      throws SourceUnavailableException {
    try {
      return http.send(req, handler);
    } catch (IOException e) {
      throw new SourceUnavailableException(what + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceUnavailableException(what + " was interrupted", e);
    }
  }

  private static void sleep(Duration d) throws SourceUnavailableException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceUnavailableException("upload interrupted", e);
    }
  }

  /**
   * @return hex md5, sha256, blake2b-256 of the file, read once
   */
  private static String[] digests(Path file) throws InvalidInputException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      Blake2bDigest blake = new Blake2bDigest(256);
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md5.update(buf, 0, n);
        sha.update(buf, 0, n);
        blake.update(buf, 0, n);
      }
      byte[] b = new byte[32];
      blake.doFinal(b, 0);
      HexFormat hex = HexFormat.of();
      return new String[] {
        hex.formatHex(md5.digest()), hex.formatHex(sha.digest()), hex.formatHex(b)
      };
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has MD5 and SHA-256", e);
    }
  }
}
