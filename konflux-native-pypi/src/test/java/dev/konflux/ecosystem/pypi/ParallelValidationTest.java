package dev.konflux.ecosystem.pypi;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributions are validated and signed on several threads: a release with several invalid ones
 * still reports the first in layer order, whichever finishes first, and writes nothing.
 */
class ParallelValidationTest {
  private static final Map<String, String> UNSIGNED = Map.of(PypiTarget.OPTION_UNSIGNED, "true");

  @TempDir Path work;

  /**
   * An early wheel whose RECORD lie is found only after inflating 8 MiB, followed by wheels that
   * fail at once (a METADATA name mismatch, a zip slip) and by a wheel whose name is already
   * published with other bytes (a conflict found before it is even copied): every time, the release
   * fails on the early wheel.
   */
  @Test
  void theFirstInvalidDistributionInLayerOrderIsReportedAndNothingIsWritten() throws Exception {
    // Layers are in file-name order (the test artifact sorts them), hence the w01... names.
    Path out = work.resolve("out");
    Releases.release(
        out,
        List.of(
            TestDists.wheel("kept", "1.0").write(work.resolve("k")),
            TestDists.wheel("w05dup", "1.0").write(work.resolve("d1"))),
        work,
        UNSIGNED);
    Map<String, String> before = PypiReleaseTest.tree(out);

    byte[] big = new byte[8 << 20];
    new Random(7).nextBytes(big);
    List<Path> dists = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      dists.add(TestDists.wheel("w0" + i, "1.0").write(work.resolve("b")));
    }
    dists.add(
        TestDists.wheel("w04lie", "1.0")
            .file("w04lie/big.bin", big)
            .record(
                r ->
                    r.replaceFirst(
                        "(w04lie/big.bin,sha256=)[^,]+", "$1" + TestDists.b64(new byte[32])))
            .write(work.resolve("lie")));
    dists.add(
        TestDists.wheel("w05dup", "1.0")
            .file("w05dup/extra.py", new byte[] {1})
            .write(work.resolve("d2")));
    dists.add(TestDists.wheel("w06named", "1.0").metadataName("other").write(work.resolve("n")));
    dists.add(
        TestDists.wheel("w07slip", "1.0")
            .file("../../evil.py", new byte[1])
            .write(work.resolve("s")));
    for (int i = 8; i <= 11; i++) {
      dists.add(TestDists.wheel("w" + String.format("%02d", i), "1.0").write(work.resolve("a")));
    }

    for (int attempt = 0; attempt < 3; attempt++) {
      InvalidDistributionException e =
          assertThrows(
              InvalidDistributionException.class,
              () -> Releases.release(out, dists, work, UNSIGNED));
      assertEquals(DistributionRule.RECORD, e.rule(), e.getMessage());
      assertTrue(e.getMessage().contains("w04lie-1.0-py3-none-any.whl"), e.getMessage());
      assertTrue(e.getMessage().contains("w04lie/big.bin"), e.getMessage());
      assertEquals(before, PypiReleaseTest.tree(out), "the output is untouched");
    }
  }

  /** Without the invalid wheel, the conflict is what fails the release. */
  @Test
  void aConflictIsReportedOnceTheDistributionsBeforeItPass() throws Exception {
    Path out = work.resolve("out");
    Releases.release(
        out, List.of(TestDists.wheel("zdup", "1.0").write(work.resolve("d1"))), work, UNSIGNED);
    Map<String, String> before = PypiReleaseTest.tree(out);
    List<Path> dists = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      dists.add(TestDists.wheel("a" + i, "1.0").write(work.resolve("f")));
    }
    dists.add(
        TestDists.wheel("zdup", "1.0")
            .file("zdup/extra.py", new byte[] {1})
            .write(work.resolve("d2")));
    InvalidDistributionException e =
        assertThrows(
            InvalidDistributionException.class, () -> Releases.release(out, dists, work, UNSIGNED));
    assertEquals(DistributionRule.CONFLICT, e.rule(), e.getMessage());
    assertTrue(e.getMessage().contains("zdup-1.0-py3-none-any.whl"), e.getMessage());
    assertEquals(before, PypiReleaseTest.tree(out), "the output is untouched");
  }

  /** Many valid wheels through the pool: every one is published, with its metadata. */
  @Test
  void everyDistributionOfALargeReleaseIsPublished() throws Exception {
    Path out = work.resolve("out");
    Releases.SigningKey key = Releases.signingKey(work);
    List<Path> dists = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      dists.add(TestDists.wheel("many" + i, "1.0").write(work.resolve("m")));
    }
    Releases.release(
        out, dists, work, Map.of(PypiTarget.OPTION_SIGSTORE_KEY, key.pem().toString()));
    for (int i = 0; i < 24; i++) {
      String whl = "many" + i + "-1.0-py3-none-any.whl";
      Path pypi = out.resolve("pypi");
      assertTrue(Files.exists(pypi.resolve("files/" + whl + ".metadata")), whl);
      Pep740Attestation a =
          Pep740Attestation.parse(
              Files.readAllBytes(pypi.resolve("files/" + whl + ".publish.attestation")));
      Pep740Verifier.verify(
          a,
          whl,
          dev.konflux.ecosystem.api.Digest.sha256Of(
              Files.readAllBytes(pypi.resolve("files/" + whl))),
          key.pair().getPublic());
      assertTrue(Files.exists(pypi.resolve("integrity/many" + i + "/1.0/" + whl + "/provenance")));
    }
  }
}
