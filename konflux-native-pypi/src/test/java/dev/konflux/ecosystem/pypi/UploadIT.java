package dev.konflux.ecosystem.pypi;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.Secret;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
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

  HttpServer server;
  final List<Captured> captured = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger failFirst = new AtomicInteger();
  volatile int status = 200;

  record Captured(String authorization, Map<String, List<String>> fields) {}

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/legacy/",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          String type = ex.getRequestHeaders().getFirst("Content-Type");
          int code;
          if (failFirst.getAndDecrement() > 0) {
            code = 503;
          } else {
            captured.add(
                new Captured(ex.getRequestHeaders().getFirst("Authorization"), parse(body, type)));
            code = status;
          }
          byte[] answer =
              (code == 200 ? "OK" : code == 503 ? "busy" : "400 File name not allowed here")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(code, answer.length);
          ex.getResponseBody().write(answer);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/legacy/");
  }

  /** A minimal multipart/form-data reader; file parts are recorded as "sha256:<hex>". */
  static Map<String, List<String>> parse(byte[] body, String contentType) {
    String boundary =
        "--" + contentType.substring(contentType.indexOf("boundary=") + 9).replace("\"", "");
    String text = new String(body, StandardCharsets.ISO_8859_1);
    Map<String, List<String>> fields = new TreeMap<>();
    for (String part : text.split(java.util.regex.Pattern.quote(boundary))) {
      if (part.startsWith("--") || part.isBlank()) {
        continue;
      }
      int split = part.indexOf("\r\n\r\n");
      String headers = part.substring(0, split);
      String value = part.substring(split + 4, part.length() - 2);
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("name=\"([^\"]*)\"").matcher(headers);
      assertTrue(m.find(), headers);
      String v =
          headers.contains("filename=")
              ? Digest.sha256Of(value.getBytes(StandardCharsets.ISO_8859_1)).toString()
              : new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
      fields.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(v);
    }
    return fields;
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
    assertEquals(2, captured.size());
    List<Captured> fromTwine = List.copyOf(captured);
    captured.clear();

    List<PypiUploader.Upload> ours =
        PypiUploader.builder()
            .repositoryUrl(url())
            .credentials("__token__", Secret.of("pypi-secret"))
            .build()
            .upload(pypi);
    assertEquals(2, ours.size());
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
    failFirst.set(2);
    List<PypiUploader.Upload> ok =
        PypiUploader.builder()
            .repositoryUrl(url())
            .retries(3, Duration.ofMillis(10))
            .build()
            .upload(pypi);
    assertEquals(2, ok.size());
    status = 400;
    OutputException e =
        assertThrows(
            OutputException.class,
            () ->
                PypiUploader.builder()
                    .repositoryUrl(url())
                    .retries(3, Duration.ofMillis(10))
                    .build()
                    .upload(pypi));
    assertTrue(
        e.getMessage().contains("HTTP 400") && e.getMessage().contains("File name not allowed"),
        e.getMessage());
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
      assertTrue(captured.isEmpty());
    }
  }
}
