package dev.konflux.ecosystem.benchmarks;

import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Index;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.ManifestOrIndex;
import dev.konflux.ecosystem.api.RegistryReference;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.spi.ArtifactSource;
import dev.konflux.ecosystem.util.ArtifactSources;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whole-process pull benchmark: resolves a reference and reads every layer through the registry
 * source (digest-verified streams) into a discarding sink, with a fixed number of workers. Prints
 * bytes and seconds; the process's peak RSS is measured from outside ({@code /usr/bin/time -v}).
 *
 * <p>Usage: {@code PullBenchmark REFERENCE [--plain-http] [--parallel N]}
 */
public final class PullBenchmark {
  private PullBenchmark() {}

  /**
   * @param args reference, then options
   * @throws Exception on any failure (the benchmark then exits non-zero)
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: PullBenchmark REFERENCE [--plain-http] [--parallel N]");
      System.exit(2);
    }
    RegistryReference ref = RegistryReference.parse(args[0]);
    SourceOptions.Builder options = SourceOptions.builder();
    int parallel = 4;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--plain-http" -> options.plainHttp(ref.registry());
        case "--parallel" -> parallel = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    long start = System.nanoTime();
    AtomicLong bytes = new AtomicLong();
    int blobs;
    ExecutorService workers =
        Executors.newFixedThreadPool(
            parallel,
            r -> {
              Thread t = new Thread(r, "pull-worker");
              t.setDaemon(true);
              return t;
            });
    try (ArtifactSource source = ArtifactSources.open(ref, options.build())) {
      ManifestOrIndex root = source.resolve(ref);
      List<Descriptor> layers = new ArrayList<>();
      if (root instanceof Manifest m) {
        layers.addAll(m.layers());
      } else {
        for (Descriptor child : ((Index) root).manifests()) {
          layers.addAll(source.fetchManifest(child).layers());
        }
      }
      blobs = layers.size();
      List<Future<?>> futures = new ArrayList<>();
      for (Descriptor layer : layers) {
        futures.add(
            workers.submit(
                () -> {
                  byte[] buf = new byte[1 << 20];
                  try (InputStream in = source.open(layer)) {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                      bytes.addAndGet(n);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      workers.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        java.util.Locale.ROOT,
        "pulled %d blobs, %d bytes in %.3f s (%.1f MB/s)%n",
        blobs,
        bytes.get(),
        seconds,
        bytes.get() / 1e6 / seconds);
  }
}
