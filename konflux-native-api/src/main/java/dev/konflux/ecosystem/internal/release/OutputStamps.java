package dev.konflux.ecosystem.internal.release;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.ReleaseRecord;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each file of a committed output looked like on disk right after the commit, so a rerun of
 * the same release can tell "unchanged" without hashing every file again (with 50,000 packages,
 * hashing the output is most of a no-op rerun). Kept beside the output as {@code .<output>.stamps}
 * (like the lock file), never inside it: the output holds only what the release record lists.
 *
 * <p>What it trusts, like git's index: a file whose size, modification time, change time (ctime)
 * and device and inode are all what they were when the stamps were taken still holds the bytes the
 * record lists. Writing a file changes its mtime and ctime; replacing it changes its inode; ctime
 * cannot be set back by {@code touch} or {@code utimes}. Not caught: someone who resets the system
 * clock or writes to the block device. A file changed in the same clock tick as the stamps were
 * written ("racily clean": its ctime or mtime is not older than the stamps file) is never trusted.
 * Any file that fails the comparison is hashed as before; the stamps are only a cache: missing,
 * unreadable, written for another {@code release.json}, or on a file system without POSIX
 * attributes, everything is hashed.
 */
final class OutputStamps {
  private static final Logger LOG = LoggerFactory.getLogger(OutputStamps.class);
  private static final String FORMAT = "konflux-native-stamps 2";
  private static final String ATTRIBUTES = "unix:size,lastModifiedTime,ctime,dev,ino";

  /** One file's stamp: size, mtime and ctime in nanoseconds, device, inode. */
  record Stamp(long size, long mtime, long ctime, long dev, long ino) {
    String line() {
      return size + " " + mtime + " " + ctime + " " + dev + " " + ino;
    }

    /**
     * Parses {@code <type> <size> <mtime> <ctime> <dev> <ino> <path>} in place, without splitting
     * the line: a no-op check parses one line per file of the output, mostly before the JIT has
     * compiled this.
     */
    static Stamp parse(String line) {
      long[] n = new long[5];
      int from = 2;
      for (int i = 0; i < n.length; i++) {
        int end = line.indexOf(' ', from);
        if (end < 0) {
          throw new IllegalArgumentException("bad stamp line");
        }
        n[i] = Long.parseLong(line, from, end, 10);
        from = end + 1;
      }
      return new Stamp(n[0], n[1], n[2], n[3], n[4]);
    }

    /** Whether the file changed in (or after) the tick the stamps were written in. */
    boolean racy(long stampsWritten) {
      return mtime >= stampsWritten || ctime >= stampsWritten;
    }
  }

  private OutputStamps() {}

  /**
   * @return the stamps file of an output directory
   */
  static Path file(Path output) {
    Path abs = output.toAbsolutePath().normalize();
    return abs.resolveSibling("." + abs.getFileName() + ".stamps");
  }

  /**
   * @param file a file (not followed if a link)
   * @return its stamp
   * @throws IOException if it cannot be read, or the file system has no POSIX attributes
   */
  static Stamp of(Path file) throws IOException {
    Map<String, Object> a;
    try {
      a = Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      throw new IOException("no POSIX file attributes for " + file, e);
    }
    return new Stamp(
        (Long) attribute(a, "size"),
        ((FileTime) attribute(a, "lastModifiedTime")).to(TimeUnit.NANOSECONDS),
        ((FileTime) attribute(a, "ctime")).to(TimeUnit.NANOSECONDS),
        ((Number) attribute(a, "dev")).longValue(),
        ((Number) attribute(a, "ino")).longValue());
  }

  /**
   * Which files an in-place commit left untouched, so that their stamps are copied instead of taken
   * again.
   *
   * @param previousJson the SHA-256 of the {@code release.json} the commit replaced (the previous
   *     stamps count only if they were written for it)
   * @param untouched whether a file (its path in the record) was left where and as it was
   */
  record Untouched(Digest previousJson, java.util.function.Predicate<String> untouched) {}

  /**
   * Records the files of a just-committed output; best effort (a failure only makes the next no-op
   * check hash everything).
   *
   * @param output the output directory
   * @param releaseJson the SHA-256 of the committed {@code release.json}
   * @param files the record's files, in the record's order
   */
  static void write(Path output, Digest releaseJson, List<ReleaseRecord.FileEntry> files) {
    write(output, releaseJson, files, null);
  }

