package dev.konflux.ecosystem.internal.release;

import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.ReleaseRecord;
import dev.konflux.ecosystem.spi.CommittedOutput;
import dev.konflux.ecosystem.spi.IndexOutput;
import dev.konflux.ecosystem.spi.ProducedFile;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One ecosystem of the committed output, with the records {@code release.json} keeps for its files.
 * A file the record lists with the size it still has is carried over with its recorded digest and
 * origins (the output directory is ours; {@code release.json} is written with it in one commit);
 * any other file is hashed when carried over.
 */
final class CommittedOutputImpl implements CommittedOutput {
  private final class EntryImpl implements Entry {
    private final String path;

    EntryImpl(String path) {
      this.path = path;
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public @Nullable ProducedFile file() {
      return recorded(path);
    }

    @Override
    public Path location() {
      return directory.resolve(path);
    }
  }

  private final Path directory;
  private final String prefix;
  private final List<ReleaseRecord.FileEntry> record;

  /** Only for a record whose files are not sorted by path (never written so; read defensively). */
  private @Nullable Map<String, Integer> unsorted;

  private @Nullable Map<String, Entry> files;

  /** The listing of the directory started earlier, or {@code null} to list it when first asked. */
  private final @Nullable CommittedListing listing;

  /**
   * The files (by their index in the sorted paths) carried over into an output that keeps them in
   * place: they stay where they are, and an in-place commit removes every committed file that is
   * neither kept nor written again.
   */
  private final java.util.BitSet kept = new java.util.BitSet();

  private CommittedOutputImpl(
      Path directory,
      String ecosystem,
      List<ReleaseRecord.FileEntry> record,
      @Nullable CommittedListing listing) {
    this.directory = directory;
    this.prefix = ecosystem + "/";
    this.record = record;
    this.listing = listing;
  }

  /**
   * @param output the output directory
   * @param ecosystem the ecosystem
   * @param record the committed release record, or {@code null} if there is none
   * @param listing the listing of the ecosystem's committed directory started by {@link
   *     #startListing}, or {@code null} to list it when first asked
   * @return the committed output of that ecosystem, or {@code null} if it has none
   */
  static @Nullable CommittedOutputImpl of(
      Path output,
      String ecosystem,
      @Nullable ReleaseRecord record,
      @Nullable CommittedListing listing) {
    Path dir = directory(output, ecosystem);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    return new CommittedOutputImpl(
        dir, ecosystem, record == null ? List.of() : record.files(), listing);
  }

  /**
   * Starts listing an ecosystem's committed directory, if there is one, for {@link #of}.
   *
   * @param output the output directory
   * @param ecosystem the ecosystem
   * @return the listing under way, or {@code null} if the output has no such directory
   */
  static @Nullable CommittedListing startListing(Path output, String ecosystem) {
    Path dir = directory(output, ecosystem);
    return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) ? CommittedListing.start(dir) : null;
  }

  private static Path directory(Path output, String ecosystem) {
    return output.toAbsolutePath().normalize().resolve(ecosystem);
  }

  /**
   * The record's entry of a file, looked up in the (spilled, sorted) record, as the file of this
   * ecosystem.
   */
  private @Nullable ProducedFile recorded(String rel) {
    int i = indexOf(prefix + rel);
    if (i < 0) {
      return null;
    }
    return produced(rel, record.get(i));
  }

  private ProducedFile produced(String rel, ReleaseRecord.FileEntry f) {
    return new ProducedFile(
        rel,
        f.sha256(),
        f.size(),
        f.origins(),
        f.derivedFrom().stream()
            .map(
                d ->
                    ProducedFile.isPath(d) && d.startsWith(prefix)
                        ? d.substring(prefix.length())
                        : d)
            .toList());
  }

  private synchronized int indexOf(String path) {
    if (record instanceof SpilledList<ReleaseRecord.FileEntry> spilled && spilled.sorted()) {
      return spilled.find(path);
    }
    Map<String, Integer> byPath = unsorted;
    if (byPath == null) {
      byPath = new java.util.HashMap<>();
      int i = 0;
      for (ReleaseRecord.FileEntry f : record) {
        if (f.path().startsWith(prefix)) {
          byPath.put(f.path(), i);
        }
        i++;
      }
      unsorted = byPath;
    }
    Integer i = byPath.get(path);
    return i == null ? -1 : i;
  }

