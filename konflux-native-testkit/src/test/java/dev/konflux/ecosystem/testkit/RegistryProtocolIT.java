package dev.konflux.ecosystem.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.Referrer;
import dev.konflux.ecosystem.api.RegistryCredentials;
import dev.konflux.ecosystem.api.RegistryReference;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.spi.ArtifactSource;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Protocol behaviour the real docker-registry cannot show, against a scripted loopback server:
 * retries, Bearer token exchange, referrers API pagination, lying content, redirects.
 */
class RegistryProtocolIT {
  private static final String REPO = "ns/repo";
  private static final byte[] EMPTY = new byte[0];

  private static byte[] manifestBytes(String artifactType, Descriptor subject) {
    String subjectJson =
        subject == null
            ? ""
            : ",\"subject\":{\"mediaType\":\""
                + subject.mediaType()
                + "\",\"digest\":\""
                + subject.digest()
                + "\",\"size\":"
                + subject.size()
                + "}";
    return ("{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"artifactType\":\""
            + artifactType
            + "\",\"config\":{\"mediaType\":\""
            + MediaTypes.OCI_EMPTY
            + "\",\"digest\":\""
            + MediaTypes.OCI_EMPTY_DIGEST
            + "\",\"size\":2},\"layers\":[]"
            + subjectJson
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static final byte[] SUBJECT = manifestBytes(MediaTypes.ARTIFACT_RPM_BUILD, null);
  private static final Digest SUBJECT_DIGEST = Digest.sha256Of(SUBJECT);

  private static SourceOptions.Builder options(ScriptedRegistry server) {
    return SourceOptions.builder()
        .plainHttp(server.hostAndPort())
        .initialBackoff(Duration.ofMillis(1));
  }

  private static RegistryReference ref(ScriptedRegistry server, String tag) throws Exception {
    return RegistryReference.parse(server.hostAndPort() + "/" + REPO + ":" + tag);
  }

  @Test
  void retriesServerErrorsWithBackoffThenSucceeds() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedRegistry server =
            new ScriptedRegistry(
                x -> {
                  if (calls.incrementAndGet() <= 2) {
                    ScriptedRegistry.send(
                        x, 503, "text/plain", "busy".getBytes(StandardCharsets.UTF_8));
                  } else {
                    ScriptedRegistry.send(x, 200, MediaTypes.OCI_MANIFEST, SUBJECT);
                  }
                });
        ArtifactSource source =
            RegistrySources.open(
                server.hostAndPort(), REPO, options(server).maxAttempts(4).build())) {
      assertEquals(SUBJECT_DIGEST, source.resolve(ref(server, "v1")).digest());
      assertEquals(3, server.requests.size());
    }
  }

  @Test
  void givesUpAfterMaxAttempts() throws Exception {
    try (ScriptedRegistry server =
            new ScriptedRegistry(x -> ScriptedRegistry.send(x, 502, "text/plain", EMPTY));
        ArtifactSource source =
            RegistrySources.open(
                server.hostAndPort(), REPO, options(server).maxAttempts(3).build())) {
      SourceUnavailableException e =
          assertThrows(SourceUnavailableException.class, () -> source.resolve(ref(server, "v1")));
      assertEquals(3, server.requests.size());
      assertTrue(
          e.getMessage().contains("502") && e.getMessage().contains(server.hostAndPort()),
          e.getMessage());
    }
  }

  @Test
  void neverRetriesClientErrors() throws Exception {
    try (ScriptedRegistry server =
            new ScriptedRegistry(x -> ScriptedRegistry.send(x, 400, "text/plain", EMPTY));
        ArtifactSource source =
            RegistrySources.open(
                server.hostAndPort(), REPO, options(server).maxAttempts(5).build())) {
      assertThrows(SourceUnavailableException.class, () -> source.resolve(ref(server, "v1")));
      assertEquals(1, server.requests.size());
    }
  }