  /**
   * Like {@link #write(Path, Digest, List)}, copying the previous stamp of every untouched file
   * instead of taking it again (with 50,000 files and an update of 100, the {@code lstat}s are most
   * of the work). A copied stamp is as good as a new one: if the file changed since, the stamp does
   * not match it either, and the next check hashes it. A stamp that was racily clean when it was
   * taken is taken again.
   *
   * @param output the output directory
   * @param releaseJson the SHA-256 of the committed {@code release.json}
   * @param files the record's files, in the record's order
   * @param untouched the files whose stamps may be copied, or {@code null} for none
   */
  static void write(
      Path output,
      Digest releaseJson,
      List<ReleaseRecord.FileEntry> files,
      @Nullable Untouched untouched) {
    Path target = file(output);
    Path root = output.toAbsolutePath().normalize();
    Path tmp = null;
    Previous previous = untouched == null ? null : Previous.open(target, untouched.previousJson());
    try {
      tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write(FORMAT + "\n" + releaseJson + "\n");
        w.write("j " + of(root.resolve(StagingArea.RELEASE_JSON)).line() + "\n");
        java.util.Set<Path> seen = new java.util.HashSet<>();
        // Most files share their directory with the file before them (50,000 packages in one):
        // their directories are walked once, told by the text of the path alone.
        String lastParent = null;
        for (String path : FileCodecs.paths(files)) {
          int slash = path.lastIndexOf('/');
          if (lastParent == null
              || slash != lastParent.length()
              || !path.regionMatches(0, lastParent, 0, slash)) {
            // Every directory on the way, once: one replaced by a symbolic link changes its stamp.
            java.util.ArrayDeque<Path> dirs = new java.util.ArrayDeque<>();
            for (Path d = root.resolve(path).getParent();
                d != null && !d.equals(root) && seen.add(d);
                d = d.getParent()) {
              dirs.push(d);
            }
            for (Path d : dirs) {
              w.write("d " + of(d).line() + " " + escape(root.relativize(d).toString()) + "\n");
            }
            lastParent = slash < 0 ? "" : path.substring(0, slash);
          }
          String copied =
              previous != null && untouched != null && untouched.untouched().test(path)
                  ? previous.stampOf(path)
                  : null;
          w.write("f ");
          w.write(copied != null ? copied : of(root.resolve(path)).line());
          w.write(' ');
          w.write(escape(path));
          w.write('\n');
        }
        w.write("end " + files.size() + "\n");
      }
      if (previous != null) {
        previous.close();
        previous = null;
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException | RuntimeException e) {
      LOG.debug("not recording file stamps of {}: {}", output, e.toString());
      deleteQuietly(target);
    } finally {
      if (previous != null) {
        previous.close();
      }
      if (tmp != null) {
        deleteQuietly(tmp);
      }
    }
  }

  /** The previous stamps of files, read once in path order beside the new record. */
  private static final class Previous implements AutoCloseable {
    private final BufferedReader lines;
    private final long written;
    private @Nullable String line;
    private @Nullable String path;

    private Previous(BufferedReader lines, long written) {
      this.lines = lines;
      this.written = written;
    }

    /** The previous stamps if they were written for that {@code release.json}, else null. */
    static @Nullable Previous open(Path stamps, Digest previousJson) {
      if (!Files.isRegularFile(stamps, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      BufferedReader r = null;
      try {
        long written =
            Files.getLastModifiedTime(stamps, LinkOption.NOFOLLOW_LINKS).to(TimeUnit.NANOSECONDS);
        r = Files.newBufferedReader(stamps, StandardCharsets.UTF_8);
        if (FORMAT.equals(r.readLine())
            && previousJson.toString().equals(r.readLine())
            && String.valueOf(r.readLine()).startsWith("j ")) {
          Previous p = new Previous(r, written);
          r = null;
          return p;
        }
        return null;
      } catch (IOException | RuntimeException e) {
        LOG.debug("not copying stamps from {}: {}", stamps, e.toString());
        return null;
      } finally {
        if (r != null) {
          try {
            r.close();
          } catch (IOException ignored) {
            // nothing to do
          }
        }
      }
    }

    /**
     * The previous, trusted stamp of a file as its line has it (five numbers), or null; paths are
     * asked for in ascending order. Copied as text: parsing and writing 50,000 stamps again was a
     * tenth of an update of 100 packages.
     */
    @Nullable String stampOf(String wanted) throws IOException {
      while (true) {
        if (path != null) {
          int c = path.compareTo(wanted);
          if (c == 0) {
            return trustedStamp(java.util.Objects.requireNonNull(line), written);
          }
          if (c > 0) {
            return null;
          }
        }
        String next = lines.readLine();
        while (next != null && next.startsWith("d ")) {
          next = lines.readLine();
        }
        if (next == null || !next.startsWith("f ")) {
          path = "\uffff\uffff"; // past every path: nothing more to copy
          line = null;
          return null;
        }
        line = next;
        path = pathOf(next);
      }
    }

    @Override
    public void close() {
      try {
        lines.close();
      } catch (IOException e) {
        LOG.debug("cannot close the previous stamps: {}", e.toString());
      }
    }
  }

  /**
   * @param output the output directory
   * @param releaseJson the SHA-256 of the committed {@code release.json}
   * @return the stamps recorded for exactly this {@code release.json}, read one a file in the
   *     record's order; none if there are none that fit
   */
  static Recorded read(Path output, Digest releaseJson) {
    Path f = file(output);
    if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
      return new Recorded(null, Long.MIN_VALUE);
    }
    BufferedReader r = null;
    try {
      long written =
          Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).to(TimeUnit.NANOSECONDS);
      r = Files.newBufferedReader(f, StandardCharsets.UTF_8);
      if (!FORMAT.equals(r.readLine())
          || !releaseJson.toString().equals(r.readLine())
          || !String.valueOf(r.readLine()).startsWith("j ")) {
        r.close();
        return new Recorded(null, Long.MIN_VALUE);
      }
      return new Recorded(r, written);
    } catch (IOException | RuntimeException e) {
      LOG.debug("ignoring unreadable {}: {}", f, e.toString());
      if (r != null) {
        try {
          r.close();
        } catch (IOException ignored) {
          // nothing to do
        }
      }
      return new Recorded(null, Long.MIN_VALUE);
    }
  }