  @Override
  public Path directory() {
    return directory;
  }

  /**
   * The committed files, found by walking the directory; the map holds only their sorted paths and
   * makes each entry (and looks up its record) when asked.
   */
  @Override
  public synchronized Map<String, Entry> files() {
    if (files == null) {
      CommittedListing.Found found =
          listing != null ? listing.get() : CommittedListing.list(directory, () -> false);
      files = new PathMap(found.paths(), found.sizes());
    }
    return files;
  }

  /** An unmodifiable sorted map over an array of paths; entries are made when asked for. */
  private final class PathMap extends java.util.AbstractMap<String, CommittedOutput.Entry> {
    private final String[] paths;
    private final long[] sizes;

    PathMap(String[] paths, long[] sizes) {
      this.paths = paths;
      this.sizes = sizes;
    }

    @Override
    public int size() {
      return paths.length;
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof String k && java.util.Arrays.binarySearch(paths, k) >= 0;
    }

    @Override
    public CommittedOutput.@Nullable Entry get(Object key) {
      return containsKey(key) ? new EntryImpl((String) key) : null;
    }

    @Override
    public java.util.Set<Map.Entry<String, CommittedOutput.Entry>> entrySet() {
      return new java.util.AbstractSet<>() {
        @Override
        public int size() {
          return paths.length;
        }

        @Override
        public java.util.Iterator<Map.Entry<String, CommittedOutput.Entry>> iterator() {
          return java.util.Arrays.stream(paths)
              .map(p -> Map.entry(p, (CommittedOutput.Entry) new EntryImpl(p)))
              .iterator();
        }
      };
    }

    @Override
    public java.util.Set<String> keySet() {
      return new java.util.AbstractSet<>() {
        @Override
        public int size() {
          return paths.length;
        }

        @Override
        public boolean contains(Object o) {
          return containsKey(o);
        }

        @Override
        public java.util.Iterator<String> iterator() {
          return java.util.Arrays.asList(paths).iterator();
        }
      };
    }
  }

  @Override
  public Optional<Entry> file(String path) {
    return Optional.ofNullable(files().get(path));
  }

  @Override
  public ProducedFile carryOver(String path, IndexOutput out) throws KonfluxNativeException {
    Entry e =
        file(path)
            .orElseThrow(
                () ->
                    new OutputException(
                        "cannot carry over "
                            + path
                            + ": the committed output "
                            + directory
                            + " has no such file",
                        null));
    try {
      Path source; // the file carried over, hashed only if the record does not say its digest
      long size;
      if (out.keptInPlace()) {
        // Left where it is: the size is the one the committed directory's listing saw.
        PathMap map = (PathMap) files();
        int i = java.util.Arrays.binarySearch(map.paths, path);
        synchronized (this) {
          kept.set(i);
        }
        source = e.location();
        size = map.sizes[i];
      } else {
        source = out.resolve(path);
        Files.deleteIfExists(source);
        try {
          Files.createLink(source, e.location());
        } catch (UnsupportedOperationException | FileSystemException ex) {
          Files.copy(e.location(), source, StandardCopyOption.COPY_ATTRIBUTES);
        }
        size = Files.size(source);
      }
      ProducedFile r = e.file();
      return r != null && r.size() == size ? r : rehashed(path, source, size);
    } catch (IOException ex) {
      throw new OutputException(
          "carrying over " + path + " from " + directory + " failed: " + ex.getMessage(), ex);
    }
  }

  /** A carried file the record does not describe at its size: hashed, with no known origin. */
  private static ProducedFile rehashed(String path, Path file, long size) throws IOException {
    return new ProducedFile(
        path, TargetContextImpl.sha256(file), size, List.of(), List.of("committed:" + path));
  }

