package dev.konflux.ecosystem.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The hashing and I/O floor of the Maven target's benchmark ({@code bench/maven.sh}), in CPU
 * seconds, measured per thread ({@link ThreadMXBean}) so that other load on the machine does not
 * count: what each digest costs per GiB in this JVM, what reading a file from the page cache and
 * writing or copying it costs, and how well two threads can share the five digests.
 *
 * <p>Usage (a plain timed loop, no JMH: each measurement is one long pass, after a warm-up that
 * gets the digests compiled with their intrinsics):
 *
 * <ul>
 *   <li>{@code DigestFloor algos GIB} hashes one 256 KiB buffer (in the CPU cache) GIB GiB times
 *       with each JDK digest and, when Bouncy Castle is on the class path, each of its digests;
 *   <li>{@code DigestFloor read FILE...} reads the files through a 256 KiB buffer (page cache to
 *       user memory), hashing nothing;
 *   <li>{@code DigestFloor hashfiles ALGO FILE...} reads the files and hashes them with ALGO;
 *   <li>{@code DigestFloor write DIR FILE...} reads each file and writes it into DIR from the
 *       buffer; {@code copy DIR FILE...} copies it with {@link FileChannel#transferTo} (in the
 *       kernel); {@code copyread DIR FILE...} copies it so and reads the copy back (the Maven
 *       target's way since this class was written); {@code copyback DIR FILE...} copies it, reads
 *       the copy back and reads the source again, comparing (the way before);
 *   <li>{@code DigestFloor split GIB A,B C,D} runs two threads over the cached buffer, one with the
 *       digests A,B, the other with C,D (a digest named twice is run twice: SHA-256,SHA-256 is the
 *       file's and the layer's).
 * </ul>
 */
public final class DigestFloor {
  private static final int CHUNK = 256 * 1024;
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private DigestFloor() {}

  /**
   * @param args see the class description
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    List<Path> files = new ArrayList<>();
    switch (mode) {
      case "algos" -> algos(Double.parseDouble(args[1]));
      case "read", "hashfiles", "write", "copy", "copyback", "copyread" -> {
        int first = mode.equals("read") ? 1 : 2;
        for (int i = first; i < args.length; i++) {
          files.add(Path.of(args[i]));
        }
        files(mode, mode.equals("read") ? null : args[1], files);
      }
      case "split" -> split(Double.parseDouble(args[1]), args[2].split(","), args[3].split(","));
      default -> throw new IllegalArgumentException(mode);
    }
  }

  private static byte[] randomChunk() {
    byte[] b = new byte[CHUNK];
    new Random(1).nextBytes(b);
    return b;
  }

  private static MessageDigest jdk(String name) throws Exception {
    return MessageDigest.getInstance(name);
  }

  /** Bouncy Castle's digest as a MessageDigest-like updater, by reflection (optional). */
  private interface Updater {
    void update(byte[] b, int off, int len);
  }

  private static Updater updater(String name) throws Exception {
    if (name.startsWith("BC-")) {
      String cls =
          switch (name.substring(3)) {
            case "MD5" -> "org.bouncycastle.crypto.digests.MD5Digest";
            case "SHA-1" -> "org.bouncycastle.crypto.digests.SHA1Digest";
            case "SHA-256" -> "org.bouncycastle.crypto.digests.SHA256Digest";
            case "SHA-512" -> "org.bouncycastle.crypto.digests.SHA512Digest";
            default -> throw new IllegalArgumentException(name);
          };
      Object d = Class.forName(cls).getConstructor().newInstance();
      java.lang.reflect.Method m =
          d.getClass().getMethod("update", byte[].class, int.class, int.class);
      return (b, off, len) -> {
        try {
          m.invoke(d, b, off, len);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      };
    }
    MessageDigest md = jdk(name);
    return md::update;
  }

  private static double hashLoop(Updater u, byte[] buf, long chunks) {
    long t0 = CPU.getCurrentThreadUserTime();
    for (long i = 0; i < chunks; i++) {
      u.update(buf, 0, buf.length);
    }
    return (CPU.getCurrentThreadUserTime() - t0) / 1e9;
  }

  private static void algos(double gib) throws Exception {
    byte[] buf = randomChunk();
    long chunks = (long) (gib * (1L << 30) / CHUNK);
    List<String> names =
        new ArrayList<>(List.of("MD5", "SHA-1", "SHA-256", "SHA-512", "SHA-384", "SHA-224"));
    try {
      Class.forName("org.bouncycastle.crypto.digests.SHA256Digest");
      names.addAll(List.of("BC-MD5", "BC-SHA-1", "BC-SHA-256", "BC-SHA-512"));
    } catch (ClassNotFoundException e) {
      System.out.println("Bouncy Castle not on the class path: its digests are not measured");
    }
    for (String n : names) {
      Updater u = updater(n);
      hashLoop(u, buf, 1024); // warm-up: 256 MiB, long enough for C2 and the intrinsic
      double[] s = new double[3];
      for (int r = 0; r < s.length; r++) {
        s[r] = hashLoop(u, buf, chunks) / gib;
      }
      Arrays.sort(s);
      System.out.printf(
          Locale.ROOT,
          "%-11s user CPU s/GiB: min %.3f median %.3f max %.3f  (%.0f MB/s at min)%n",
          n,
          s[0],
          s[1],
          s[2],
          (1L << 30) / s[0] / 1e6);
    }
  }

  private static void files(String mode, @Nullable String arg, List<Path> files) throws Exception {
    byte[] buf = new byte[CHUNK];
    byte[] back = new byte[CHUNK];
    MessageDigest md = mode.equals("hashfiles") ? jdk(String.valueOf(arg)) : null;
    if (md != null) {
      byte[] warm = randomChunk();
      for (int i = 0; i < 4096; i++) {
        md.update(warm);
      }
      md.reset();
    }
    long u0 = CPU.getCurrentThreadUserTime();
    long c0 = CPU.getCurrentThreadCpuTime();
    long w0 = System.nanoTime();
    long total = 0;
    int i = 0;
    for (Path f : files) {
      try (FileChannel in = FileChannel.open(f, StandardOpenOption.READ)) {
        @Nullable FileChannel out = null;
        if (!mode.equals("read") && !mode.equals("hashfiles")) {
          out =
              FileChannel.open(
                  Path.of(String.valueOf(arg), Integer.toString(i++)),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.TRUNCATE_EXISTING,
                  StandardOpenOption.WRITE,
                  StandardOpenOption.READ);
        }
        try {
          total += one(mode, in, out, buf, back, md);
        } finally {
          if (out != null) {
            out.close();
          }
        }
      }
    }
    double user = (CPU.getCurrentThreadUserTime() - u0) / 1e9;
    double cpu = (CPU.getCurrentThreadCpuTime() - c0) / 1e9;
    double wall = (System.nanoTime() - w0) / 1e9;
    double gib = total / (double) (1L << 30);
    System.out.printf(
        Locale.ROOT,
        "%s %s: %.3f GiB, user %.3f s, sys %.3f s, wall %.3f s; per GiB user %.3f sys %.3f%n",
        mode,
        md == null ? "" : arg,
        gib,
        user,
        cpu - user,
        wall,
        user / gib,
        (cpu - user) / gib);
  }

  private static long one(
      String mode,
      FileChannel in,
      @Nullable FileChannel out,
      byte[] buf,
      byte[] back,
      @Nullable MessageDigest md)
      throws IOException {
    if (mode.startsWith("copy")) {
      FileChannel to = java.util.Objects.requireNonNull(out, "out");
      long size = in.size();
      long pos = 0;
      while (pos < size) {
        long n = in.transferTo(pos, Math.min(CHUNK, size - pos), to);
        if (!mode.equals("copy")) {
          ByteBuffer b = ByteBuffer.wrap(back, 0, (int) n);
          while (b.hasRemaining() && to.read(b, pos + b.position()) > 0) {
            // fill
          }
        }
        if (mode.equals("copyback")) {
          ByteBuffer a = ByteBuffer.wrap(buf, 0, (int) n);
          while (a.hasRemaining() && in.read(a, pos + a.position()) > 0) {
            // fill: the "hashed" bytes the copy is compared with
          }
          if (!Arrays.equals(back, 0, (int) n, buf, 0, (int) n)) {
            throw new IOException("copy differs");
          }
        }
        pos += n;
      }
      return size;
    }
    long total = 0;
    while (true) {
      ByteBuffer b = ByteBuffer.wrap(buf);
      int n = in.read(b);
      if (n < 0) {
        return total;
      }
      total += n;
      if (md != null) {
        md.update(buf, 0, n);
      }
      if (out != null) {
        b.flip();
        while (b.hasRemaining()) {
          out.write(b);
        }
      }
    }
  }

  private static void split(double gib, String[] a, String[] b) throws Exception {
    byte[] bufA = randomChunk();
    byte[] bufB = randomChunk();
    long chunks = (long) (gib * (1L << 30) / CHUNK);
    AtomicLong userA = new AtomicLong();
    AtomicLong userB = new AtomicLong();
    for (int round = 0; round < 2; round++) {
      long w0 = System.nanoTime();
      Thread ta = new Thread(() -> userA.set(runSet(a, bufA, chunks)));
      Thread tb = new Thread(() -> userB.set(runSet(b, bufB, chunks)));
      ta.start();
      tb.start();
      ta.join();
      tb.join();
      double wall = (System.nanoTime() - w0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "split round %d: [%s] user %.3f s, [%s] user %.3f s, wall %.3f s (for %.2f GiB)%n",
          round,
          String.join("+", a),
          userA.get() / 1e9,
          String.join("+", b),
          userB.get() / 1e9,
          wall,
          gib);
    }
  }

  private static long runSet(String[] names, byte[] buf, long chunks) {
    try {
      MessageDigest[] mds = new MessageDigest[names.length];
      for (int i = 0; i < names.length; i++) {
        mds[i] = jdk(names[i]);
        for (int w = 0; w < 2048; w++) {
          mds[i].update(buf);
        }
      }
      long t0 = CPU.getCurrentThreadUserTime();
      for (long c = 0; c < chunks; c++) {
        for (MessageDigest md : mds) {
          md.update(buf, 0, buf.length);
        }
      }
      return CPU.getCurrentThreadUserTime() - t0;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