  @Test
  void connectionRefusedIsRetriedThenSourceUnavailable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String host = "127.0.0.1:" + port;
    SourceOptions o =
        SourceOptions.builder()
            .plainHttp(host)
            .maxAttempts(2)
            .initialBackoff(Duration.ofMillis(1))
            .build();
    try (ArtifactSource source = RegistrySources.open(host, REPO, o)) {
      SourceUnavailableException e =
          assertThrows(
              SourceUnavailableException.class,
              () -> source.resolve(RegistryReference.parse(host + "/" + REPO + ":v1")));
      assertTrue(e.getMessage().contains("cannot reach registry " + host), e.getMessage());
      assertTrue(e.getMessage().contains("after 2 attempts"), e.getMessage());
    }
  }

  @Test
  void plainHttpOnlyForAllowedHosts() throws Exception {
    try (ScriptedRegistry server =
            new ScriptedRegistry(
                x -> ScriptedRegistry.send(x, 200, MediaTypes.OCI_MANIFEST, SUBJECT));
        ArtifactSource source =
            RegistrySources.open(
                server.hostAndPort(),
                REPO,
                SourceOptions.builder()
                    .maxAttempts(1)
                    .requestTimeout(Duration.ofSeconds(5))
                    .build())) {
      // Without plainHttp the source speaks TLS, which the plain server cannot answer.
      assertThrows(SourceUnavailableException.class, () -> source.resolve(ref(server, "v1")));
    }
  }

  @Test
  void bearerTokenExchangeWithBasicCredentials() throws Exception {
    String basic =
        "Basic " + Base64.getEncoder().encodeToString("bob:pw".getBytes(StandardCharsets.UTF_8));
    ScriptedRegistry[] self = new ScriptedRegistry[1];
    try (ScriptedRegistry server =
        new ScriptedRegistry(
            x -> {
              String path = x.getRequestURI().getPath();
              String auth = x.getRequestHeaders().getFirst("Authorization");
              if (path.equals("/token")) {
                if (basic.equals(auth)) {
                  ScriptedRegistry.send(
                      x,
                      200,
                      "application/json",
                      "{\"token\":\"tok123\"}".getBytes(StandardCharsets.UTF_8));
                } else {
                  ScriptedRegistry.send(
                      x, 401, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
                }
              } else if ("Bearer tok123".equals(auth)) {
                ScriptedRegistry.send(x, 200, MediaTypes.OCI_MANIFEST, SUBJECT);
              } else {
                x.getResponseHeaders()
                    .set(
                        "WWW-Authenticate",
                        "Bearer realm=\"http://"
                            + self[0].hostAndPort()
                            + "/token\",service=\"scripted\",scope=\"repository:"
                            + REPO
                            + ":pull\"");
                ScriptedRegistry.send(
                    x, 401, "application/json", "{\"errors\":[]}".getBytes(StandardCharsets.UTF_8));
              }
            })) {
      self[0] = server;
      SourceOptions good =
          options(server)
              .credentials(new RegistryCredentials(server.hostAndPort(), "bob", Secret.of("pw")))
              .build();
      try (ArtifactSource source = RegistrySources.open(server.hostAndPort(), REPO, good)) {
        assertEquals(SUBJECT_DIGEST, source.resolve(ref(server, "v1")).digest());
        // The token is reused for the next request: no second exchange.
        assertEquals(SUBJECT_DIGEST, source.resolve(ref(server, "v1")).digest());
      }
      List<String> tokenRequests =
          server.requests.stream()
              .filter(r -> r.startsWith("GET /token"))
              .collect(Collectors.toList());
      assertEquals(1, tokenRequests.size(), server.requests.toString());
      assertTrue(tokenRequests.get(0).contains("service=scripted"), tokenRequests.toString());
      assertTrue(
          tokenRequests.get(0).contains("scope=repository:ns/repo:pull")
              || tokenRequests.get(0).contains("scope=repository%3Ans%2Frepo%3Apull"),
          tokenRequests.toString());

      SourceOptions bad =
          options(server)
              .credentials(new RegistryCredentials(server.hostAndPort(), "bob", Secret.of("nope")))
              .build();
      try (ArtifactSource source = RegistrySources.open(server.hostAndPort(), REPO, bad)) {
        SourceUnavailableException e =
            assertThrows(SourceUnavailableException.class, () -> source.resolve(ref(server, "v1")));
        assertTrue(e.getMessage().contains(server.hostAndPort()), e.getMessage());
        assertFalse(e.getMessage().contains("nope"), e.getMessage());
      }
    }
  }

  @Test
  void referrersApiFollowsLinkPaginationAndPassesTheFilter() throws Exception {
    Descriptor subject = Descriptor.of(MediaTypes.OCI_MANIFEST, SUBJECT_DIGEST, SUBJECT.length);
    byte[] r1 = manifestBytes(MediaTypes.SIGSTORE_BUNDLE_V03, subject);
    byte[] r2 = manifestBytes(MediaTypes.COSIGN_SBOM_ARTIFACT, subject);
    byte[] stranger =
        manifestBytes(
            MediaTypes.SIGSTORE_BUNDLE_V03,
            Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256Of(EMPTY), 0));
    Map<String, byte[]> manifests =
        Map.of(
            Digest.sha256Of(r1).toString(),
            r1,
            Digest.sha256Of(r2).toString(),
            r2,
            Digest.sha256Of(stranger).toString(),
            stranger);
    String page1 = indexJson(List.of(r1, stranger));
    String page2 = indexJson(List.of(r2));
    try (ScriptedRegistry server =
            new ScriptedRegistry(
                x -> {
                  String path = x.getRequestURI().getPath();
                  String query = x.getRequestURI().getRawQuery();
                  if (path.equals("/v2/" + REPO + "/referrers/" + SUBJECT_DIGEST)) {
                    if (query != null && query.contains("last=1")) {
                      ScriptedRegistry.send(
                          x, 200, MediaTypes.OCI_INDEX, page2.getBytes(StandardCharsets.UTF_8));
                    } else {
                      x.getResponseHeaders()
                          .set(
                              "Link",
                              "</v2/"
                                  + REPO
                                  + "/referrers/"
                                  + SUBJECT_DIGEST
                                  + "?n=2&last=1>; rel=\"next\"");
                      ScriptedRegistry.send(
                          x, 200, MediaTypes.OCI_INDEX, page1.getBytes(StandardCharsets.UTF_8));
                    }
                    return;
                  }
                  String prefix = "/v2/" + REPO + "/manifests/";
                  byte[] m =
                      path.startsWith(prefix)
                          ? manifests.get(path.substring(prefix.length()))
                          : null;
                  if (m != null) {
                    ScriptedRegistry.send(x, 200, MediaTypes.OCI_MANIFEST, m);
                  } else {
                    ScriptedRegistry.send(
                        x,
                        404,
                        "text/plain",
                        "404 page not found".getBytes(StandardCharsets.UTF_8));
                  }
                });
        ArtifactSource source =
            RegistrySources.open(server.hostAndPort(), REPO, options(server).build())) {
      List<Referrer> referrers = source.referrers(SUBJECT_DIGEST);
      // The stranger (its subject is another digest) is not reported.
      assertEquals(
          List.of(Digest.sha256Of(r1), Digest.sha256Of(r2)),
          referrers.stream().map(r -> r.manifest().digest()).collect(Collectors.toList()));
      assertTrue(
          referrers.stream().allMatch(r -> r.discovery() == Referrer.Discovery.REFERRERS_API));
      assertEquals(Referrer.Kind.SIGSTORE_BUNDLE, referrers.get(0).kind());
      assertEquals(Referrer.Kind.SBOM, referrers.get(1).kind());

      server.requests.clear();
      List<Referrer> filtered = source.referrers(SUBJECT_DIGEST, MediaTypes.COSIGN_SBOM_ARTIFACT);
      assertEquals(
          List.of(Digest.sha256Of(r2)),
          filtered.stream().map(r -> r.manifest().digest()).collect(Collectors.toList()));
      assertTrue(
          server
                  .requests
                  .get(0)
                  .contains("artifactType=application%2Fvnd.dev.cosign.artifact.sbom.v1%2Bjson")
              || server
                  .requests
                  .get(0)
                  .contains("artifactType=application/vnd.dev.cosign.artifact.sbom.v1+json"),
          server.requests.toString());
    }
  }

  private static String indexJson(List<byte[]> manifests) {
    return "{\"schemaVersion\":2,\"mediaType\":\""
        + MediaTypes.OCI_INDEX
        + "\",\"manifests\":["
        + manifests.stream()
            .map(
                m ->
                    "{\"mediaType\":\""
                        + MediaTypes.OCI_MANIFEST
                        + "\",\"digest\":\""
                        + Digest.sha256Of(m)
                        + "\",\"size\":"
                        + m.length
                        + "}")
            .collect(Collectors.joining(","))
        + "]}";
  }

  @Test
  void aManifestThatDoesNotHashToItsDigestIsAVerificationFailure() throws Exception {
    byte[] other = manifestBytes(MediaTypes.ARTIFACT_PYTHON_WHEELS, null);
    try (ScriptedRegistry server =
            new ScriptedRegistry(
                x -> ScriptedRegistry.send(x, 200, MediaTypes.OCI_MANIFEST, other));
        ArtifactSource source =
            RegistrySources.open(server.hostAndPort(), REPO, options(server).build())) {
      RegistryReference pinned =
          RegistryReference.parse(server.hostAndPort() + "/" + REPO + "@" + SUBJECT_DIGEST);
      VerificationException e =
          assertThrows(VerificationException.class, () -> source.resolve(pinned));
      assertTrue(
          e.getMessage().contains(SUBJECT_DIGEST.toString())
              && e.getMessage().contains(server.hostAndPort()),
          e.getMessage());
    }
  }

  @Test
  void aTagWhoseContentDisagreesWithDockerContentDigestIsAVerificationFailure() throws Exception {
    try (ScriptedRegistry server =
            new ScriptedRegistry(
                x -> {
                  x.getResponseHeaders()
                      .set("Docker-Content-Digest", Digest.sha256Of(EMPTY).toString());
                  ScriptedRegistry.send(x, 200, MediaTypes.OCI_MANIFEST, SUBJECT);
                });
        ArtifactSource source =
            RegistrySources.open(server.hostAndPort(), REPO, options(server).build())) {
      assertThrows(VerificationException.class, () -> source.resolve(ref(server, "v1")));
    }
  }

  @Test
  void blobRedirectsAreFollowedWithoutCarryingCredentials() throws Exception {
    byte[] content = "blob content".getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.sha256Of(content);
    try (ScriptedRegistry storage =
            new ScriptedRegistry(
                x -> ScriptedRegistry.send(x, 200, "application/octet-stream", content));
        ScriptedRegistry registry =
            new ScriptedRegistry(
                x -> {
                  x.getResponseHeaders()
                      .set(
                          "Location",
                          "http://" + storage.hostAndPort() + "/bucket/" + digest.hex());
                  ScriptedRegistry.send(x, 307, null, EMPTY);
                })) {
      SourceOptions o =
          options(registry)
              .plainHttp(storage.hostAndPort())
              .credentials(new RegistryCredentials(registry.hostAndPort(), "bob", Secret.of("pw")))
              .build();
      try (ArtifactSource source = RegistrySources.open(registry.hostAndPort(), REPO, o);
          InputStream in = source.open(Descriptor.of(MediaTypes.RPM, digest, content.length))) {
        assertArrayEquals(content, in.readAllBytes());
      }
      assertEquals(List.of(""), storage.authorizations);
    }
  }

  private static byte[] pattern(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 31 + (i >> 8));
    }
    return b;
  }

  @Test
  void aBrokenBlobConnectionIsResumedWithRangeAndStillVerified() throws Exception {
    byte[] content = pattern(300_000);
    Digest digest = Digest.sha256Of(content);
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedRegistry server =
            new ScriptedRegistry(
                x -> {
                  String range = x.getRequestHeaders().getFirst("Range");
                  if (calls.incrementAndGet() == 1) {
                    // Promise everything, send a third, then break the connection.
                    x.sendResponseHeaders(200, content.length);
                    x.getResponseBody().write(content, 0, 100_000);
                    x.getResponseBody().flush();
                    throw new java.io.IOException("connection broken on purpose");
                  }
                  int from =
                      Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
                  x.getResponseHeaders()
                      .set(
                          "Content-Range",
                          "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
                  x.sendResponseHeaders(206, content.length - from);
                  x.getResponseBody().write(content, from, content.length - from);
                });
        ArtifactSource source =
            RegistrySources.open(
                server.hostAndPort(), REPO, options(server).maxAttempts(3).build());
        InputStream in = source.open(Descriptor.of(MediaTypes.RPM, digest, content.length))) {
      assertArrayEquals(content, in.readAllBytes());
      assertEquals(2, calls.get());
      assertTrue(server.ranges.get(1).startsWith("bytes="), server.ranges.toString());
    }
  }

  @Test
  void aResumedBlobWithDifferentBytesFailsVerification() throws Exception {
    byte[] content = pattern(300_000);
    Digest digest = Digest.sha256Of(content);
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedRegistry server =
            new ScriptedRegistry(
                x -> {
                  if (calls.incrementAndGet() == 1) {
                    x.sendResponseHeaders(200, content.length);
                    x.getResponseBody().write(content, 0, 100_000);
                    x.getResponseBody().flush();
                    throw new java.io.IOException("connection broken on purpose");
                  }
                  // No range support, and the blob changed underneath: the digest check must catch
                  // it.
                  byte[] other = content.clone();
                  other[200_000] ^= 1;
                  ScriptedRegistry.send(x, 200, "application/octet-stream", other);
                });
        ArtifactSource source =
            RegistrySources.open(
                server.hostAndPort(), REPO, options(server).maxAttempts(3).build());
        InputStream in = source.open(Descriptor.of(MediaTypes.RPM, digest, content.length))) {
      assertThrows(dev.konflux.ecosystem.api.BlobIntegrityException.class, in::readAllBytes);
    }
  }

  @Test
  void theRequestTimeoutBoundsTheHeadersNotTheWholeBody() throws Exception {
    byte[] content = pattern(64 * 1024);
    Digest digest = Digest.sha256Of(content);
    try (ScriptedRegistry server =
            new ScriptedRegistry(
                x -> {
                  x.sendResponseHeaders(200, content.length);
                  // Trickle the body for about 2.5 s, longer than the 1 s request timeout.
                  for (int i = 0; i < 5; i++) {
                    x.getResponseBody().write(content, i * content.length / 5, content.length / 5);
                    x.getResponseBody().flush();
                    try {
                      Thread.sleep(500);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      return;
                    }
                  }
                  x.getResponseBody()
                      .write(
                          content,
                          5 * (content.length / 5),
                          content.length - 5 * (content.length / 5));
                  x.getResponseBody().close();
                });
        ArtifactSource source =
            RegistrySources.open(
                server.hostAndPort(),
                REPO,
                options(server).maxAttempts(1).requestTimeout(Duration.ofSeconds(1)).build());
        InputStream in = source.open(Descriptor.of(MediaTypes.RPM, digest, content.length))) {
      assertArrayEquals(content, in.readAllBytes());
    }
  }

  private static SourceOptions.Builder stalling(ScriptedRegistry server) {
    // A short idle timeout keeps the test quick; the behaviour is the same at the 20 s default.
    return options(server).readIdleTimeout(Duration.ofMillis(300));
  }

  @Test
  void aBlobThatStallsMidBodyOnceIsResumedWithRangeAndVerified() throws Exception {
    byte[] content = pattern(300_000);
    Digest digest = Digest.sha256Of(content);
    AtomicInteger calls = new AtomicInteger();
    ScriptedRegistry[] self = new ScriptedRegistry[1];
    try (ScriptedRegistry server =
        new ScriptedRegistry(
            x -> {
              if (calls.incrementAndGet() == 1) {
                self[0].stallAfter(x, "application/octet-stream", content, 150_000);
                return;
              }
              String range = x.getRequestHeaders().getFirst("Range");
              int from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
              x.getResponseHeaders()
                  .set(
                      "Content-Range",
                      "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
              x.sendResponseHeaders(206, content.length - from);
              x.getResponseBody().write(content, from, content.length - from);
            })) {
      self[0] = server;
      try (ArtifactSource source =
              RegistrySources.open(
                  server.hostAndPort(), REPO, stalling(server).maxAttempts(3).build());
          InputStream in = source.open(Descriptor.of(MediaTypes.RPM, digest, content.length))) {
        assertTimeoutPreemptively(
            Duration.ofMinutes(1), () -> assertArrayEquals(content, in.readAllBytes()));
      }
      assertEquals(2, calls.get());
      assertEquals("bytes=150000-", server.ranges.get(1));
    }
  }

  @Test
  void aBlobThatAlwaysStallsIsSourceUnavailableAfterItsAttempts() throws Exception {
    byte[] content = pattern(100_000);
    Digest digest = Digest.sha256Of(content);
    ScriptedRegistry[] self = new ScriptedRegistry[1];
    try (ScriptedRegistry server =
        new ScriptedRegistry(
            x -> self[0].stallAfter(x, "application/octet-stream", content, 10_000))) {
      self[0] = server;
      try (ArtifactSource source =
              RegistrySources.open(
                  server.hostAndPort(), REPO, stalling(server).maxAttempts(3).build());
          InputStream in = source.open(Descriptor.of(MediaTypes.RPM, digest, content.length))) {
        java.io.IOException e =
            assertTimeoutPreemptively(
                Duration.ofMinutes(1),
                () -> assertThrows(java.io.IOException.class, in::readAllBytes));
        assertFalse(e instanceof dev.konflux.ecosystem.api.BlobIntegrityException, e.toString());
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
      }
      // The first request and two resumes: the attempt budget bounds the whole transfer.
      assertEquals(3, server.requests.size(), server.requests.toString());
    }
  }

  @Test
  void aManifestThatStallsOnceIsFetchedAgain() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    ScriptedRegistry[] self = new ScriptedRegistry[1];
    try (ScriptedRegistry server =
        new ScriptedRegistry(
            x -> {
              if (calls.incrementAndGet() == 1) {
                self[0].stallAfter(x, MediaTypes.OCI_MANIFEST, SUBJECT, SUBJECT.length / 2);
                return;
              }
              ScriptedRegistry.send(x, 200, MediaTypes.OCI_MANIFEST, SUBJECT);
            })) {
      self[0] = server;
      try (ArtifactSource source =
          RegistrySources.open(server.hostAndPort(), REPO, stalling(server).build())) {
        assertEquals(
            SUBJECT_DIGEST,
            assertTimeoutPreemptively(
                Duration.ofMinutes(1), () -> source.resolve(ref(server, "v1")).digest()));
      }
      assertEquals(2, calls.get());
    }
  }

  @Test
  void referrersThatAlwaysStallAreSourceUnavailable() throws Exception {
    byte[] page =
        ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}")
            .getBytes(StandardCharsets.UTF_8);
    ScriptedRegistry[] self = new ScriptedRegistry[1];
    try (ScriptedRegistry server =
        new ScriptedRegistry(x -> self[0].stallAfter(x, MediaTypes.OCI_INDEX, page, 10))) {
      self[0] = server;
      try (ArtifactSource source =
          RegistrySources.open(
              server.hostAndPort(), REPO, stalling(server).maxAttempts(2).build())) {
        SourceUnavailableException e =
            assertTimeoutPreemptively(
                Duration.ofMinutes(1),
                () ->
                    assertThrows(
                        SourceUnavailableException.class, () -> source.referrers(SUBJECT_DIGEST)));
        assertTrue(e.getMessage().contains("stalled"), e.getMessage());
      }
      assertEquals(2, server.requests.size(), server.requests.toString());
    }
  }
}
