package dev.konflux.ecosystem.pypi;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.konflux.ecosystem.api.Secret;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our legacy-API upload sends exactly the form fields Debian's {@code twine upload} sends for the
 * same file (both captured by a loopback server), plus {@code attestations}; it retries 5xx, stops
 * on 4xx with the server's message, and skips files the index already has.
 */
class UploadIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  LegacyUploadServer server;

  @BeforeEach
  void start() throws Exception {
    server = LegacyUploadServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private URI url() {
    return server.uploadUrl();
  }

  private Path release() throws Exception {
    Releases.SigningKey key = Releases.signingKey(work);
    TestDists.Wheel wheel = TestDists.wheel("Demo.Pkg", "1.0");
    wheel.metadataExtra =
        "Classifier: Programming Language :: Python :: 3\nClassifier: License :: OSI Approved\n"
            + "Requires-Dist: requests>=2\nProject-URL: Source, https://example.invalid/src\nAuthor: Jane Doe\n";
    Releases.release(
        work.resolve("out"),
        List.of(
            wheel.write(work.resolve("d")),
            TestDists.sdist("demo_pkg", "1.0").write(work.resolve("d"))),
        work,
        Map.of(PypiTarget.OPTION_SIGSTORE_KEY, key.pem().toString()));
    return work.resolve("out/pypi");
  }

  @Test
  void ourUploadSendsTwinesFieldsPlusAttestations() throws Exception {
    Path pypi = release();
    List<Path> dists =
        List.of(
            pypi.resolve("files/demo_pkg-1.0-py3-none-any.whl"),
            pypi.resolve("files/demo_pkg-1.0.tar.gz"));
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "twine",
                "upload",
                "--non-interactive",
                "--disable-progress-bar",
                "--repository-url",
                url().toString()));
    dists.forEach(d -> cmd.add(d.toString()));
    Processes.Result twine =
        Processes.run(
            work, cmd, Map.of("TWINE_USERNAME", "__token__", "TWINE_PASSWORD", "pypi-secret"), 120);
    assertEquals(0, twine.exit(), twine.output());
    assertEquals(2, server.uploads().size());
    List<LegacyUploadServer.Upload> fromTwine = server.uploads();
    server.clear();

    List<PypiUploader.Upload> ours =
        PypiUploader.builder()
            .repositoryUrl(url())
            .credentials("__token__", Secret.of("pypi-secret"))
            .build()
            .upload(pypi);
    assertEquals(2, ours.size());
    List<LegacyUploadServer.Upload> captured = server.uploads();
    assertEquals(2, captured.size());
    for (int i = 0; i < 2; i++) {
      Map<String, List<String>> t = new TreeMap<>(fromTwine.get(i).fields());
      Map<String, List<String>> o = new TreeMap<>(captured.get(i).fields());
      List<String> attestations = o.remove("attestations");
      // twine sends empty repeated fields as nothing and empty single fields as ""; compare what is
      // there.
      t.values().removeIf(v -> v.isEmpty() || v.equals(List.of("")));
      o.values().removeIf(v -> v.isEmpty() || v.equals(List.of("")));
      assertEquals(t, o, "form fields of " + dists.get(i).getFileName());
      assertEquals(fromTwine.get(i).authorization(), captured.get(i).authorization());
      JsonNode array = JSON.readTree(attestations.get(0));
      assertEquals(1, array.size());
      assertArrayEquals(
          Files.readAllBytes(Path.of(dists.get(i) + ".publish.attestation")),
          JSON.writeValueAsBytes(array.get(0)));
    }
  }

  @Test
  void retriesServerErrorsAndStopsOnClientErrors() throws Exception {
    Path pypi = release();
    server.failNext(2);
    List<PypiUploader.Event> events = new ArrayList<>();
    List<PypiUploader.Upload> ok =
        PypiUploader.builder()
            .repositoryUrl(url())
            .retries(3, Duration.ofMillis(10))
            .listener(events::add)
            .build()
            .upload(pypi);
    assertEquals(2, ok.size());
    assertEquals(4, server.uploadRequests(), "two 503s, then one request per file");
    // Progress: per file Started, its Retrying events, then Finished.
    assertEquals(
        List.of(
            "Started demo_pkg-1.0-py3-none-any.whl",
            "Retrying demo_pkg-1.0-py3-none-any.whl",
            "Retrying demo_pkg-1.0-py3-none-any.whl",
            "Finished demo_pkg-1.0-py3-none-any.whl",
            "Started demo_pkg-1.0.tar.gz",
            "Finished demo_pkg-1.0.tar.gz"),
        events.stream()
            .map(
                ev ->
                    ev.getClass().getSimpleName()
                        + " "
                        + (ev instanceof PypiUploader.Event.Started st
                            ? st.fileName()
                            : ev instanceof PypiUploader.Event.Retrying r
                                ? r.fileName()
                                : ((PypiUploader.Event.Finished) ev).upload().fileName()))
            .toList());
    server.refuse(400, "400 File name not allowed here");
    PypiUploadException e =
        assertThrows(
            PypiUploadException.class,
            () ->
                PypiUploader.builder()
                    .repositoryUrl(url())
                    .retries(3, Duration.ofMillis(10))
                    .build()
                    .upload(pypi));
    assertTrue(
        e.getMessage().contains("HTTP 400") && e.getMessage().contains("File name not allowed"),
        e.getMessage());
    assertEquals("demo_pkg-1.0-py3-none-any.whl", e.fileName());
    assertEquals(url(), e.url());
    assertEquals(OptionalInt.of(400), e.statusCode());
    assertEquals(Optional.of("400 File name not allowed here"), e.serverMessage());
    assertFalse(e.retriesExhausted());
    assertEquals(1, e.attempts());
  }

  @Test
  void anUploadUrlNobodyListensOnIsATypedFailureWithoutAStatus() throws Exception {
    Path pypi = release();
    URI gone = url();
    server.close(); // nothing listens on that port now: every try is refused at once
    PypiUploadException e =
        assertThrows(
            PypiUploadException.class,
            () ->
                PypiUploader.builder()
                    .repositoryUrl(gone)
                    .retries(2, Duration.ofMillis(10))
                    .build()
                    .upload(pypi));
    assertEquals("demo_pkg-1.0-py3-none-any.whl", e.fileName());
    assertEquals(gone, e.url());
    assertEquals(OptionalInt.empty(), e.statusCode());
    assertEquals(Optional.empty(), e.serverMessage());
    assertTrue(e.retriesExhausted());
    assertEquals(2, e.attempts());
    assertNotNull(e.getCause(), "the last connection error");
    assertTrue(e.getMessage().contains("failed after 2 attempts"), e.getMessage());
  }

  @Test
  void skipsFilesTheIndexAlreadyHas() throws Exception {
    Path pypi = release();
    try (Processes.FileServer index = new Processes.FileServer(pypi)) {
      List<PypiUploader.Upload> r =
          PypiUploader.builder()
              .repositoryUrl(url())
              .indexUrl(URI.create(index.url() + "/simple/"))
              .build()
              .upload(pypi);
      assertEquals(
          List.of(PypiUploader.Outcome.SKIPPED, PypiUploader.Outcome.SKIPPED),
          r.stream().map(PypiUploader.Upload::outcome).toList());
      assertTrue(server.uploads().isEmpty());
    }
  }
}
