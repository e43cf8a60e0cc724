package dev.konflux.ecosystem.maven.internal.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline gives, file by file, exactly what the one-thread-pair digester gives. */
class DigestPipelineTest {
  private static final int CHUNK = 1024;

  @TempDir Path tmp;

  /** Short reads, as archive streams give them. */
  private static InputStream shortReads(byte[] data, int most) {
    return new FilterInputStream(new ByteArrayInputStream(data)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, most));
      }
    };
  }

  private static FileDigests reference(byte[] data) throws IOException {
    try (ParallelDigester d = new ParallelDigester()) {
      return d.copy(new ByteArrayInputStream(data), new ByteArrayOutputStream());
    }
  }

  private static void assertSameDigests(FileDigests expected, FileDigests actual) {
    assertEquals(expected.size(), actual.size());
    for (String a : new String[] {"MD5", "SHA-1", "SHA-256", "SHA-512"}) {
      assertEquals(expected.hex(a), actual.hex(a), a);
    }
    for (String a : new String[] {"SHA-256", "SHA-512"}) {
      // The unfinished state a signature continues from is the file's bytes exactly.
      assertEquals(
          expected.hex(a),
          HexFormat.of().formatHex(actual.continuation(a).orElseThrow().digest()),
          a);
    }
  }

  /** Sizes around the chunk size and a small pool, so the reader waits for buffers. */
  @Test
  void filesOfSizesAroundTheChunkAreCopiedAndHashedLikeTheStreamPath() throws Exception {
    int[] sizes = {
      0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 1, 7 * CHUNK - 1, 0, 33 * CHUNK + 5
    };
    List<byte[]> contents = new ArrayList<>();
    List<DigestPipeline.Pending> pending = new ArrayList<>();
    try (DigestPipeline pipeline = new DigestPipeline(CHUNK, 3)) {
      for (int i = 0; i < sizes.length; i++) {
        byte[] data = new byte[sizes[i]];
        new Random(i).nextBytes(data);
        contents.add(data);
        pending.add(pipeline.submit(shortReads(data, 333), tmp.resolve("f" + i)));
      }
      for (int i = 0; i < sizes.length; i++) {
        FileDigests d = pending.get(i).await();
        assertArrayEquals(contents.get(i), Files.readAllBytes(tmp.resolve("f" + i)), "file " + i);
        assertSameDigests(reference(contents.get(i)), d);
      }
    }
  }

  @Property(tries = 40)
  void anyFilesGiveTheStreamPathsBytesAndDigests(
      @ForAll @Size(max = 6) List<@IntRange(max = 5000) Integer> sizes,
      @ForAll @IntRange(min = 1, max = 4) int chunks,
      @ForAll @IntRange(min = 1, max = 2000) int readSize)
      throws Exception {
    Path dir = Files.createTempDirectory("pipeline");
    try (DigestPipeline pipeline = new DigestPipeline(CHUNK, chunks)) {
      List<DigestPipeline.Pending> pending = new ArrayList<>();
      List<byte[]> contents = new ArrayList<>();
      for (int i = 0; i < sizes.size(); i++) {
        byte[] data = new byte[sizes.get(i)];
        new Random(sizes.get(i) * 31L + i).nextBytes(data);
        contents.add(data);
        pending.add(pipeline.submit(shortReads(data, readSize), dir.resolve("f" + i)));
      }
      for (int i = 0; i < sizes.size(); i++) {
        FileDigests d = pending.get(i).await();
        assertArrayEquals(contents.get(i), Files.readAllBytes(dir.resolve("f" + i)));
        assertSameDigests(reference(contents.get(i)), d);
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }

  /** Files copied from a source file at an offset: same bytes and digests as from the buffers. */
  @Test
  void filesCopiedFromTheSourceFileAreTheBytesRead() throws Exception {
    int[] sizes = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK + 17, 512};
    ByteArrayOutputStream layer = new ByteArrayOutputStream();
    List<byte[]> contents = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      layer.write(new byte[100 + i]); // a header between files
      byte[] data = new byte[sizes[i]];
      new Random(i + 100).nextBytes(data);
      offsets.add((long) layer.size());
      layer.write(data);
      contents.add(data);
    }
    Path source = Files.write(tmp.resolve("layer"), layer.toByteArray());
    try (DigestPipeline pipeline = new DigestPipeline(CHUNK, 3);
        FileChannel ch = FileChannel.open(source)) {
      List<DigestPipeline.Pending> pending = new ArrayList<>();
      for (int i = 0; i < sizes.length; i++) {
        pending.add(
            pipeline.submit(
                shortReads(contents.get(i), 500), tmp.resolve("f" + i), ch, offsets.get(i)));
      }
      for (int i = 0; i < sizes.length; i++) {
        assertSameDigests(reference(contents.get(i)), pending.get(i).await());
        assertArrayEquals(contents.get(i), Files.readAllBytes(tmp.resolve("f" + i)), "file " + i);
      }
    }
  }

  /** The source file does not hold what was read (it changed): that file's result fails. */
  @Test
  void aSourceFileThatDiffersFromTheBytesReadFailsThatFile() throws Exception {
    byte[] data = new byte[3 * CHUNK + 5];
    new Random(9).nextBytes(data);
    byte[] changed = data.clone();
    changed[2 * CHUNK + 1] ^= 1;
    Path source = Files.write(tmp.resolve("layer"), changed);
    try (DigestPipeline pipeline = new DigestPipeline(CHUNK, 2);
        FileChannel ch = FileChannel.open(source)) {
      DigestPipeline.Pending bad = pipeline.submit(shortReads(data, 700), tmp.resolve("a"), ch, 0);
      DigestPipeline.Pending shorter =
          pipeline.submit(shortReads(data, 700), tmp.resolve("b"), ch, 10);
      DigestPipeline.Pending good =
          pipeline.submit(shortReads(Arrays.copyOf(data, CHUNK), 700), tmp.resolve("c"), ch, 0);
      assertThrows(DigestPipeline.CopyMismatchException.class, bad::await);
      assertThrows(DigestPipeline.CopyMismatchException.class, shorter::await);
      assertSameDigests(reference(Arrays.copyOf(data, CHUNK)), good.await());
    }
  }

  @Test
  void aFileThatCannotBeWrittenFailsAloneAndTheOthersComplete() throws Exception {
    byte[] data = new byte[5 * CHUNK + 3];
    new Random(7).nextBytes(data);
    try (DigestPipeline pipeline = new DigestPipeline(CHUNK, 2)) {
      DigestPipeline.Pending first = pipeline.submit(shortReads(data, 999), tmp.resolve("a"));
      DigestPipeline.Pending bad =
          pipeline.submit(shortReads(data, 999), tmp.resolve("missing-dir").resolve("b"));
      DigestPipeline.Pending last = pipeline.submit(shortReads(data, 999), tmp.resolve("c"));
      assertSameDigests(reference(data), first.await());
      assertNull(first.writeFailure());
      assertNotNull(bad.writeFailure());
      assertThrows(IOException.class, bad::await);
      assertSameDigests(reference(data), last.await());
      assertArrayEquals(data, Files.readAllBytes(tmp.resolve("c")));
      assertFalse(Files.exists(tmp.resolve("missing-dir")));
    }
  }

  @Test
  void aReadFailureEndsThatFileAndTheBuffersComeBack() throws Exception {
    byte[] data = new byte[4 * CHUNK];
    try (DigestPipeline pipeline = new DigestPipeline(CHUNK, 2)) {
      InputStream failing =
          new FilterInputStream(new ByteArrayInputStream(data)) {
            private int reads;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              if (++reads == 3) {
                throw new IOException("broken layer");
              }
              return super.read(b, off, len);
            }
          };
      IOException e =
          assertThrows(IOException.class, () -> pipeline.submit(failing, tmp.resolve("x")));
      assertEquals("broken layer", e.getMessage());
      // Every buffer is back in the pool: a file needing all of them still goes through.
      DigestPipeline.Pending next = pipeline.submit(shortReads(data, 4096), tmp.resolve("y"));
      assertSameDigests(reference(data), next.await());
    }
  }
}
