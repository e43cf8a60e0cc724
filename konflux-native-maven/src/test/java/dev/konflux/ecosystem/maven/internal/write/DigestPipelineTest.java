package dev.konflux.ecosystem.maven.internal.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.BlobIntegrityException;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.spi.LocalBlob;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline gives, file by file, exactly what the one-thread-pair digester gives: examples at
 * the chunk boundaries, the copying layer stream, failures. The same for random files and reads:
 * {@link DigestPipelinePropertiesTest}.
 */
class DigestPipelineTest {
  static final int CHUNK = 1024;

  @TempDir Path tmp;

  /** Short reads, as archive streams give them. */
  static InputStream shortReads(byte[] data, int most) {
    return new FilterInputStream(new ByteArrayInputStream(data)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, most));
      }
    };
  }

  static FileDigests reference(byte[] data) throws IOException {
    try (ParallelDigester d = new ParallelDigester()) {
      return d.copy(new ByteArrayInputStream(data), new ByteArrayOutputStream());
    }
  }

  static void assertSameDigests(FileDigests expected, FileDigests actual) {
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

  /** The first {@code n} bytes of {@code in}, in short reads; {@code in} is not read further. */
  private static InputStream first(InputStream in, long n, int most) {
    return new InputStream() {
      private long left = n;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left == 0) {
          return -1;
        }
        int r = in.read(b, off, (int) Math.min(Math.min(len, most), left));
        if (r > 0) {
          left -= r;
        }
        return r;
      }
    };
  }

  private static LocalBlob localBlob(Path file, byte[] declared) throws IOException {
    Descriptor d =
        new Descriptor(
            "application/vnd.oci.image.layer.v1.tar",
            Digest.sha256Of(declared),
            declared.length,
            null,
            Map.of());
    return new LocalBlob(d, FileChannel.open(file), "layer of a test");
  }

  /**
   * Files copied out of a layer by the copying stream: each holds its bytes, the pipeline gives
   * their digests, and the layer (headers between files, bytes after the last one) is verified.
   */
  @Test
  void filesCopiedOutOfTheLayerHoldTheBytesHashed() throws Exception {
    int[] sizes = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK + 17, 512};
    ByteArrayOutputStream layer = new ByteArrayOutputStream();
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      layer.write(new byte[100 + i]); // a header between files
      byte[] data = new byte[sizes[i]];
      new Random(i + 100).nextBytes(data);
      layer.write(data);
      contents.add(data);
    }
    layer.write(new byte[777]); // after the archive's end
    byte[] bytes = layer.toByteArray();
    Path source = Files.write(tmp.resolve("layer"), bytes);
    try (DigestPipeline pipeline = new DigestPipeline(CHUNK, 3);
        LocalBlob blob = localBlob(source, bytes);
        CopyingLayerStream in = new CopyingLayerStream(blob)) {
      List<DigestPipeline.Pending> pending = new ArrayList<>();
      for (int i = 0; i < sizes.length; i++) {
        assertEquals(100 + i, in.readNBytes(100 + i).length);
        Path file = tmp.resolve("f" + i);
        try (FileChannel out =
            FileChannel.open(
                file,
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
          in.copyInto(out);
          pending.add(pipeline.submitWritten(first(in, sizes[i], 500), file));
          in.copyInto(null);
        }
      }
      assertFalse(in.isVerified());
      in.finish();
      assertTrue(in.isVerified());
      assertEquals(-1, in.read());
      for (int i = 0; i < sizes.length; i++) {
        assertSameDigests(reference(contents.get(i)), pending.get(i).await());
        assertArrayEquals(contents.get(i), Files.readAllBytes(tmp.resolve("f" + i)), "file " + i);
      }
    }
  }

  /** A layer file that is not the declared layer: its end is never reported, finish() fails. */
  @Test
  void aLayerThatDoesNotMatchItsDigestFailsAtItsEnd() throws Exception {
    byte[] declared = new byte[3 * CHUNK + 5];
    new Random(9).nextBytes(declared);
    byte[] changed = declared.clone();
    changed[2 * CHUNK + 1] ^= 1;
    Path source = Files.write(tmp.resolve("layer"), changed);
    try (LocalBlob blob = localBlob(source, declared);
        CopyingLayerStream in = new CopyingLayerStream(blob)) {
      assertThrows(BlobIntegrityException.class, () -> in.readAllBytes());
      assertFalse(in.isVerified());
    }
    try (LocalBlob blob = localBlob(source, declared);
        CopyingLayerStream in = new CopyingLayerStream(blob);
        FileChannel out =
            FileChannel.open(
                tmp.resolve("copy"),
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
      in.copyInto(out);
      in.readNBytes(CHUNK);
      in.copyInto(null);
      assertThrows(BlobIntegrityException.class, in::finish);
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
