package dev.konflux.ecosystem.internal.release;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.ReleaseRecord;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A staging directory beside the output directory (same file system, so moves are renames). {@link
 * #commit} swaps each staged ecosystem directory into the output with renames, keeping the old ones
 * aside until all moves succeeded; any failure moves everything back. {@link #commitInPlace}
 * updates a committed output file by file instead, so that an update costs what it changes: see
 * there for the journal that makes it all or nothing.
 */
final class StagingArea implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StagingArea.class);
  static final String RELEASE_JSON = "release.json";

  private final Path output;
  private final Path staging;
  private final FileChannel lockChannel;

  private StagingArea(Path output, Path staging, FileChannel lockChannel) {
    this.output = output;
    this.staging = staging;
    this.lockChannel = lockChannel;
  }

  /**
   * Takes the output's lock (a file beside it, so one release at a time per output, across
   * processes too), repairs what a crashed release left, and creates a fresh staging directory.
   */
  static StagingArea create(Path output) throws OutputException {
    Path abs = output.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    if (parent == null) {
      throw new OutputException(
          "the output directory cannot be the file system root: " + abs, null);
    }
    FileChannel lock = null;
    try {
      Files.createDirectories(parent);
      lock = lock(parent.resolve("." + abs.getFileName() + ".lock"), abs);
      recoverCrashedReleases(abs, parent);
      Path staging =
          parent.resolve(
              String.format(Locale.ROOT, STAGING_PREFIX, abs.getFileName()) + UUID.randomUUID());
      Files.createDirectory(staging);
      return new StagingArea(abs, staging, lock);
    } catch (IOException | OutputException e) {
      closeQuietly(lock);
      if (e instanceof OutputException oe) {
        throw oe;
      }
      throw new OutputException(
          "cannot create a staging directory beside " + abs + ": " + e.getMessage(), e);
    }
  }

  private static final String STAGING_PREFIX = ".%s.staging-";

  private static FileChannel lock(Path lockFile, Path output) throws IOException, OutputException {
    FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this JVM
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new OutputException(
          "another release into " + output + " is in progress (" + lockFile + " is locked)", null);
    }
    return channel;
  }

  /**
   * Staging directories beside the output belong to releases that died (we hold the lock). One
   * killed between its renames left the committed directory aside in {@code .previous} and none in
   * the output: move it back, so the output is the last committed one again and targets that build
   * on it (a yum repository keeps earlier packages) do not silently drop its content.
   */
  private static void recoverCrashedReleases(Path output, Path parent) throws IOException {
    String prefix = String.format(Locale.ROOT, STAGING_PREFIX, output.getFileName());
    List<Path> stale;
    try (Stream<Path> siblings = Files.list(parent)) {
      stale =
          siblings
              .filter(p -> p.getFileName().toString().startsWith(prefix))
              .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
              .toList();
    }
    for (Path dead : stale) {
      Path journal = dead.resolve(JOURNAL);
      if (Files.exists(journal, LinkOption.NOFOLLOW_LINKS)) {
        LOG.warn("rolling back the in-place commit into {} left unfinished in {}", output, dead);
        List<Step> steps;
        try {
          steps = readJournal(journal);
        } catch (IOException | RuntimeException e) {
          throw new IOException(
              "cannot read the journal "
                  + journal
                  + " of a release into "
                  + output
                  + " that did not finish ("
                  + e.getMessage()
                  + "); the output may be half updated: restore it, or remove "
                  + dead
                  + " to keep the output as it is",
              e);
        }
        undo(steps, output, dead);
        Files.delete(journal);
      }
      Path aside = dead.resolve(".previous");
      if (Files.isDirectory(aside, LinkOption.NOFOLLOW_LINKS) && Files.isDirectory(output)) {
        try (Stream<Path> entries = Files.list(aside)) {
          for (Path e : (Iterable<Path>) entries::iterator) {
            Path back = output.resolve(e.getFileName().toString());
            if (!Files.exists(back, LinkOption.NOFOLLOW_LINKS)) {
              LOG.warn("restoring {} from {}, left by a release that did not finish", back, dead);
              Files.move(e, back, StandardCopyOption.ATOMIC_MOVE);
            }
          }
        }
      }
      LOG.info("removing {}, left by a release that did not finish", dead);
      deleteTree(dead);
    }
  }

  /**
   * Whether an in-place commit into the output was interrupted (its journal is still on disk): the
   * output may hold part of it, which the next release rolls back, so it must not be taken as
   * committed (by the no-op check, which runs before the recovery).
   *
   * @param output the output directory
   * @return true if a staging directory beside it holds a journal
   */
  static boolean hasUnfinishedCommit(Path output) {
    Path abs = output.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    if (parent == null) {
      return false;
    }
    String prefix = String.format(Locale.ROOT, STAGING_PREFIX, abs.getFileName());
    try (Stream<Path> siblings = Files.list(parent)) {
      return siblings
          .filter(p -> p.getFileName().toString().startsWith(prefix))
          .anyMatch(p -> Files.exists(p.resolve(JOURNAL), LinkOption.NOFOLLOW_LINKS));
    } catch (IOException e) {
      return true; // cannot tell: the release goes the long way (and its recovery tells why)
    }
  }

  private static void closeQuietly(@Nullable FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close(); // releases the lock
    } catch (IOException e) {
      LOG.debug("closing the output lock failed", e);
    }
  }

  Path root() {
    return staging;
  }

  Path ecosystemDirectory(String ecosystem) throws OutputException {
    Path dir = staging.resolve(ecosystem);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new OutputException(
          "cannot create staging directory " + dir + ": " + e.getMessage(), e);
    }
    return dir;
  }

  /**
   * Moves the staged ecosystem directories and release.json into the output.
   *
   * @param ecosystems the staged ecosystems to move
   * @param releaseJson the release record bytes
   * @throws OutputException if the move failed; the output is then as it was
   */
  void commit(Collection<String> ecosystems, byte[] releaseJson) throws OutputException {
    try {
      Files.write(staging.resolve(RELEASE_JSON), releaseJson);
    } catch (IOException e) {
      throw new OutputException(
          "committing the release into " + output + " failed: " + e.getMessage(), e);
    }
    commit(ecosystems);
  }

  /**
   * Writes the release record into the staging directory, a file entry at a time.
   *
   * @param record the record
   * @return the SHA-256 of the written {@code release.json}
   * @throws OutputException if writing fails
   */
  Digest writeRecord(ReleaseRecord record) throws OutputException {
    MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
    try (OutputStream out =
        new DigestOutputStream(
            new BufferedOutputStream(Files.newOutputStream(staging.resolve(RELEASE_JSON)), 65536),
            md)) {
      ReleaseRecordJson.write(record, out);
    } catch (IOException e) {
      throw new OutputException("writing release.json failed: " + e.getMessage(), e);
    }
    return Digest.sha256(md.digest());
  }

  /**
   * Moves the staged ecosystem directories and the staged release.json ({@link #writeRecord}) into
   * the output.
   *
   * @param ecosystems the staged ecosystems to move
   * @throws OutputException if the move failed; the output is then as it was
   */
  void commit(Collection<String> ecosystems) throws OutputException {
    Deque<Move> done = new ArrayDeque<>();
    Path aside = staging.resolve(".previous");
    boolean createdOutput = false;
    try {
      if (!Files.isDirectory(output)) {
        Files.createDirectories(output);
        createdOutput = true;
      }
      Files.createDirectories(aside);
      for (String eco : ecosystems) {
        move(output.resolve(eco), aside.resolve(eco), done);
        move(staging.resolve(eco), output.resolve(eco), done);
      }
      move(output.resolve(RELEASE_JSON), aside.resolve(RELEASE_JSON), done);
      move(staging.resolve(RELEASE_JSON), output.resolve(RELEASE_JSON), done);
    } catch (IOException | RuntimeException e) {
      rollback(done);
      if (createdOutput) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          LOG.warn("could not remove {} created by the failed release", output);
        }
      }
      throw new OutputException(
          "committing the release into " + output + " failed: " + e.getMessage(), e);
    }
  }

  private static void move(Path from, Path to, Deque<Move> done) throws IOException {
    if (!Files.exists(from)) {
      return;
    }
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + from + " to " + to + " atomically", e);
    }
    done.push(new Move(from, to));
  }

  private static void rollback(Deque<Move> done) {
    while (!done.isEmpty()) {
      Move m = done.pop();
      try {
        Files.move(m.to, m.from, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        LOG.error("rollback could not move {} back to {}", m.to, m.from, e);
      }
    }
  }

  private record Move(Path from, Path to) {}

  @Override
  public void close() {
    try {
      if (journalPending) {
        // An in-place commit was interrupted by an Error: the staging directory holds the only
        // copies of the files it replaced. The next release rolls it back from the journal.
        LOG.error(
            "the commit into {} was interrupted; {} is kept for the next release to roll back",
            output,
            staging);
      } else {
        deleteTree(staging);
      }
    } finally {
      closeQuietly(lockChannel);
    }
  }

  // ---- in-place commit -------------------------------------------------------------------------

  static final String JOURNAL = ".journal";
  private static final String JOURNAL_FORMAT = "konflux-native-journal 1";
  private static final String ASIDE = ".aside";

  /** Set while the journal is on disk: the commit neither finished nor was rolled back. */
  private boolean journalPending;

  /**
   * A test's hook into {@link #commitInPlace}: called before each step with the step's name; may
   * throw to inject a failure there. {@code null} outside tests.
   */
  interface StepHook {
    /**
     * @param step the step about to run ({@code journal}, {@code journaled}, {@code link <path>},
     *     {@code rename <path>}, {@code mkdir <path>}, {@code remove <path>}, {@code commit})
     * @throws IOException to fail there
     */
    void before(String step) throws IOException;
  }

  static volatile @Nullable StepHook stepHook;

  private static void step(String name) throws IOException {
    StepHook h = stepHook;
    if (h != null) {
      h.before(name);
    }
  }

  /**
   * What an in-place commit does to one ecosystem of a committed output.
   *
   * @param ecosystem the ecosystem (its directory exists in the output)
   * @param publish the files staged below {@code <staging>/<ecosystem>}, relative to it, in the
   *     order they are published: new and replaced files, then index files in {@code writeIndex}
   *     order
   * @param removals the committed files (relative paths) that the new output no longer has
   */
  record InPlace(String ecosystem, List<String> publish, List<String> removals) {}

  /**
   * One operation of an in-place commit, as the journal lists it. {@code path} is relative to the
   * output; the staged file is at the same path below the staging directory and a file set aside at
   * the same path below {@code .aside}.
   */
  record Step(char kind, String path) {
    /** A new file renamed into place. */
    static final char NEW = 'N';

    /** A committed file linked aside, then replaced by the staged one. */
    static final char REPLACE = 'P';

    /** A directory created for new files. */
    static final char MKDIR = 'D';

    /** A committed file linked aside, then removed. */
    static final char REMOVE = 'R';

    /** A whole staged ecosystem directory renamed into place (the output had none). */
    static final char MOVE = 'M';
  }

  /**
   * Commits an update of a committed output in place: only the files this release wrote are renamed
   * into the output, and the committed files it no longer has are removed; carried-over files are
   * not touched. The staged {@code release.json} ({@link #writeRecord}) is published last.
   *
   * <p>All or nothing, across a failure and a crash: the operations are first planned and written
   * to a journal ({@code .journal} in the staging directory, synced to disk) in their order (new
   * and replaced files, then index files, so that an index never names a file that is not there
   * yet; then removals; then {@code release.json}). A file to be replaced or removed is first
   * hard-linked aside into the staging directory. Deleting the journal is the commit point. Undoing
   * works from what is on disk (the journal, the staged files still in staging and the files linked
   * aside), so that a failure here and a crash (by the next release's recovery) are rolled back the
   * same way. Directories created for new files are removed again; a committed file that would have
   * to become a directory or the reverse is refused before anything changes.
   *
   * @param inPlace the ecosystems updated in place
   * @param moved staged ecosystems the output has no directory for, moved in whole
   * @throws OutputException if the commit failed; the output is then as it was
   */
  void commitInPlace(List<InPlace> inPlace, Collection<String> moved) throws OutputException {
    List<Step> steps;
    try {
      steps = plan(inPlace, moved);
    } catch (IOException e) {
      throw new OutputException(
          "committing the release into " + output + " failed: " + e.getMessage(), e);
    }
    Path journal = staging.resolve(JOURNAL);
    try {
      step("journal");
      writeJournal(journal, steps);
      journalPending = true;
      step("journaled");
      for (Step st : steps) {
        run(st);
      }
      step("commit");
      Files.delete(journal); // the commit point
      journalPending = false;
      syncDirectory(staging);
    } catch (IOException | RuntimeException e) {
      if (journalPending) {
        try {
          undo(steps, output, staging);
          Files.delete(journal);
          journalPending = false;
        } catch (IOException | RuntimeException u) {
          e.addSuppressed(u);
          LOG.error("rolling back the commit into {} failed; {} is kept", output, staging, u);
          throw new OutputException(
              "committing the release into "
                  + output
                  + " failed ("
                  + e.getMessage()
                  + ") and rolling it back failed too ("
                  + u.getMessage()
                  + "); the next release into it rolls back from "
                  + journal,
              e);
        }
      }
      throw new OutputException(
          "committing the release into " + output + " failed: " + e.getMessage(), e);
    }
    removeEmptiedDirectories(steps);
  }

  /**
   * The journal's operations, checked against the output: a staged file whose place in the output
   * is a directory (or another non-file), or that needs a directory where the output has a file, is
   * refused before anything changes.
   */
  private List<Step> plan(List<InPlace> inPlace, Collection<String> moved) throws IOException {
    List<Step> steps = new java.util.ArrayList<>();
    for (String eco : moved) {
      if (Files.exists(output.resolve(eco), LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(
            output.resolve(eco) + " exists and is not the committed directory of " + eco);
      }
      steps.add(new Step(Step.MOVE, eco));
    }
    java.util.Set<String> directories = new java.util.HashSet<>();
    for (InPlace e : inPlace) {
      directories.add(e.ecosystem());
      for (String rel : e.publish()) {
        String path = e.ecosystem() + "/" + rel;
        // Every directory on the way is a real one (never written through a symbolic link).
        plannedDirectories(path, directories, steps);
        BasicFileAttributes a = attributes(output.resolve(path));
        if (a == null) {
          steps.add(new Step(Step.NEW, path));
        } else if (!a.isDirectory()) {
          // a file, or a symbolic link put there: the rename replaces it, the link itself
          steps.add(new Step(Step.REPLACE, path));
        } else {
          throw new IOException(
              "cannot publish the file "
                  + path
                  + ": "
                  + output.resolve(path)
                  + " is a directory in the committed output; a committed directory cannot become"
                  + " a file in place (remove it, or release into a new output directory)");
        }
      }
    }
    for (InPlace e : inPlace) {
      for (String rel : e.removals()) {
        steps.add(new Step(Step.REMOVE, e.ecosystem() + "/" + rel));
      }
    }
    BasicFileAttributes json = attributes(output.resolve(RELEASE_JSON));
    if (json != null && !json.isRegularFile()) {
      throw new IOException(output.resolve(RELEASE_JSON) + " is not a regular file");
    }
    steps.add(new Step(json == null ? Step.NEW : Step.REPLACE, RELEASE_JSON));
    return steps;
  }

  /** Adds the directories a new file needs, outermost first; refuses a file in the way. */
  private void plannedDirectories(String path, java.util.Set<String> known, List<Step> steps)
      throws IOException {
    Deque<String> missing = new ArrayDeque<>();
    for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      String dir = path.substring(0, slash);
      if (known.contains(dir)) {
        break;
      }
      BasicFileAttributes a = attributes(output.resolve(dir));
      if (a == null) {
        missing.push(dir);
      } else if (a.isDirectory()) {
        known.add(dir);
      } else {
        throw new IOException(
            "cannot publish "
                + path
                + ": "
                + output.resolve(dir)
                + (a.isSymbolicLink()
                    ? " is a symbolic link in the committed output; a release never writes"
                        + " through one (remove it"
                    : " is a file in the committed output and a directory in this release; a"
                        + " committed file cannot become a directory in place (remove it")
                + ", or release into a new output directory)");
      }
    }
    while (!missing.isEmpty()) {
      String dir = missing.pop();
      known.add(dir);
      steps.add(new Step(Step.MKDIR, dir));
    }
  }

  private static @Nullable BasicFileAttributes attributes(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    }
  }

  private void run(Step st) throws IOException {
    Path target = output.resolve(st.path());
    Path staged = staging.resolve(st.path());
    switch (st.kind()) {
      case Step.MOVE, Step.NEW -> {
        step("rename " + st.path());
        rename(staged, target);
      }
      case Step.MKDIR -> {
        step("mkdir " + st.path());
        Files.createDirectory(target);
      }
      case Step.REPLACE -> {
        linkAside(st.path());
        step("rename " + st.path());
        rename(staged, target);
      }
      case Step.REMOVE -> {
        linkAside(st.path());
        step("remove " + st.path());
        Files.delete(target);
      }
      default -> throw new IllegalStateException("unknown journal step " + st);
    }
  }

  private void linkAside(String path) throws IOException {
    step("link " + path);
    Path aside = staging.resolve(ASIDE).resolve(path);
    Files.createDirectories(aside.getParent());
    Files.createLink(aside, output.resolve(path));
  }

  private static void rename(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + from + " to " + to + " atomically", e);
    }
  }

  /**
   * Undoes the steps, last first, from what is on disk: a step that did not run (its staged file is
   * still in staging, nothing was linked aside) is left alone, so this is right after a failure at
   * any point and after a crash, and may run again if it was itself interrupted.
   */
  static void undo(List<Step> steps, Path output, Path staging) throws IOException {
    Path asideRoot = staging.resolve(ASIDE);
    for (int i = steps.size() - 1; i >= 0; i--) {
      Step st = steps.get(i);
      Path target = output.resolve(st.path());
      Path staged = staging.resolve(st.path());
      Path aside = asideRoot.resolve(st.path());
      boolean stagedThere = Files.exists(staged, LinkOption.NOFOLLOW_LINKS);
      switch (st.kind()) {
        case Step.MOVE, Step.NEW -> {
          if (!stagedThere && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(staged.getParent());
            rename(target, staged);
          }
        }
        case Step.REPLACE -> {
          // Renaming the link aside over the file restores the committed one; when the staged
          // file was not renamed in yet the output still holds the committed file.
          if (!stagedThere && Files.exists(aside, LinkOption.NOFOLLOW_LINKS)) {
            rename(aside, target);
          }
        }
        case Step.REMOVE -> {
          if (Files.exists(aside, LinkOption.NOFOLLOW_LINKS)
              && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            rename(aside, target);
          }
        }
        case Step.MKDIR -> {
          if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> entries = Files.list(target)) {
              if (entries.findAny().isEmpty()) {
                Files.delete(target);
              }
            }
          }
        }
        default -> throw new IOException("unknown journal step " + st);
      }
    }
  }

  /** After the commit point: directories that removals left empty go too (best effort). */
  private void removeEmptiedDirectories(List<Step> steps) {
    java.util.Set<Path> tried = new java.util.HashSet<>();
    for (Step st : steps) {
      if (st.kind() != Step.REMOVE) {
        continue;
      }
      int top = st.path().indexOf('/');
      Path eco = output.resolve(st.path().substring(0, top));
      for (Path d = output.resolve(st.path()).getParent();
          d != null && !d.equals(eco) && d.startsWith(eco) && tried.add(d);
          d = d.getParent()) {
        try (Stream<Path> entries = Files.list(d)) {
          if (entries.findAny().isPresent()) {
            break;
          }
        } catch (IOException e) {
          break;
        }
        try {
          Files.delete(d);
        } catch (IOException e) {
          LOG.debug("cannot remove the emptied directory {}: {}", d, e.toString());
          break;
        }
      }
    }
  }

  private static void writeJournal(Path journal, List<Step> steps) throws IOException {
    Path tmp = journal.resolveSibling(JOURNAL + ".tmp");
    try (FileChannel ch =
            FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        java.io.Writer w =
            new java.io.BufferedWriter(
                new java.io.OutputStreamWriter(
                    java.nio.channels.Channels.newOutputStream(ch),
                    java.nio.charset.StandardCharsets.UTF_8))) {
      w.write(JOURNAL_FORMAT + "\n");
      for (Step st : steps) {
        w.write(st.kind() + " " + OutputStamps.escape(st.path()) + "\n");
      }
      w.write("end " + steps.size() + "\n");
      w.flush();
      ch.force(true);
    }
    Files.move(tmp, journal, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(tmp.resolveSibling("."));
  }

  static List<Step> readJournal(Path journal) throws IOException {
    List<String> lines = Files.readAllLines(journal, java.nio.charset.StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(JOURNAL_FORMAT)) {
      throw new IOException("not a journal");
    }
    List<Step> steps = new java.util.ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.startsWith("end ")) {
        if (Integer.parseInt(line.substring(4)) != steps.size()) {
          throw new IOException("the journal lists " + steps.size() + " steps, not " + line);
        }
        return steps;
      }
      if (line.length() < 3 || line.charAt(1) != ' ' || "NPDRM".indexOf(line.charAt(0)) < 0) {
        throw new IOException("bad journal line: " + line);
      }
      String path = OutputStamps.unescape(line.substring(2));
      if (path.isEmpty()
          || path.startsWith("/")
          || java.util.Arrays.asList(path.split("/", -1)).stream()
              .anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
        throw new IOException("unsafe path in the journal: " + path);
      }
      steps.add(new Step(line.charAt(0), path));
    }
    throw new IOException("the journal is truncated");
  }

  /** Makes a directory's entries durable where the platform allows (a no-op elsewhere). */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot sync directory {}: {}", dir, e.toString());
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc)
                throws IOException {
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      LOG.warn("could not delete staging directory {}", root, e);
    }
  }
}
