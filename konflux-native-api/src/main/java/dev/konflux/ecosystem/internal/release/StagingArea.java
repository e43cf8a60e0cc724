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
 * aside until all moves succeeded; any failure moves everything back.
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
      deleteTree(staging);
    } finally {
      closeQuietly(lockChannel);
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
