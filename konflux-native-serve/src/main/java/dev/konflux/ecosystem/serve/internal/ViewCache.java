package dev.konflux.ecosystem.serve.internal;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.ReleasePlan;
import dev.konflux.ecosystem.spi.ProducedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one kept {@link ReleasePlan}, produced on first request and kept on disk. Layout:
 * {@code <cache>/<input fingerprint>/view/<ecosystem>/<path>}, so a plan with other inputs never
 * sees another's files, and the view directory is laid out as a release's output (what {@link
 * ReleasePlan#writeIndex} expects). A file is written to a temporary name, its SHA-256 and size
 * checked against what the plan reported (and planned, when known), then moved into place
 * atomically; only files recorded in memory after that are served, so a failed or interrupted
 * production never serves a partial file. Production is decoupled from the client that asked: a
 * client that disconnects does not abort it.
 *
 * <p>Each file is produced once however many clients ask at once (one future per path). The plan is
 * not thread safe, so calls into it are serialised; serving produced files is not.
 */
public final class ViewCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ViewCache.class);

  /**
   * A produced, verified file ready to serve.
   *
   * @param file where it is
   * @param sha256 its digest (the ETag)
   * @param size its length
   */
  public record CachedFile(Path file, Digest sha256, long size) {}

  /** Production of a file failed; the cause says why. */
  public static final class ProductionException extends Exception {
    private static final long serialVersionUID = 1L;

    ProductionException(String path, Throwable cause) {
      super("cannot produce " + path + ": " + cause.getMessage(), cause);
    }
  }

  private final ReleasePlan plan;
  private final boolean keep;
  private final Path records;
  private final java.util.Set<String> reused = ConcurrentHashMap.newKeySet();
  private final Path root;
  private final Path view;
  private final Path tmp;
  private final Map<String, ReleasePlan.Entry> planned;
  private final java.util.Set<String> plannedDirectories;
  private final Object planLock = new Object();
  private final ConcurrentHashMap<String, CompletableFuture<CachedFile>> files =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CompletableFuture<Map<String, CachedFile>>> indexes =
      new ConcurrentHashMap<>();
  private final AtomicInteger productions = new AtomicInteger();

  /**
   * @param plan the plan to serve; owned by the caller
   * @param cacheDirectory where produced files are kept
   * @param keep whether produced files outlive this view (a cache directory the user gave: a later
   *     view of the same inputs reuses them, each checked against its recorded digest first)
   * @throws IOException if the cache directory cannot be made
   */
  public ViewCache(ReleasePlan plan, Path cacheDirectory, boolean keep) throws IOException {
    this.plan = plan;
    this.keep = keep;
    String fingerprint = plan.inputFingerprint().replaceAll("[^A-Za-z0-9_.-]", "_");
    this.root =
        Files.createDirectories(
            cacheDirectory.resolve(fingerprint.isEmpty() ? "view" : fingerprint));
    this.view = Files.createDirectories(root.resolve("view"));
    // Per view: two views of the same inputs (a Snapshot re-read unchanged) share the root.
    this.tmp = Files.createDirectories(root.resolve("tmp-" + UUID.randomUUID()));
    this.records = Files.createDirectories(root.resolve("records"));
    Map<String, ReleasePlan.Entry> map = new TreeMap<>();
    for (ReleasePlan.Entry e : plan.files()) {
      map.put(e.outputPath(), e);
    }
    this.planned = Map.copyOf(map);
    this.plannedDirectories =
        map.keySet().stream()
            .map(p -> p.substring(0, p.lastIndexOf('/') + 1))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /**
   * @return the plan served
   */
  public ReleasePlan plan() {
    return plan;
  }

  /**
   * @return every planned file by output path, sorted
   */
  public Map<String, ReleasePlan.Entry> planned() {
    return new TreeMap<>(planned);
  }

  /**
   * @return the ecosystems of the plan, sorted
   */
  public List<String> ecosystems() {
    return planned.values().stream().map(ReleasePlan.Entry::ecosystem).distinct().sorted().toList();
  }

  /**
   * @return how many files (index files counted one by one) were written so far: for tests
   */
  public int productions() {
    return productions.get();
  }

  /**
   * @param ecosystem an ecosystem
   * @return the index files of that ecosystem already produced (empty before the first request)
   */
  public List<String> producedIndexPaths(String ecosystem) {
    CompletableFuture<Map<String, CachedFile>> f = indexes.get(ecosystem);
    if (f == null || !f.isDone() || f.isCompletedExceptionally()) {
      return List.of();
    }
    return List.copyOf(f.join().keySet());
  }

  /**
   * The file at an output path: a planned file, or an index file of the path's ecosystem (which
   * produces every file of that ecosystem first, as the index covers them all).
   *
   * @param outputPath {@code <ecosystem>/<path>}
   * @return the file, or empty if the plan has no such file
   * @throws ProductionException if producing it failed
   */
  public Optional<CachedFile> get(String outputPath) throws ProductionException {
    ReleasePlan.Entry entry = planned.get(outputPath);
    if (entry != null) {
      return Optional.of(once(files, outputPath, () -> reuseOrProduce(entry)));
    }
    int slash = outputPath.indexOf('/');
    if (slash <= 0) {
      return Optional.empty();
    }
    String ecosystem = outputPath.substring(0, slash);
    if (!ecosystems().contains(ecosystem)) {
      return Optional.empty();
    }
    // Index files never sit beside planned files in the same directory (repodata/ beside Packages/,
    // maven-metadata.xml above the version directories), so a miss there is a 404 without
    // producing anything: a mistyped package name must not make the server read every layer.
    int lastSlash = outputPath.lastIndexOf('/');
    if (plannedDirectories.contains(outputPath.substring(0, lastSlash + 1))) {
      return Optional.empty();
    }
    Map<String, CachedFile> index = once(indexes, ecosystem, () -> produceIndex(ecosystem));
    return Optional.ofNullable(index.get(outputPath));
  }

  @FunctionalInterface
  private interface Production<T> {
    T run() throws Exception;
  }

  /**
   * Runs a production once per key; concurrent callers wait for the one running; a failure is not
   * kept.
   */
  private static <T> T once(
      ConcurrentHashMap<String, CompletableFuture<T>> map, String key, Production<T> production)
      throws ProductionException {
    CompletableFuture<T> mine = new CompletableFuture<>();
    CompletableFuture<T> running = map.putIfAbsent(key, mine);
    if (running == null) {
      try {
        T value = production.run();
        mine.complete(value);
        return value;
      } catch (Exception | Error e) {
        map.remove(key, mine);
        mine.completeExceptionally(e);
        throw new ProductionException(key, e);
      }
    }
    try {
      return running.get();
    } catch (ExecutionException e) {
      throw new ProductionException(key, e.getCause() == null ? e : e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProductionException(key, e);
    }
  }

  /** A file an earlier view of the same inputs produced, if its record and digest still hold. */
  private CachedFile reuseOrProduce(ReleasePlan.Entry entry)
      throws KonfluxNativeException, IOException {
    Optional<CachedFile> kept = reuse(entry.outputPath(), entry.file().sha256());
    if (kept.isPresent()) {
      reused.add(entry.outputPath());
      return kept.get();
    }
    return produce(entry);
  }

  /**
   * Checks a file left in the cache by an earlier process: it must have a record ({@code <digest>
   * <size>}, written after the file was checked and moved into place) and hash to it, and to the
   * planned digest when one is known. Anything else is discarded (and produced again by the
   * caller).
   */
  private Optional<CachedFile> reuse(String outputPath, @Nullable Digest planned)
      throws IOException {
    Path file = view.resolve(outputPath);
    Path record = records.resolve(outputPath + ".rec");
    if (!Files.isRegularFile(file) || !Files.isRegularFile(record)) {
      Files.deleteIfExists(file);
      Files.deleteIfExists(record);
      return Optional.empty();
    }
    String[] fields =
        Files.readString(record, java.nio.charset.StandardCharsets.US_ASCII).split(" ", -1);
    CachedFile actual = hash(file);
    boolean good =
        fields.length == 2
            && fields[0].equals(actual.sha256().toString())
            && fields[1].trim().equals(Long.toString(actual.size()))
            && (planned == null || planned.equals(actual.sha256()));
    if (!good) {
      LOG.warn(
          "discarding the cached {}: it is {} ({} bytes), recorded as {}",
          outputPath,
          actual.sha256(),
          actual.size(),
          String.join(" ", fields).trim());
      Files.deleteIfExists(file);
      Files.deleteIfExists(record);
      return Optional.empty();
    }
    LOG.debug("reusing the cached {} ({})", outputPath, actual.sha256());
    return Optional.of(actual);
  }

  /** Records a file moved into the view, for a later process's {@link #reuse}. */
  private void record(String outputPath, CachedFile file) throws IOException {
    Path record = records.resolve(outputPath + ".rec");
    Files.createDirectories(record.getParent());
    Path temp = tmp.resolve(UUID.randomUUID() + ".rec");
    Files.writeString(
        temp, file.sha256() + " " + file.size() + "\n", java.nio.charset.StandardCharsets.US_ASCII);
    Files.move(temp, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private CachedFile produce(ReleasePlan.Entry entry) throws KonfluxNativeException, IOException {
    String outputPath = entry.outputPath();
    Path temp = tmp.resolve(UUID.randomUUID() + ".part");
    try {
      ProducedFile produced;
      synchronized (planLock) {
        produced = plan.write(outputPath, temp);
      }
      CachedFile checked = check(outputPath, temp, produced);
      if (entry.file().sha256() != null && !entry.file().sha256().equals(checked.sha256())) {
        throw mismatch(outputPath, "planned " + entry.file().sha256(), checked.sha256());
      }
      Path dest = view.resolve(outputPath);
      Files.createDirectories(dest.getParent());
      Files.deleteIfExists(records.resolve(outputPath + ".rec"));
      Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      CachedFile result = new CachedFile(dest, checked.sha256(), checked.size());
      record(outputPath, result);
      productions.incrementAndGet();
      LOG.debug("produced {} ({}, {} bytes)", outputPath, checked.sha256(), checked.size());
      return result;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Produces every planned file of an ecosystem, then its index files in a scratch directory of
   * hard links (so a failed index leaves the view untouched), each then moved into the view.
   */
  private Map<String, CachedFile> produceIndex(String ecosystem) throws Exception {
    List<ProducedFile> written = new ArrayList<>();
    String prefix = ecosystem + "/";
    for (ReleasePlan.Entry e : planned.values()) {
      if (e.ecosystem().equals(ecosystem)) {
        CachedFile f = once(files, e.outputPath(), () -> reuseOrProduce(e));
        if (reused.remove(e.outputPath())) {
          // Kept from an earlier process: the target has not seen it, and its index needs what
          // writing it learns (an RPM's header, a wheel's metadata), so it is written again.
          f = produce(e);
          files.put(e.outputPath(), CompletableFuture.completedFuture(f));
        }
        written.add(new ProducedFile(e.file().path(), f.sha256(), f.size(), e.file().origins()));
      }
    }
    Path scratch = Files.createDirectories(tmp.resolve("index-" + UUID.randomUUID()));
    try {
      for (ProducedFile f : written) {
        Path link = scratch.resolve(f.path());
        Files.createDirectories(link.getParent());
        Files.createLink(link, view.resolve(prefix + f.path()));
      }
      List<ProducedFile> index;
      synchronized (planLock) {
        index = plan.writeIndex(ecosystem, written, scratch);
      }
      Map<String, CachedFile> result = new LinkedHashMap<>();
      for (ProducedFile f : index) {
        Path file = scratch.resolve(f.path());
        CachedFile checked = check(prefix + f.path(), file, f);
        Path dest = view.resolve(prefix + f.path());
        Files.createDirectories(dest.getParent());
        Files.move(file, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        result.put(prefix + f.path(), new CachedFile(dest, checked.sha256(), checked.size()));
        productions.incrementAndGet();
      }
      LOG.info(
          "produced the {} index: {} files over {} packages",
          ecosystem,
          result.size(),
          written.size());
      return Map.copyOf(result);
    } finally {
      deleteTree(scratch);
    }
  }

  /** Reads the written file back: its digest and size must be what the target reported. */
  private static CachedFile check(String outputPath, Path file, ProducedFile produced)
      throws IOException, OutputException {
    CachedFile actual = hash(file);
    if (!actual.sha256().equals(produced.sha256()) || actual.size() != produced.size()) {
      throw mismatch(
          outputPath,
          "reported " + produced.sha256() + " (" + produced.size() + " bytes)",
          actual.sha256());
    }
    return actual;
  }

  private static CachedFile hash(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long size = 0;
    byte[] buf = new byte[65536];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
        size += n;
      }
    }
    return new CachedFile(file, Digest.sha256(md.digest()), size);
  }

  private static OutputException mismatch(String outputPath, String expected, Digest actual) {
    OutputException e =
        new OutputException("served file " + outputPath + " is " + actual + ", " + expected);
    e.withReference(outputPath);
    return e;
  }

  /**
   * Deletes the cache of this plan (produced files and scratch). The plan is closed by its owner.
   */
  @Override
  public void close() {
    try {
      deleteTree(keep ? tmp : root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
