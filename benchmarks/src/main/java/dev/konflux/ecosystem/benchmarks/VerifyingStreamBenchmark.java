package dev.konflux.ecosystem.benchmarks;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.util.VerifiedStreams;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process cost of digest verification: reading a blob through {@link
 * dev.konflux.ecosystem.util.VerifiedStreams#verifying} against the floor of hashing the same bytes
 * with a bare {@link MessageDigest}. Run with {@code java -cp
 * 'benchmarks/target/classes:benchmarks/target/lib/*' org.openjdk.jmh.Main VerifyingStream}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerifyingStreamBenchmark {
  @Param({"65536", "16777216"})
  int size;

  private byte[] data;
  private Digest digest;
  private final byte[] buffer = new byte[256 * 1024];

  /** Makes the blob. */
  @Setup
  public void setup() {
    data = new byte[size];
    new Random(42).nextBytes(data);
    digest = Digest.sha256Of(data);
  }

  /**
   * @return bytes read
   * @throws IOException never
   */
  @Benchmark
  public long verifyingStream() throws IOException {
    long n = 0;
    try (InputStream in =
        VerifiedStreams.verifying(new ByteArrayInputStream(data), digest, size, "bench")) {
      int r;
      while ((r = in.read(buffer)) > 0) {
        n += r;
      }
    }
    return n;
  }

  /**
   * @return the digest; the floor
   */
  @Benchmark
  public byte[] bareSha256() {
    MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
    for (int off = 0; off < size; off += buffer.length) {
      md.update(data, off, Math.min(buffer.length, size - off));
    }
    return md.digest();
  }
}