  /**
   * Reads the record once, in order, beside the sorted committed paths (no lookup per file), and
   * keeps the carried files' records in a {@link SpilledList}.
   */
  @Override
  public List<ProducedFile> carryOverAll(Predicate<String> accept, IndexOutput out)
      throws KonfluxNativeException {
    files();
    PathMap map = (PathMap) java.util.Objects.requireNonNull(files);
    String[] paths = map.paths;
    boolean inOrder =
        record.isEmpty()
            || (record instanceof SpilledList<ReleaseRecord.FileEntry> l && l.sorted());
    java.util.Iterator<ReleaseRecord.FileEntry> entries = record.iterator();
    ReleaseRecord.FileEntry entry = null;
    DirectoryIndexOutput inPlace =
        out.keptInPlace() && out instanceof DirectoryIndexOutput d ? d : null;
    try (SpilledList.Writer<ProducedFile> carried =
        SpilledList.writer(FileCodecs.PRODUCED_FILE, ProducedFile::path)) {
      // The paths are sorted, so files of one directory come together: its directories are made
      // once (Files.createDirectories costs a failed mkdir, a stat and an exception per call).
      Path madeParent = null;
      for (int i = 0; i < paths.length; i++) {
        String rel = paths[i];
        if (!accept.test(rel)) {
          continue;
        }
        Path target;
        if (inPlace != null) {
          // Kept where it is: no link, no stat; a file this release wrote replaces it.
          if (inPlace.isStaged(rel)) {
            continue;
          }
          target = directory.resolve(rel);
          synchronized (this) {
            kept.set(i);
          }
        } else {
          target = DirectoryIndexOutput.resolveSafely(out.directory(), rel);
          Path parent = target.getParent();
          if (madeParent == null || !madeParent.equals(parent)) {
            target = out.resolve(rel);
            madeParent = target.getParent();
          }
          // A file this release wrote is there already: the link fails and the file is left alone
          // (no stat first: with 50,000 files every system call per file counts).
          if (!linkAbsent(directory.resolve(rel), target)) {
            continue;
          }
        }
        // a hard link, or a copy of the file the walk saw
        long size = map.sizes[i];
        ProducedFile r;
        if (inOrder) {
          String wanted = prefix + rel;
          while ((entry == null || entry.path().compareTo(wanted) < 0) && entries.hasNext()) {
            entry = entries.next();
          }
          r = entry != null && entry.path().equals(wanted) ? produced(rel, entry) : null;
        } else {
          r = recorded(rel);
        }
        if (r == null || r.size() != size) {
          r = rehashed(rel, target, size);
        }
        carried.add(r);
      }
      return carried.finish();
    } catch (IOException ex) {
      throw new OutputException(
          "carrying over files from " + directory + " failed: " + ex.getMessage(), ex);
    }
  }

  /**
   * Whether a committed file was carried over in place.
   *
   * @param path a path relative to {@code OUT/<ecosystem>}
   */
  synchronized boolean isKept(String path) {
    PathMap map = (PathMap) files();
    int i = java.util.Arrays.binarySearch(map.paths, path);
    return i >= 0 && kept.get(i);
  }

  /**
   * The committed files an in-place commit removes: those neither carried over in place nor written
   * again by this release, in path order.
   *
   * @param written the paths this release writes into the ecosystem (new, replaced, index files)
   */
  synchronized List<String> removals(java.util.Set<String> written) {
    PathMap map = (PathMap) files();
    List<String> out = new java.util.ArrayList<>();
    for (int i = kept.nextClearBit(0); i < map.paths.length; i = kept.nextClearBit(i + 1)) {
      if (!written.contains(map.paths[i])) {
        out.add(map.paths[i]);
      }
    }
    return out;
  }

  /**
   * Links {@code to} to {@code from} unless {@code to} exists.
   *
   * @return false if {@code to} exists (and is left as it is)
   */
  private static boolean linkAbsent(Path from, Path to) throws IOException {
    try {
      Files.createLink(to, from);
    } catch (java.nio.file.FileAlreadyExistsException ex) {
      return false;
    } catch (UnsupportedOperationException | FileSystemException ex) {
      if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      link(from, to);
    }
    return true;
  }

  private static void link(Path from, Path to) throws IOException {
    Files.deleteIfExists(to);
    try {
      Files.createLink(to, from);
    } catch (UnsupportedOperationException | FileSystemException ex) {
      Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }
}
