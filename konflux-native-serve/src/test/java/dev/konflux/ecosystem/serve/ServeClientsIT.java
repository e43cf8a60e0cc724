package dev.konflux.ecosystem.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.ReleasePlan;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import dev.konflux.ecosystem.testkit.CosignSigner;
import dev.konflux.ecosystem.testkit.ExampleArtifacts;
import dev.konflux.ecosystem.testkit.MavenRepositoryArtifact;
import dev.konflux.ecosystem.testkit.MavenRepositoryTree;
import dev.konflux.ecosystem.testkit.OciLayoutStore;
import dev.konflux.ecosystem.testkit.PipInstaller;
import dev.konflux.ecosystem.testkit.PythonWheelsArtifact;
import dev.konflux.ecosystem.testkit.StoredArtifact;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One server over one release of three artifacts (an RPM build, a wheels artifact of two wheels
 * built by Debian's setuptools, a Maven repository), and the real clients: both pips (Debian's
 * 23.0.1 and pyenv's 23.2.1) install from {@code /pypi/simple/} with {@code --require-hashes},
 * {@code mvn -C dependency:get} resolves from {@code /maven/}, dnf installs from {@code
 * /rpm/x86_64/} with gpgcheck and repo_gpgcheck. The first request, for one wheel, reads that
 * wheel's layer and nothing else (blob reads counted).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeClientsIT {
  private static final String WHEEL_A = "servedpkg-1.0-py3-none-any.whl";
  private static final String WHEEL_B = "otherpkg-2.0-py3-none-any.whl";

  @TempDir static Path work;
  private static ServeFixture fixture;
  private static StoredArtifact wheels;
  private static ServeFixture.CountingSources counting;
  private static NativeViewServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    fixture = ServeFixture.build(work.resolve("fixture"), 2, 1);
    Path a = wheel("servedpkg", "1.0");
    Path b = wheel("otherpkg", "2.0");
    Path tree = work.resolve("maven-tree");
    MavenRepositoryTree.of("dev.konflux.servetest", "demo", "1.0").writeTo(tree);
    StoredArtifact maven;
    try (OciLayoutStore store = OciLayoutStore.open(fixture.layout)) {
      wheels = PythonWheelsArtifact.create().add(a).add(b).tag("wheels").writeTo(store);
      maven = MavenRepositoryArtifact.tar(tree).tag("maven").writeTo(store);
      CosignSigner signer = CosignSigner.with(fixture.cosignKey);
      signer.sign(store, wheels.descriptor(), ExampleArtifacts.DOCKER_REFERENCE);
      signer.sign(store, maven.descriptor(), ExampleArtifacts.DOCKER_REFERENCE);
    }
    OpenPgpSigner key = EphemeralSigningKey.generate("serve clients <serve@test.invalid>");
    counting = new ServeFixture.CountingSources(fixture.reference().scheme());
    ReleasePlan plan =
        fixture
            .translator(work, key, fixture.cosignPublicKey)
            .option("pypi.sigstoreKey", sigstoreKey(work).toString())
            .sourceProviders(List.of(counting))
            .build()
            .plan(
                TranslateRequest.of(
                    List.of(
                        fixture.reference(),
                        ArtifactReference.parse(wheels.reference()),
                        ArtifactReference.parse(maven.reference()))));
    server =
        NativeViewServer.builder()
            .plan(plan)
            .publicKey(key)
            .cacheDirectory(work.resolve("cache"))
            .start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A wheel built by Debian's setuptools ({@code setup.py bdist_wheel}). */
  private static Path wheel(String name, String version) throws Exception {
    Path src = Files.createDirectories(work.resolve("src-" + name).resolve(name));
    Files.writeString(src.resolve("__init__.py"), "GREETING = 'hello from " + name + "'\n");
    Files.writeString(
        src.getParent().resolve("setup.py"),
        "from setuptools import setup\nsetup(name='"
            + name
            + "', version='"
            + version
            + "', packages=['"
            + name
            + "'], python_requires='>=3.7')\n");
    assertEquals(
        0, run(src.getParent(), PipInstaller.DEBIAN_PYTHON, "setup.py", "-q", "bdist_wheel"));
    try (Stream<Path> s = Files.list(src.getParent().resolve("dist"))) {
      return s.filter(p -> p.toString().endsWith(".whl")).findFirst().orElseThrow();
    }
  }

  private static Path sigstoreKey(Path dir) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = g.generateKeyPair();
    return Files.writeString(
        dir.resolve("pypi-signing.pem"),
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n",
        StandardCharsets.US_ASCII);
  }

  private static int run(Path dir, String... command) throws Exception {
    Path log = dir.resolve("run-" + System.nanoTime() + ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " timed out");
    }
    if (p.exitValue() != 0) {
      System.err.println(Files.readString(log, StandardCharsets.UTF_8));
    }
    return p.exitValue();
  }

  private static String output(Path dir, List<String> command) throws Exception {
    Path log = Files.createTempFile(dir, "out", ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(command + " timed out");
    }
    return p.exitValue() + "\n" + Files.readString(log, StandardCharsets.UTF_8);
  }

  private HttpResponse<String> get(String path, String accept, String userAgent) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path));
    if (accept != null) {
      b.header("Accept", accept);
    }
    if (userAgent != null) {
      b.header("User-Agent", userAgent);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(1)
  void oneWheelReadsOnlyItsLayer() throws Exception {
    counting.opened.clear();
    HttpResponse<byte[]> r =
        client.send(
            HttpRequest.newBuilder(server.uri().resolve("pypi/files/" + WHEEL_B)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    assertEquals(List.of(wheels.layer(WHEEL_B).digest()), counting.opened);
    assertEquals(wheels.layer(WHEEL_B).digest(), Digest.sha256Of(r.body()));
  }

  @Test
  @Order(2)
  void theSimpleIndexIsNegotiatedOnAcceptWithQValues() throws Exception {
    String pip23 =
        "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;"
            + " q=0.1, text/html; q=0.01";
    HttpResponse<String> json = get("pypi/simple/servedpkg/", pip23, "pip/23.2.1 {}");
    assertEquals(200, json.statusCode(), json.body());
    assertEquals(
        "application/vnd.pypi.simple.v1+json",
        json.headers().firstValue("Content-Type").orElseThrow());
    String page = json.body();
    assertEquals(WHEEL_A, field(page, "filename"), page);
    assertTrue(json.headers().allValues("Vary").toString().contains("Accept"));

    // Debian's pip 23.0.1 sends the same Accept header but crashes on the JSON form's metadata
    // keys: it gets the HTML form it also accepts.
    HttpResponse<String> old = get("pypi/simple/servedpkg/", pip23, "pip/23.0.1 {\"a\":1}");
    assertEquals(
        "application/vnd.pypi.simple.v1+html; charset=utf-8",
        old.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(old.body().contains(WHEEL_A), old.body());

    HttpResponse<String> html = get("pypi/simple/", "text/html", null);
    assertTrue(html.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
    assertTrue(html.body().contains("servedpkg"), html.body());
    HttpResponse<String> higher =
        get(
            "pypi/simple/",
            "application/vnd.pypi.simple.v1+json;q=0.2, application/vnd.pypi.simple.v1+html",
            null);
    assertTrue(
        higher
            .headers()
            .firstValue("Content-Type")
            .orElseThrow()
            .startsWith("application/vnd.pypi.simple.v1+html"));
    assertEquals(406, get("pypi/simple/", "image/png", null).statusCode());

    // PEP 658 metadata and PEP 740 provenance, at the URLs the index gives.
    String metadata = field(page, "url") + ".metadata";
    HttpResponse<String> m =
        get(server.uri().resolve("pypi/simple/servedpkg/").resolve(metadata).getPath(), null, null);
    assertEquals(200, m.statusCode());
    assertTrue(m.body().contains("Name: servedpkg"), m.body());
    String provenance = field(page, "provenance");
    HttpResponse<String> p =
        get(
            server.uri().resolve("pypi/simple/servedpkg/").resolve(provenance).getPath(),
            null,
            null);
    assertEquals(200, p.statusCode(), provenance);
    assertTrue(p.body().contains("\"attestation_bundles\""), p.body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"debian", "pyenv"})
  @Order(3)
  void pipInstallsAWheelWithHashChecking(String which) throws Exception {
    PipInstaller pip = PipInstaller.named(which, work);
    String version = pip.version().output();
    assertTrue(version.contains(which.equals("debian") ? "pip 23.0.1" : "pip 23.2.1"), version);
    String sha256 =
        field(
            get("pypi/simple/servedpkg/", "application/vnd.pypi.simple.v1+json", null).body(),
            "sha256");
    Path req = work.resolve("req-" + which + ".txt");
    Files.writeString(req, "servedpkg==1.0 --hash=sha256:" + sha256 + "\n");
    Path target = work.resolve("site-" + which);
    String index = server.uri().resolve("pypi/simple/").toString();
    PipInstaller.Result ok = pip.installWithHashes(index, target, req);
    assertEquals(0, ok.exit(), ok.output());
    assertTrue(
        Files.readString(target.resolve("servedpkg/__init__.py")).contains("hello from servedpkg"));

    Files.writeString(req, "servedpkg==1.0 --hash=sha256:" + "0".repeat(64) + "\n");
    PipInstaller.Result bad = pip.installWithHashes(index, work.resolve("wrong-" + which), req);
    assertTrue(bad.exit() != 0 && bad.output().contains("HASH"), bad.output());
  }

  /** The first string value of a key in a JSON text (the test's pages have one file each). */
  private static String field(String json, String key) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    assertTrue(m.find(), key + " in " + json);
    return m.group(1);
  }

  @Test
  @Order(4)
  void mvnResolvesWithStrictChecksumsAndMetadataIsServed() throws Exception {
    Path dir = Files.createDirectories(work.resolve("mvn"));
    String url = server.uri().resolve("maven/").toString();
    Path settings =
        Files.writeString(
            dir.resolve("settings.xml"),
            "<settings><mirrors><mirror><id>view</id><mirrorOf>*</mirrorOf><url>"
                + url
                + "</url></mirror></mirrors></settings>\n");
    Path wrapper = Path.of(System.getProperty("konflux.mvnw", "../mvnw")).toAbsolutePath();
    Path local = dir.resolve("m2");
    String out =
        output(
            dir,
            List.of(
                wrapper.normalize().toString(),
                "-B",
                "-C",
                "-ntp",
                "-s",
                settings.toString(),
                "-Dmaven.repo.local=" + local,
                // Maven's own plugins come from the build's local repository, read only.
                "-Dmaven.repo.local.tail="
                    + Path.of(System.getProperty("user.home"), ".m2/repository"),
                "-Dmaven.repo.local.tail.ignoreAvailability=true",
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get",
                "-Dartifact=dev.konflux.servetest:demo:1.0",
                "-Dtransitive=false"));
    assertTrue(out.startsWith("0\n"), out);
    assertTrue(
        Files.isRegularFile(local.resolve("dev/konflux/servetest/demo/1.0/demo-1.0.jar")), out);

    HttpResponse<String> meta =
        get("maven/dev/konflux/servetest/demo/maven-metadata.xml", null, null);
    assertEquals(200, meta.statusCode());
    assertTrue(meta.body().contains("<version>1.0</version>"), meta.body());
    HttpResponse<String> sha1 =
        get("maven/dev/konflux/servetest/demo/maven-metadata.xml.sha1", null, null);
    assertEquals(200, sha1.statusCode());
    HttpResponse<String> asc =
        get("maven/dev/konflux/servetest/demo/1.0/demo-1.0.jar.asc", null, null);
    assertEquals(200, asc.statusCode());
    assertTrue(asc.body().startsWith("-----BEGIN PGP SIGNATURE-----"), asc.body());
  }

  @Test
  @Order(5)
  void dnfInstallsFromTheSameServer() throws Exception {
    Path root = work.resolve("dnf-root");
    Files.createDirectories(work.resolve("no-repos"));
    String id = "k";
    String out =
        output(
            work,
            List.of(
                "dnf",
                "-y",
                "--installroot",
                root.toString(),
                "--releasever",
                "12",
                "--setopt=reposdir=" + work.resolve("no-repos"),
                "--setopt=cachedir=" + work.resolve("dnf-cache"),
                "--repofrompath=" + id + "," + server.uri().resolve("rpm/x86_64/"),
                "--repo=" + id,
                "--setopt=" + id + ".gpgcheck=1",
                "--setopt=" + id + ".repo_gpgcheck=1",
                "--setopt=" + id + ".gpgkey=" + server.keyUrls().get(0),
                "--setopt=skip_if_unavailable=False",
                "--setopt=install_weak_deps=False",
                "install",
                "demo-sub-1"));
    assertTrue(out.startsWith("0\n"), out);
    assertTrue(Files.isRegularFile(root.resolve("usr/share/demo/sub-1")), out);
    assertNotEquals(0, server.ecosystems().size());
  }
}
