package dev.konflux.ecosystem.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.spi.OpenPgpArmor;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server over a real signed RPM build (packages made by {@code rpmbuild}, hence an IT), with
 * the JDK's HTTP client and raw sockets as clients; served bytes are compared with what {@code
 * Translator.translate} writes for the same release.
 */
class NativeViewServerIT {
  private static final int SUBPACKAGES = 55;
  @TempDir static Path shared;
  private static ServeFixture fixture;
  private static OpenPgpSigner key;
  private static Path released;

  @TempDir Path tmp;
  private NativeViewServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void build() throws Exception {
    fixture = ServeFixture.build(shared, SUBPACKAGES, 16);
    key = EphemeralSigningKey.generate("serve test <serve@test.invalid>");
    released = shared.resolve("released");
    fixture
        .translator(shared, key, fixture.cosignPublicKey)
        .outputDirectory(released)
        .build()
        .translate(TranslateRequest.of(List.of(fixture.reference())));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private NativeViewServer start(ServeFixture.CountingSources sources) throws Exception {
    server =
        NativeViewServer.builder()
            .plan(fixture.plan(tmp, key, sources))
            .publicKey(key)
            .cacheDirectory(tmp.resolve("cache"))
            .start();
    return server;
  }

  private static String pkg(String name) {
    return "rpm/x86_64/Packages/" + name + "-1.0-1.x86_64.rpm";
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] releasedBytes(String path) throws Exception {
    return Files.readAllBytes(released.resolve(path));
  }

  /**
   * Without a cache directory the server makes its own temporary one; a replaced plan gets a
   * subdirectory of it per view ({@code v<n>/<fingerprint>/}), and closing a view removes only its
   * fingerprint directory. So after a replace the temporary directory still holds that view's
   * {@code v<n>/} when the server closes, and it must go too (a plain delete of the now non-empty
   * directory failed and left it in /tmp).
   */
  @Test
  void aServerWithoutACacheDirectoryLeavesNothingInTheTemporaryDirectory() throws Exception {
    Path tmpRoot = Path.of(System.getProperty("java.io.tmpdir"));
    java.util.Set<Path> before = serveTemporaries(tmpRoot);
    ServeFixture.CountingSources counting =
        new ServeFixture.CountingSources(fixture.reference().scheme());
    server =
        NativeViewServer.builder().plan(fixture.plan(tmp, key, counting)).publicKey(key).start();
    assertEquals(200, get(pkg("demo-sub-1")).statusCode());
    java.util.Set<Path> during = serveTemporaries(tmpRoot);
    during.removeAll(before);
    assertEquals(1, during.size(), "the server made its own cache directory: " + during);
    Path cache = during.iterator().next();

    // A second view, which writes a produced file under its own subdirectory of the cache.
    server.replace(fixture.plan(tmp, key, null));
    assertEquals(200, get(pkg("demo-sub-2")).statusCode());
    java.util.List<Path> viewDirectories;
    try (java.util.stream.Stream<Path> s = Files.list(cache)) {
      viewDirectories = s.filter(p -> p.getFileName().toString().matches("v[0-9]+")).toList();
    }
    assertEquals(1, viewDirectories.size(), "the replacing view's directory: " + viewDirectories);
    try (java.util.stream.Stream<Path> s = Files.walk(viewDirectories.get(0))) {
      assertTrue(
          s.anyMatch(p -> p.getFileName().toString().equals("demo-sub-2-1.0-1.x86_64.rpm")),
          "the second view produced its file under " + viewDirectories.get(0));
    }

    server.close();
    server = null;
    assertFalse(Files.exists(cache), "removed on close, with what the views left in it");
  }

  private static java.util.Set<Path> serveTemporaries(Path tmpRoot) throws Exception {
    try (java.util.stream.Stream<Path> s = Files.list(tmpRoot)) {
      return s.filter(p -> p.getFileName().toString().startsWith("konflux-native-serve"))
          .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
    }
  }

  @Test
  void onePackageReadsOnlyItsLayerAndIsProducedOnceForConcurrentClients() throws Exception {
    ServeFixture.CountingSources counting =
        new ServeFixture.CountingSources(fixture.reference().scheme());
    start(counting);
    counting.opened.clear();
    HttpResponse<byte[]> r = get(pkg("demo-sub-1"));
    assertEquals(200, r.statusCode());
    assertArrayEquals(releasedBytes(pkg("demo-sub-1")), r.body());
    Descriptor layer = fixture.artifact.layer("x86_64/demo-sub-1-1.0-1.x86_64.rpm");
    assertEquals(List.of(layer.digest()), counting.opened);
    assertEquals(
        "\"" + Digest.sha256Of(r.body()) + "\"", r.headers().firstValue("ETag").orElseThrow());

    // Twenty clients at once for one cold file: it is produced (its layer read) once.
    counting.opened.clear();
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<HttpResponse<byte[]>>> all = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        all.add(pool.submit(() -> get(pkg("demo-big"))));
      }
      byte[] expected = releasedBytes(pkg("demo-big"));
      for (Future<HttpResponse<byte[]>> f : all) {
        assertEquals(200, f.get().statusCode());
        assertArrayEquals(expected, f.get().body());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(
        List.of(fixture.artifact.layer("x86_64/demo-big-1.0-1.x86_64.rpm").digest()),
        counting.opened);
  }

  @Test
  void headConditionalGetAndRanges() throws Exception {
    start(null);
    String path = pkg("demo-big");
    byte[] whole = releasedBytes(path);
    HttpResponse<byte[]> head =
        client.send(
            HttpRequest.newBuilder(server.uri().resolve(path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, head.statusCode());
    assertEquals(
        String.valueOf(whole.length), head.headers().firstValue("Content-Length").orElseThrow());
    assertEquals(0, head.body().length);
    String etag = head.headers().firstValue("ETag").orElseThrow();
    assertEquals("\"" + Digest.sha256Of(whole) + "\"", etag);

    assertEquals(304, get(path, "If-None-Match", etag).statusCode());
    assertEquals(200, get(path, "If-None-Match", "\"sha256:00\"").statusCode());

    HttpResponse<byte[]> part = get(path, "Range", "bytes=1000-1999");
    assertEquals(206, part.statusCode());
    assertEquals(
        "bytes 1000-1999/" + whole.length,
        part.headers().firstValue("Content-Range").orElseThrow());
    assertArrayEquals(java.util.Arrays.copyOfRange(whole, 1000, 2000), part.body());
    HttpResponse<byte[]> tail = get(path, "Range", "bytes=-10");
    assertEquals(206, tail.statusCode());
    assertArrayEquals(
        java.util.Arrays.copyOfRange(whole, whole.length - 10, whole.length), tail.body());
    HttpResponse<byte[]> open = get(path, "Range", "bytes=" + (whole.length - 3) + "-");
    assertArrayEquals(
        java.util.Arrays.copyOfRange(whole, whole.length - 3, whole.length), open.body());
    HttpResponse<byte[]> beyond = get(path, "Range", "bytes=" + whole.length + "-");
    assertEquals(416, beyond.statusCode());
    assertEquals(
        "bytes */" + whole.length, beyond.headers().firstValue("Content-Range").orElseThrow());
    // A Range for another version of the file (If-Range with another ETag) gets the whole file.
    HttpResponse<byte[]> other = get(path, "Range", "bytes=0-9", "If-Range", "\"sha256:00\"");
    assertEquals(200, other.statusCode());
    assertEquals(whole.length, other.body().length);
  }

  @Test
  void fiftyConcurrentDownloadsOfDifferentFilesGetTheReleasedBytes() throws Exception {
    start(null);
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      List<Future<HttpResponse<byte[]>>> all = new ArrayList<>();
      for (int i = 1; i <= 50; i++) {
        String path = pkg("demo-sub-" + i);
        all.add(pool.submit(() -> get(path)));
      }
      for (int i = 1; i <= 50; i++) {
        HttpResponse<byte[]> r = all.get(i - 1).get();
        assertEquals(200, r.statusCode(), "demo-sub-" + i);
        assertArrayEquals(releasedBytes(pkg("demo-sub-" + i)), r.body(), "demo-sub-" + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aClientThatDisconnectsDisturbsNoOneAndLeavesNoBrokenCacheEntry() throws Exception {
    start(null);
    String path = pkg("demo-big");
    byte[] whole = releasedBytes(path);
    // Cold: the client asks and leaves before the file is even produced.
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(server.uri().getHost(), server.port()));
      s.getOutputStream()
          .write(
              ("GET /" + path + " HTTP/1.1\r\nHost: x\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
    }
    // Warm: one client reads 64 KiB and hangs up while another downloads the whole file.
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(server.uri().getHost(), server.port()));
      s.setReceiveBufferSize(4096);
      s.getOutputStream()
          .write(
              ("GET /" + path + " HTTP/1.1\r\nHost: x\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      byte[] first = in.readNBytes(65536);
      assertEquals(65536, first.length);
      Future<HttpResponse<byte[]>> other = pool.submit(() -> get(path));
      s.setSoLinger(true, 0); // a reset, as a killed client leaves
      s.close();
      assertArrayEquals(whole, other.get().body());
    } finally {
      pool.shutdownNow();
    }
    HttpResponse<byte[]> again = get(path);
    assertEquals(200, again.statusCode());
    assertArrayEquals(whole, again.body());
  }

  @Test
  void badPathsGet400Or404AndProduceNothing() throws Exception {
    ServeFixture.CountingSources counting =
        new ServeFixture.CountingSources(fixture.reference().scheme());
    start(counting);
    counting.opened.clear();
    String longPath = "/rpm/" + "a".repeat(3000);
    List<String> bad =
        List.of(
            "/rpm/../keys/signing-key.asc",
            "/rpm/x86_64/Packages/..",
            "/rpm/x86_64%2FPackages/x.rpm",
            "/rpm/x86_64%2fPackages%2fdemo-1.0-1.x86_64.rpm",
            "/rpm/%2e%2e/x",
            "/rpm/x86_64/Packages/%00.rpm",
            "/rpm//x86_64/Packages/demo-1.0-1.x86_64.rpm",
            "/rpm/x86_64/Packages/a%5c..%5cb",
            "/%zz",
            longPath,
            "/rpm/./x86_64/");
    for (String p : bad) {
      int status = rawStatus("GET " + p + " HTTP/1.1");
      assertTrue(status == 400 || status == 404, p + " → " + status);
    }
    for (String p :
        List.of(
            "/nothing",
            "/keys/nothing.asc",
            "/maven/x",
            "/rpm/x86_64/Packages/none-1-1.x86_64.rpm")) {
      assertTrue(List.of(400, 404).contains(rawStatus("GET " + p + " HTTP/1.1")), p);
    }
    assertEquals(405, rawStatus("DELETE /rpm/x86_64/Packages/demo-1.0-1.x86_64.rpm HTTP/1.1"));
    assertEquals(
        List.of(),
        counting.opened.stream()
            .filter(d -> fixture.artifact.contents().stream().anyMatch(l -> l.digest().equals(d)))
            .toList(),
        "no package layer was read");
  }

  @Test
  void indexPageListsRepositoriesKeysAndClientLines() throws Exception {
    start(null);
    String page = new String(get("").body(), StandardCharsets.UTF_8);
    URI keyUrl = server.keyUrls().get(0);
    assertTrue(page.contains(keyUrl.toString()), page);
    assertTrue(
        page.contains("dnf --repofrompath=konflux-x86_64," + server.uri().resolve("rpm/x86_64/")),
        page);
    String armored =
        new String(
            client
                .send(
                    HttpRequest.newBuilder(keyUrl).build(), HttpResponse.BodyHandlers.ofByteArray())
                .body(),
            StandardCharsets.US_ASCII);
    assertEquals(OpenPgpArmor.armorPublicKey(key.publicKey()), armored);
    String listing = new String(get("rpm/x86_64/Packages/").body(), StandardCharsets.UTF_8);
    assertTrue(listing.contains("demo-sub-7-1.0-1.x86_64.rpm"), listing);
    // repodata, produced on request, is the release's
    HttpResponse<byte[]> repomd = get("rpm/x86_64/repodata/repomd.xml");
    assertEquals(200, repomd.statusCode());
    assertArrayEquals(releasedBytes("rpm/x86_64/repodata/repomd.xml"), repomd.body());
    assertArrayEquals(
        releasedBytes("rpm/x86_64/repodata/repomd.xml.asc"),
        get("rpm/x86_64/repodata/repomd.xml.asc").body());
  }

  @Test
  void theCacheDirectorySurvivesARestartAndACorruptEntryIsDiscarded() throws Exception {
    ServeFixture.CountingSources counting =
        new ServeFixture.CountingSources(fixture.reference().scheme());
    start(counting);
    assertEquals(200, get(pkg("demo-sub-1")).statusCode());
    assertEquals(200, get(pkg("demo-sub-2")).statusCode());
    server.close();
    server = null;
    // demo-sub-2's cached file is damaged while no server runs.
    Path damaged;
    try (java.util.stream.Stream<Path> s = Files.walk(tmp.resolve("cache"))) {
      damaged = s.filter(p -> p.endsWith("demo-sub-2-1.0-1.x86_64.rpm")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(damaged);
    bytes[bytes.length / 2] ^= 1;
    Files.write(damaged, bytes);

    // Same inputs and key, same --cache-dir: the intact file is served without reading its layer,
    // the damaged one is produced again from its layer.
    counting.opened.clear();
    start(counting);
    counting.opened.clear();
    HttpResponse<byte[]> kept = get(pkg("demo-sub-1"));
    assertArrayEquals(releasedBytes(pkg("demo-sub-1")), kept.body());
    assertEquals(List.of(), counting.opened);
    HttpResponse<byte[]> again = get(pkg("demo-sub-2"));
    assertArrayEquals(releasedBytes(pkg("demo-sub-2")), again.body());
    assertEquals(
        List.of(fixture.artifact.layer("x86_64/demo-sub-2-1.0-1.x86_64.rpm").digest()),
        counting.opened);
    // The index over reused files is still complete (they are written again for it).
    HttpResponse<byte[]> primary = get("rpm/x86_64/repodata/repomd.xml");
    assertEquals(200, primary.statusCode());
  }

  @Test
  void aReplacedPlanIsServedFromTheSwitchOn() throws Exception {
    start(null);
    String path = pkg("demo-sub-3");
    String before = get(path).headers().firstValue("ETag").orElseThrow();
    // The same build released a minute later: new signatures, so other bytes.
    server.replace(
        fixture
            .translator(tmp, key, fixture.cosignPublicKey)
            .releaseTime(ServeFixture.TIME.plusSeconds(60))
            .build()
            .plan(TranslateRequest.of(List.of(fixture.reference()))));
    HttpResponse<byte[]> after = get(path);
    assertEquals(200, after.statusCode());
    assertTrue(!before.equals(after.headers().firstValue("ETag").orElseThrow()), before);
    assertEquals(
        "\"" + Digest.sha256Of(after.body()) + "\"",
        after.headers().firstValue("ETag").orElseThrow());
  }

  @Test
  void aSnapshotWhoseSignatureFailsIsNotPlannedSoNothingCanBeServed() throws Exception {
    assertThrows(
        VerificationException.class,
        () ->
            fixture
                .translator(tmp, key, fixture.otherCosignPublicKey)
                .build()
                .plan(TranslateRequest.of(List.of(fixture.reference()))));
  }

  private int rawStatus(String requestLine) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(server.uri().getHost(), server.port()));
      OutputStream out = s.getOutputStream();
      out.write(
          (requestLine + "\r\nHost: x\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
        line.write(c);
      }
      String status = line.toString(StandardCharsets.ISO_8859_1);
      return Integer.parseInt(status.split(" ")[1]);
    }
  }
}
