package dev.konflux.ecosystem.internal.release;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plain files of one committed ecosystem directory, sorted by path, each with the size the
 * listing saw. An update lists the committed directory on a thread of its own from the moment it
 * starts, while the committed {@code release.json} is read: with 50,000 files each takes a few
 * tenths of a second, and neither needs the other.
 */
final class CommittedListing {
  private static final Logger LOG = LoggerFactory.getLogger(CommittedListing.class);

  /**
   * The listing.
   *
   * @param paths the files' paths relative to the directory, {@code /}-separated, sorted
   * @param sizes each file's size, in the order of {@code paths}
   */
  record Found(String[] paths, long[] sizes) {}

  private final Path directory;
  private final FutureTask<Found> task;
  private volatile boolean stopped;

  private CommittedListing(Path directory) {
    this.directory = directory;
    this.task = new FutureTask<>(() -> list(directory, () -> stopped));
  }

  /**
   * Starts listing a directory on a daemon thread.
   *
   * @param directory the committed ecosystem directory
   * @return the listing under way
   */
  static CommittedListing start(Path directory) {
    CommittedListing l = new CommittedListing(directory);
    Thread t = new Thread(l.task, "konflux-native-listing");
    t.setDaemon(true);
    t.start();
    return l;
  }

  /**
   * @return the listing, waiting for it if it is still under way; listed here if the thread was
   *     stopped or this thread is interrupted while waiting
   */
  Found get() {
    if (!stopped) {
      try {
        return task.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException e) {
        // list() handles I/O failures itself: anything else is a bug, reported as it was
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException("listing " + directory + " failed", e.getCause());
      }
    }
    return list(directory, () -> false);
  }

  /** Stops the listing at its next file, if nobody is going to use it. */
  void stop() {
    stopped = true;
  }

  /**
   * Lists a directory without following links: a file below a linked directory is never reached. A
   * directory that cannot be listed is logged and its files are left out, as if absent.
   */
  static Found list(Path directory, java.util.function.BooleanSupplier stop) {
    List<Listed> out = new ArrayList<>();
    // Every file the walk meets is below the directory: its path relative to it is the rest of
    // its text (Path.relativize per file was a tenth of listing 50,000 files).
    String prefix = directory.toString().endsWith("/") ? directory.toString() : directory + "/";
    boolean slashes = directory.getFileSystem().getSeparator().equals("/");
    try {
      Files.walkFileTree(
          directory,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
              if (attrs.isRegularFile()) {
                String full = p.toString();
                String rel =
                    slashes && full.startsWith(prefix)
                        ? full.substring(prefix.length())
                        : directory
                            .relativize(p)
                            .toString()
                            .replace(p.getFileSystem().getSeparator(), "/");
                out.add(new Listed(rel, attrs.size()));
              }
              return stop.getAsBoolean() ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      LOG.warn("cannot list the committed output {}: {}", directory, e.getMessage());
    }
    // On every core: sorting 50,000 paths was half of listing them (JFR of an update).
    Listed[] sorted = out.toArray(new Listed[0]);
    Arrays.parallelSort(sorted, Comparator.comparing(Listed::path));
    String[] paths = new String[sorted.length];
    long[] sizes = new long[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      paths[i] = sorted[i].path();
      sizes[i] = sorted[i].size();
    }
    return new Found(paths, sizes);
  }

  /** A file met by the listing: its path in the output and its size. */
  private record Listed(String path, long size) {}
}
