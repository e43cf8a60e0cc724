package dev.konflux.ecosystem.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.testkit.ExampleArtifacts;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code konflux-native serve --snapshot} in its own JVM, sent {@code SIGHUP} with {@code kill
 * -HUP}: a Snapshot that does not parse is not served (the old view still is), a valid new one is
 * served once verified.
 */
class ServeHangupIT {
  private static final Pattern FINGERPRINT =
      Pattern.compile("Input fingerprint (sha256:[0-9a-f]+)");
  @TempDir Path tmp;
  private final HttpClient client = HttpClient.newHttpClient();

  private static String snapshot(String application, String ref) {
    return """
        {"apiVersion": "appstudio.redhat.com/v1alpha1", "kind": "Snapshot",
         "metadata": {"name": "s"},
         "spec": {"application": "%s", "components": [{"name": "hello", "containerImage": "%s"}]}}
        """
        .formatted(application, ref);
  }

  private String fingerprint(URI uri) throws Exception {
    String page =
        client
            .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m = FINGERPRINT.matcher(page);
    assertTrue(m.find(), page);
    return m.group(1);
  }

  private static void hangup(Process p) throws Exception {
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start();
    assertTrue(kill.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, kill.exitValue());
  }

  /** Waits (bounded) for a line in a log the process writes. */
  private static String await(Path log, String text) throws Exception {
    for (int i = 0; i < 1200; i++) {
      String s = Files.readString(log, StandardCharsets.UTF_8);
      if (s.contains(text)) {
        return s;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "no \"" + text + "\" in " + Files.readString(log, StandardCharsets.UTF_8));
  }

  @Test
  void sighupRereadsTheSnapshotAndServesTheOldViewUntilTheNewOneIsVerified() throws Exception {
    Path rpm = tmp.resolve("konflux-hello-1.0-1.noarch.rpm");
    try (InputStream in =
        getClass()
            .getResourceAsStream(
                "/dev/konflux/ecosystem/examples/rpms/konflux-hello-1.0-1.noarch.rpm")) {
      Files.copy(in, rpm, StandardCopyOption.REPLACE_EXISTING);
    }
    Path pub = tmp.resolve("cosign.pub");
    String ref = ExampleArtifacts.rpmBuild(tmp.resolve("layout"), List.of(rpm), pub).reference();
    Path snapshot = Files.writeString(tmp.resolve("snapshot.json"), snapshot("first", ref));
    Path out = tmp.resolve("out.log");
    Path err = tmp.resolve("err.log");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                KonfluxNativeCli.class.getName(),
                "serve",
                "--snapshot",
                snapshot.toString(),
                "--allow-local-layouts",
                "--cosign-key",
                pub.toString(),
                "--port",
                "0")
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      Matcher m = Pattern.compile("serving (http://\\S+)").matcher(await(out, "serving http"));
      assertTrue(m.find());
      URI uri = URI.create(m.group(1));
      String first = fingerprint(uri);
      String page =
          client
              .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
              .body();
      Matcher repo = Pattern.compile("href=\"(/rpm/[^\"/]+/)\"").matcher(page);
      assertTrue(repo.find(), page);
      URI pkg = uri.resolve(repo.group(1) + "repodata/repomd.xml");
      assertEquals(
          200,
          client
              .send(HttpRequest.newBuilder(pkg).build(), HttpResponse.BodyHandlers.discarding())
              .statusCode());

      // A broken Snapshot: reported, not served; the first view still is.
      Files.writeString(snapshot, "{ not json");
      hangup(p);
      await(err, "the previous one still is");
      assertEquals(first, fingerprint(uri));

      // A new valid Snapshot (another application): served once verified.
      Files.writeString(snapshot, snapshot("second", ref));
      hangup(p);
      await(out, "serving the new Snapshot");
      String second = fingerprint(uri);
      assertNotEquals(first, second);
      assertEquals(
          200,
          client
              .send(HttpRequest.newBuilder(pkg).build(), HttpResponse.BodyHandlers.discarding())
              .statusCode());
      assertTrue(p.isAlive(), "SIGHUP must not stop the server");
    } finally {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }
}
