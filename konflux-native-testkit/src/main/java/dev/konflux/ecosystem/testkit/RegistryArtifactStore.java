package dev.konflux.ecosystem.testkit;

import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
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
import java.time.Duration;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Pushes blobs and manifests into one repository of a registry reached over plain HTTP (a test
 * registry on loopback), optionally with Basic auth. Blobs go up as POST then PUT (docker-registry
 * does not support the single-request monolithic POST), streamed from their file.
 */
public final class RegistryArtifactStore implements ArtifactStore {
  private final String hostAndPort;
  private final String repository;
  private final @Nullable String authorization;
  private final HttpClient http;

  /**
   * @param hostAndPort e.g. {@code 127.0.0.1:5000}
   * @param repository repository name
   * @param username Basic auth user, or null
   * @param password Basic auth password, or null
   */
  public RegistryArtifactStore(
      String hostAndPort, String repository, @Nullable String username, @Nullable String password) {
    this.hostAndPort = hostAndPort;
    this.repository = repository;
    this.authorization =
        username == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  @Override
  public Descriptor putBlob(String mediaType, byte[] content) throws IOException {
    Digest digest = Digest.sha256Of(content);
    upload(digest, HttpRequest.BodyPublishers.ofByteArray(content));
    return Descriptor.of(mediaType, digest, content.length);
  }

  @Override
  public Descriptor putBlob(String mediaType, Path file) throws IOException {
    MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
    long size = 0;
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
        size += n;
      }
    }
    Digest digest = Digest.sha256(md.digest());
    upload(digest, HttpRequest.BodyPublishers.ofFile(file));
    return Descriptor.of(mediaType, digest, size);
  }

  private void upload(Digest digest, HttpRequest.BodyPublisher body) throws IOException {
    HttpResponse<String> head =
        send(
            request(url("/blobs/" + digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
    if (head.statusCode() == 200) {
      return;
    }
    HttpResponse<String> start =
        send(request(url("/blobs/uploads/")).POST(HttpRequest.BodyPublishers.noBody()).build());
    if (start.statusCode() != 202) {
      throw new IOException(
          "starting upload of "
              + digest
              + " to "
              + where()
              + ": HTTP "
              + start.statusCode()
              + " "
              + start.body());
    }
    String location =
        start
            .headers()
            .firstValue("Location")
            .orElseThrow(
                () -> new IOException("upload of " + digest + " to " + where() + ": no Location"));
    URI target = URI.create("http://" + hostAndPort + "/").resolve(location);
    String sep = target.getRawQuery() == null ? "?" : "&";
    URI put = URI.create(target + sep + "digest=" + digest);
    HttpResponse<String> done =
        send(request(put).header("Content-Type", "application/octet-stream").PUT(body).build());
    if (done.statusCode() != 201) {
      throw new IOException(
          "uploading blob "
              + digest
              + " to "
              + where()
              + ": HTTP "
              + done.statusCode()
              + " "
              + done.body());
    }
  }

  @Override
  public Descriptor putManifest(String mediaType, byte[] bytes, @Nullable String tag)
      throws IOException {
    Digest digest = Digest.sha256Of(bytes);
    String ref = tag != null ? tag : digest.toString();
    HttpResponse<String> r =
        send(
            request(url("/manifests/" + ref))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build());
    if (r.statusCode() != 201) {
      throw new IOException(
          "pushing manifest "
              + digest
              + " as "
              + ref
              + " to "
              + where()
              + ": HTTP "
              + r.statusCode()
              + " "
              + r.body());
    }
    return Descriptor.of(mediaType, digest, bytes.length);
  }

  @Override
  public String reference(Digest digest) {
    return where() + "@" + digest;
  }

  @Override
  public String reference(String tag) {
    return where() + ":" + tag;
  }

  /**
   * @return {@code host:port/repository}
   */
  public String where() {
    return hostAndPort + "/" + repository;
  }

  private URI url(String path) {
    return URI.create("http://" + hostAndPort + "/v2/" + repository + path);
  }

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted talking to " + where(), e);
    }
  }

  @Override
  public void close() {
    // HttpClient in Java 17 has nothing to close; its threads are daemons.
  }
}
