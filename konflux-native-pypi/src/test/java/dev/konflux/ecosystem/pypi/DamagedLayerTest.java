package dev.konflux.ecosystem.pypi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.testkit.ExampleArtifacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A distribution layer whose stored bytes differ from the ones its descriptor states (same size)
 * fails the release with a {@link VerificationException} and leaves the output untouched, even
 * where the archive readers would not notice: bytes after the gzip member (which the sdist reader
 * never reads) and a flipped byte of the gzip header's modification time (which no CRC covers).
 */
class DamagedLayerTest {
  private static final Map<String, String> UNSIGNED = Map.of(PypiTarget.OPTION_UNSIGNED, "true");

  @TempDir Path work;

  @Test
  void bytesAfterTheSdistsGzipMemberAreVerifiedToo() throws Exception {
    byte[] big = new byte[1 << 20];
    new Random(4).nextBytes(big);
    Path built = TestDists.sdist("demo_pkg", "1.0").member("demo_pkg-1.0/big.bin", big).write(work);
    byte[] tgz = Files.readAllBytes(built);
    // What the descriptor states: the sdist and 64 KiB of zeros after its gzip member.
    byte[] declared = Arrays.copyOf(tgz, tgz.length + (64 << 10));
    Path dist = work.resolve("d").resolve(built.getFileName());
    Files.createDirectories(dist.getParent());
    Files.write(dist, declared);
    Path out = work.resolve("out");
    Releases.release(
        out, List.of(TestDists.wheel("good", "1.0").write(work.resolve("g"))), work, UNSIGNED);
    Map<String, String> before = PypiReleaseTest.tree(out);

    ExampleArtifacts.ExampleBuild build =
        ExampleArtifacts.pythonWheels(
            work.resolve("layout"), List.of(dist), work.resolve("cosign.pub"));
    Path blob = work.resolve("layout/blobs/sha256").resolve(Digest.sha256Of(declared).hex());
    byte[] damaged = declared.clone();
    damaged[5] ^= 0x5a; // the gzip header's MTIME: the member still inflates to the same tar
    Files.write(blob, damaged);
    VerificationException e =
        assertThrows(VerificationException.class, () -> Releases.release(out, build, UNSIGNED));
    assertTrue(String.valueOf(e.getMessage()).contains("not the expected one"), e.getMessage());
    assertEquals(before, PypiReleaseTest.tree(out));

    // The intact layer, trailing bytes and all, is published as stated.
    Files.write(blob, declared);
    Releases.release(out, build, UNSIGNED);
    assertEquals(
        Digest.sha256Of(declared),
        Digest.sha256Of(
            Files.readAllBytes(out.resolve("pypi/files").resolve(built.getFileName()))));
  }
}
