package dev.konflux.ecosystem.benchmarks;

import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.rpm.internal.header.RpmPackage;
import dev.konflux.ecosystem.rpm.internal.repodata.MetadataCompression;
import dev.konflux.ecosystem.rpm.internal.repodata.PackageEntries;
import dev.konflux.ecosystem.rpm.internal.repodata.PackageEntry;
import dev.konflux.ecosystem.rpm.internal.repodata.RepodataWriter;
import dev.konflux.ecosystem.rpm.internal.sign.RpmHeaderSigner;
import dev.konflux.ecosystem.signing.OpenPgpKeyFile;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Whole-process benchmark of RPM signing plus repodata, to compare with {@code rpmsign --addsign}
 * plus {@code createrepo_c} on the same corpus (see {@code bench/rpm-sign.sh}).
 *
 * <p>Usage: {@code RpmSignBenchmark --key SECRET.asc [--passphrase-env VAR] [--threads N]
 * [--no-repodata] [--streams] [--rounds N] --out DIR INPUT...} where each INPUT is an RPM file or a
 * directory of them. Signed packages go to {@code DIR/Packages/}, repodata to {@code
 * DIR/repodata/}. Prints one summary line. Packages are signed file to file ({@code
 * RpmHeaderSigner.signFile}); {@code --streams} signs from an input stream instead, as the target
 * session does with a blob. {@code --rounds N} repeats signing and repodata N times in the same JVM
 * (each round replaces the previous output): rounds after the first show the cost in a warm
 * process, without start-up and JIT compilation.
 */
public final class RpmSignBenchmark {
  private RpmSignBenchmark() {}

  /**
   * @param args see the class description
   * @throws Exception on any failure (the benchmark then exits non-zero)
   */
  public static void main(String[] args) throws Exception {
    long start = System.nanoTime(); // the first round's in-process time counts from here
    Path keyFile = null;
    String passEnv = null;
    Path out = null;
    boolean repodata = true;
    boolean streams = false;
    int rounds = 1;
    int threads = Runtime.getRuntime().availableProcessors();
    List<Path> inputs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--key" -> keyFile = Path.of(args[++i]);
        case "--passphrase-env" -> passEnv = args[++i];
        case "--out" -> out = Path.of(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--no-repodata" -> repodata = false;
        case "--streams" -> streams = true;
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> inputs.add(Path.of(args[i]));
      }
    }
    if (keyFile == null || out == null || inputs.isEmpty()) {
      System.err.println(
          "usage: RpmSignBenchmark --key SECRET.asc [--passphrase-env VAR] [--threads N]"
              + " [--no-repodata] [--streams] [--rounds N] --out DIR INPUT...");
      System.exit(2);
      return;
    }
    List<Path> rpms = new ArrayList<>();
    for (Path in : inputs) {
      if (Files.isDirectory(in)) {
        try (Stream<Path> s = Files.list(in)) {
          s.filter(p -> p.toString().endsWith(".rpm")).sorted().forEach(rpms::add);
        }
      } else {
        rpms.add(in);
      }
    }
    OpenPgpSigner key =
        OpenPgpKeyFile.load(
            keyFile, passEnv == null ? null : Secret.fromEnvironment(passEnv), null);
    Instant time = Instant.now();
    RpmHeaderSigner signer = new RpmHeaderSigner(key, time);
    Path packages = Files.createDirectories(out.resolve("Packages"));
    boolean fromStreams = streams;

    for (int round = 1; round <= rounds; round++) {
      if (round > 1) {
        start = System.nanoTime();
      }
      runRound(
          rpms, signer, packages, fromStreams, threads, repodata, key, out, time, start, round);
    }
    if (Boolean.getBoolean("bench.threadCpu")) {
      printThreadCpu();
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void runRound(
      List<Path> rpms,
      RpmHeaderSigner signer,
      Path packages,
      boolean fromStreams,
      int threads,
      boolean repodata,
      OpenPgpSigner key,
      Path out,
      Instant time,
      long start,
      int round)
      throws Exception {
    long cpuStart = processCpuNanos();
    long signStart = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<RpmPackage>> futures = new ArrayList<>();
    for (Path rpm : rpms) {
      futures.add(
          pool.submit(
              () -> {
                String name = rpm.getFileName().toString();
                if (fromStreams) {
                  try (InputStream in =
                      new BufferedInputStream(Files.newInputStream(rpm), 1 << 16)) {
                    return signer.signToFile(in, packages.resolve(name), name);
                  }
                }
                return signer.signFile(rpm, packages.resolve(name), name);
              }));
    }
    List<PackageEntry> entries = new ArrayList<>();
    long bytes = 0;
    try {
      for (int i = 0; i < rpms.size(); i++) {
        RpmPackage pkg = futures.get(i).get();
        bytes += pkg.fileSize();
        entries.add(
            PackageEntries.fromPackage(
                pkg, "Packages/" + rpms.get(i).getFileName(), time.getEpochSecond()));
      }
    } finally {
      pool.shutdown();
    }
    long signEnd = System.nanoTime();
    if (repodata) {
      RepodataWriter.builder()
          .compression(MetadataCompression.GZIP)
          .signingKey(key, "bench")
          .build()
          .write(out, entries, List.of(), time);
    }
    long end = System.nanoTime();
    System.out.printf(
        java.util.Locale.ROOT,
        "ours %s round=%d packages=%d bytes=%d threads=%d sign=%.2f s repodata=%.2f s"
            + " in-process=%.2f s round-cpu=%.2f s%n",
        key.algorithm(),
        round,
        rpms.size(),
        bytes,
        threads,
        (signEnd - signStart) / 1e9,
        repodata ? (end - signEnd) / 1e9 : 0.0,
        (end - start) / 1e9,
        (processCpuNanos() - cpuStart) / 1e9);
  }

  /**
   * Prints the CPU time of this process's threads grouped by name (Linux only: read from
   * /proc/self/task), to tell the JIT compilers and the GC from the work itself.
   */
  private static void printThreadCpu() throws java.io.IOException {
    java.util.Map<String, Double> cpu = new java.util.TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        String stat;
        try {
          stat = Files.readString(t.resolve("stat"));
        } catch (java.io.IOException e) {
          continue; // the thread ended meanwhile
        }
        String name =
            stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                .replaceAll("[0-9#]+", "")
                .trim();
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
        double seconds =
            (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime in ticks
        cpu.merge(name, seconds, Double::sum);
      }
    }
    System.out.println("thread CPU (s, exited threads not counted): " + cpu);
  }
}