  /**
   * Tells, from the stamps alone, that an output is exactly as its last commit left it: {@code
   * release.json} and every file and directory the stamps list (the record's files, written from
   * the record with this digest) still have their stamps, none racily clean. Reads neither the
   * record's file list nor any file; one {@code lstat} per file and directory.
   *
   * @param output the output directory
   * @return the SHA-256 of {@code release.json} when it and all its files are unchanged; {@code
   *     null} when that cannot be told so (then the caller checks the record the long way)
   */
  static @Nullable Digest unchanged(Path output) {
    return unchanged(output, () -> false);
  }

  /**
   * Like {@link #unchanged(Path)}, giving up (null) when asked to.
   *
   * @param output the output directory
   * @param stop asked every {@value #STOP_CHECK} files; true gives up
   */
  static @Nullable Digest unchanged(Path output, java.util.function.BooleanSupplier stop) {
    Path f = file(output);
    Path root = output.toAbsolutePath().normalize();
    if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      long written =
          Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).to(TimeUnit.NANOSECONDS);
      if (!FORMAT.equals(r.readLine())) {
        return null;
      }
      Digest json = Digest.parse(String.valueOf(r.readLine()));
      String jsonLine = r.readLine();
      if (jsonLine == null
          || !jsonLine.startsWith("j ")
          || !unchanged(
              Stamp.parse(jsonLine + " -"), root.resolve(StagingArea.RELEASE_JSON), written)) {
        return null;
      }
      long files = 0;
      // One line at a time, on this thread alone: two threads were measured no faster (in a
      // process this short, the JIT compiling these paths takes the other core), and the check
      // usually runs beside the resolution of the inputs, which needs it.
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("end ")) {
          return Long.parseLong(line.substring(4)) == files && r.readLine() == null ? json : null;
        }
        boolean isFile = line.startsWith("f ");
        if (!isFile && !line.startsWith("d ")) {
          return null;
        }
        files += isFile ? 1 : 0;
        if ((files % STOP_CHECK == 0 && stop.getAsBoolean())
            || !lineUnchanged(line, root, written)) {
          return null;
        }
      }
      return null; // truncated
    } catch (IOException | dev.konflux.ecosystem.api.InvalidInputException | RuntimeException e) {
      LOG.debug("cannot tell {} unchanged from its stamps: {}", output, e.toString());
      return null;
    }
  }

  /** How many files are checked between two looks at whether the check was stopped. */
  private static final int STOP_CHECK = 1024;

  /**
   * The {@link #unchanged(Path)} check started ahead of need, on a thread of its own: with 50,000
   * files it is most of a no-op rerun, and it needs nothing from the release's inputs, so it runs
   * while they are resolved and fingerprinted (measured on 2 cores: a no-op of 50,000 packages in
   * 0.95-1.08 s instead of 1.03-1.20 s). When the fingerprint differs (a new release) it is stopped
   * at its next look, having only read the stamps and {@code lstat}ed some files.
   */
  static final class Ahead {
    private final CompletableFuture<Optional<Digest>> result = new CompletableFuture<>();
    private volatile boolean stopped;

    private Ahead() {}

    /**
     * @param output the output directory
     * @return the started check, or null when the output has no stamps to check
     */
    static @Nullable Ahead start(Path output) {
      if (!Files.isRegularFile(file(output), LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      Ahead ahead = new Ahead();
      Thread t =
          new Thread(
              () -> {
                try {
                  ahead.result.complete(
                      Optional.ofNullable(unchanged(output, () -> ahead.stopped)));
                } finally {
                  ahead.result.complete(Optional.empty()); // an Error: "cannot tell"
                }
              },
              "konflux-native-stamps");
      t.setDaemon(true);
      t.start();
      return ahead;
    }

    /**
     * @return what {@link #unchanged(Path)} returns, once the check has finished
     */
    @Nullable Digest result() {
      return result.join().orElse(null);
    }

    /** Stops the check at its next look; its result no longer matters. */
    void stop() {
      stopped = true;
    }
  }

  /**
   * Whether the file or directory of a stamp line still has that stamp. Its path is checked as
   * text, not normalized: a relative path with no empty, {@code .} or {@code ..} segment cannot
   * leave the output.
   */
  private static boolean lineUnchanged(String line, Path root, long written) {
    String path = pathOf(line);
    return staysInside(path) && unchanged(Stamp.parse(line), root.resolve(path), written);
  }

  /** A non-empty relative path none of whose segments is empty, {@code .} or {@code ..}. */
  static boolean staysInside(String path) {
    if (path.isEmpty() || path.charAt(0) == '/') {
      return false;
    }
    int from = 0;
    while (true) {
      int end = path.indexOf('/', from);
      int stop = end < 0 ? path.length() : end;
      int length = stop - from;
      if (length == 0
          || (length == 1 && path.charAt(from) == '.')
          || (length == 2 && path.charAt(from) == '.' && path.charAt(from + 1) == '.')) {
        return false;
      }
      if (end < 0) {
        return true;
      }
      from = end + 1;
    }
  }

  private static boolean unchanged(Stamp recorded, Path p, long written) {
    if (recorded.racy(written)) {
      return false;
    }
    try {
      return recorded.equals(of(p));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The five numbers of a stamp line, as text, if its times are older than the stamps file that
   * holds it (else null: racily clean, to be taken again). A damaged line is never copied.
   */
  static @Nullable String trustedStamp(String line, long written) {
    return Stamp.parse(line).racy(written) ? null : line.substring(2, pathStart(line) - 1);
  }

  /** The path of a stamp line: what follows its sixth space. */
  private static String pathOf(String line) {
    return unescape(line.substring(pathStart(line)));
  }

  /** Where the path of a stamp line starts: after its sixth space. */
  private static int pathStart(String line) {
    int at = -1;
    for (int i = 0; i < 6; i++) {
      at = line.indexOf(' ', at + 1);
      if (at < 0) {
        throw new IllegalArgumentException("bad stamp line");
      }
    }
    return at + 1;
  }

  /** A path on one line: backslash, newline and carriage return escaped. */
  static String escape(String path) {
    return path.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
  }

  static String unescape(String escaped) {
    if (escaped.indexOf('\\') < 0) {
      return escaped;
    }
    StringBuilder sb = new StringBuilder(escaped.length());
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c == '\\' && i + 1 < escaped.length()) {
        char n = escaped.charAt(++i);
        sb.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Recorded stamps, read one per file of the record, in its order. */
  static final class Recorded implements AutoCloseable {
    private @Nullable BufferedReader lines;
    private final long written;

    private Recorded(@Nullable BufferedReader lines, long written) {
      this.lines = lines;
      this.written = written;
    }

    /**
     * Whether the next file of the record is, by its stamp, unchanged since the commit; called once
     * per file, in the record's order.
     *
     * @param file the file
     * @param size the size the record lists
     */
    boolean nextUnchanged(Path file, long size) {
      BufferedReader r = lines;
      if (r == null) {
        return false;
      }
      Stamp s;
      try {
        String line = r.readLine();
        while (line != null && line.startsWith("d ")) {
          line = r.readLine();
        }
        if (line == null || !line.startsWith("f ")) {
          close();
          return false;
        }
        s = Stamp.parse(line);
        if (!file.endsWith(pathOf(line))) {
          close();
          return false;
        }
      } catch (IOException | RuntimeException e) {
        close();
        return false;
      }
      if (s.size() != size || s.racy(written)) {
        return false;
      }
      try {
        return s.equals(of(file));
      } catch (IOException e) {
        return false;
      }
    }

    @Override
    public void close() {
      BufferedReader r = lines;
      lines = null;
      if (r != null) {
        try {
          r.close();
        } catch (IOException e) {
          LOG.debug("cannot close the stamps: {}", e.toString());
        }
      }
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.debug("cannot delete {}: {}", p, e.toString());
    }
  }

  /** The unix attribute view always has these; a missing one is a broken file system, not input. */
  private static Object attribute(java.util.Map<String, Object> attributes, String name) {
    return java.util.Objects.requireNonNull(attributes.get(name), name);
  }
}
