package dev.konflux.ecosystem.maven.internal.write;

import static dev.konflux.ecosystem.maven.internal.write.DigestPipelineTest.CHUNK;
import static dev.konflux.ecosystem.maven.internal.write.DigestPipelineTest.assertSameDigests;
import static dev.konflux.ecosystem.maven.internal.write.DigestPipelineTest.reference;
import static dev.konflux.ecosystem.maven.internal.write.DigestPipelineTest.shortReads;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of {@link DigestPipeline} over random file sizes, pool sizes and read sizes; the
 * examples (chunk boundaries, the copying layer stream, failures) are in {@link
 * DigestPipelineTest}.
 */
class DigestPipelinePropertiesTest {

  /**
   * Up to six files of 0 to 5,000 bytes, read in short reads of any size through a pool of one to
   * four chunks (so the reader often waits for a buffer): each file holds exactly its bytes and
   * gets the digests the one-thread-pair digester gives.
   */
  @Property(tries = 40)
  void anyFilesInAnyShortReadsAreWrittenAndHashedLikeTheStreamPath(
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
}
