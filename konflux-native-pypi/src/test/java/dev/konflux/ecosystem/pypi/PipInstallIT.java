package dev.konflux.ecosystem.pypi;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.konflux.ecosystem.testkit.PipInstaller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both pips (Debian's 23.0.1 and pyenv's 23.2.1) install every produced project from {@code python3
 * -m http.server} over {@code OUT/pypi}, use the PEP 658/714 metadata, and honour {@code
 * --require-hashes} with the hashes from our JSON (and fail with a wrong one). One wheel is built
 * by Debian's setuptools/wheel ({@code setup.py bdist_wheel}), one by our test code.
 */
class PipInstallIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;

  static Path pypi;

  @BeforeAll
  static void release() throws Exception {
    Path src = Files.createDirectories(work.resolve("realpkg"));
    Files.createDirectories(src.resolve("realpkg"));
    Files.writeString(src.resolve("realpkg/__init__.py"), "GREETING = 'hello from realpkg'\n");
    Files.writeString(
        src.resolve("setup.py"),
        "from setuptools import setup\n"
            + "setup(name='realpkg', version='2.1', packages=['realpkg'], python_requires='>=3.7')\n");
    Processes.Result built =
        Processes.run(
            src,
            List.of(PipInstaller.DEBIAN_PYTHON, "setup.py", "-q", "bdist_wheel", "sdist"),
            Map.of(),
            300);
    assertEquals(0, built.exit(), built.output());
    List<Path> dists = new ArrayList<>();
    try (Stream<Path> s = Files.list(src.resolve("dist"))) {
      s.forEach(dists::add);
    }
    assertEquals(2, dists.size(), dists.toString());
    dists.add(TestDists.wheel("Demo.Pkg", "1.0").write(work.resolve("java")));
    dists.add(TestDists.sdist("demo_pkg", "1.0").write(work.resolve("java")));
    Releases.SigningKey key = Releases.signingKey(work);
    Releases.release(
        work.resolve("out"),
        dists,
        work,
        Map.of(PypiTarget.OPTION_SIGSTORE_KEY, key.pem().toString()));
    pypi = work.resolve("out/pypi");
  }

  private static String sha256(String project, String fileName) throws Exception {
    JsonNode page = JSON.readTree(pypi.resolve("simple/" + project + "/index.json").toFile());
    for (JsonNode f : page.path("files")) {
      if (f.path("filename").asText().equals(fileName)) {
        return f.path("hashes").path("sha256").asText();
      }
    }
    throw new AssertionError(fileName + " not in " + page);
  }

  @ParameterizedTest
  @ValueSource(strings = {"debian", "pyenv"})
  void pipInstallsEveryProjectWithHashesAndMetadata(String which) throws Exception {
    PipInstaller pip = PipInstaller.named(which, work);
    PipInstaller.Result version = pip.version();
    assertTrue(
        version.output().startsWith(which.equals("debian") ? "pip 23.0.1" : "pip 23.2.1"),
        version.output());
    try (Processes.FileServer server = new Processes.FileServer(pypi)) {
      String index = server.url() + "/simple/";
      Path target = work.resolve("site-" + which);
      PipInstaller.Result r = pip.install(index, target, "demo-pkg==1.0", "realpkg==2.1");
      assertEquals(0, r.exit(), r.output());
      assertTrue(Files.isRegularFile(target.resolve("demo_pkg/__init__.py")), r.output());
      assertTrue(
          Files.readString(target.resolve("realpkg/__init__.py")).contains("hello from realpkg"));
      String log = server.log();
      assertTrue(
          log.contains("GET /files/realpkg-2.1-py3-none-any.whl.metadata"),
          "pip fetched the PEP 658 metadata: " + log);
      // Demo.Pkg's METADATA Name is not normalised: pip 23.0 would reject its PEP 658 file (it
      // compares names without normalising), so only the PEP 714 attribute offers it, which
      // pip 23.2 reads and pip 23.0 ignores.
      assertEquals(
          which.equals("pyenv"),
          log.contains("GET /files/demo_pkg-1.0-py3-none-any.whl.metadata"),
          log);

      Path req = work.resolve("requirements-" + which + ".txt");
      Files.writeString(
          req,
          "demo-pkg==1.0 --hash=sha256:"
              + sha256("demo-pkg", "demo_pkg-1.0-py3-none-any.whl")
              + "\n"
              + "realpkg==2.1 --hash=sha256:"
              + sha256("realpkg", "realpkg-2.1-py3-none-any.whl")
              + "\n");
      Path hashed = work.resolve("hashed-" + which);
      PipInstaller.Result h = pip.installWithHashes(index, hashed, req);
      assertEquals(0, h.exit(), h.output());
      assertTrue(Files.isRegularFile(hashed.resolve("realpkg/__init__.py")));

      Files.writeString(req, "demo-pkg==1.0 --hash=sha256:" + "0".repeat(64) + "\n");
      PipInstaller.Result wrong =
          pip.install(
              index, work.resolve("wrong-" + which), "--require-hashes", "-r", req.toString());
      assertNotEquals(0, wrong.exit(), "a wrong hash must fail: " + wrong.output());
      assertTrue(
          wrong.output().contains("HASH") || wrong.output().contains("hash"), wrong.output());
    }
  }
}
