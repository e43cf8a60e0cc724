package dev.konflux.ecosystem.rpm.internal.repodata;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.FutureTask;
import java.util.stream.Stream;

/**
 * Plans an update of a repository that already has metadata, like {@code createrepo_c --update}:
 * packages being added come with fresh entries; every other package file in the repository is
 * listed again from the existing metadata if it is unchanged (same size and modification time, or,
 * when asked, same SHA-256), and otherwise has to be read; entries whose file is gone are dropped.
 */
public final class RepositoryUpdate {

  /**
   * The outcome of planning.
   *
   * @param entries the entries to write: the added ones and the reused ones
   * @param toRead package files (locations) that are neither added nor reusable: read them with
   *     {@link PackageEntries#fromPackage} and add them to {@code entries}
   * @param reused locations listed again from the existing metadata
   * @param dropped locations of the existing metadata whose file no longer exists
   */
  public record Plan(
      List<PackageEntry> entries, List<String> toRead, List<String> reused, List<String> dropped) {
    /** Copies. */
    public Plan {
      entries = List.copyOf(entries);
      toRead = List.copyOf(toRead);
      reused = List.copyOf(reused);
      dropped = List.copyOf(dropped);
    }
  }

  private RepositoryUpdate() {}

  /**
   * @param previous the repository's current metadata
   * @param repositoryRoot the repository directory (package files already in place)
   * @param added entries for packages written by this release (they replace any old entry at the
   *     same location)
   * @param verifyChecksums whether an unchanged package must also hash to its recorded SHA-256
   *     (reads every kept package; without it size and modification time decide)
   * @return the plan
   * @throws IOException if the directory cannot be listed or a package read
   */
  public static Plan plan(
      ExistingRepodata previous,
      Path repositoryRoot,
      Collection<PackageEntry> added,
      boolean verifyChecksums)
      throws IOException {
    Map<String, PackageEntry> old = new HashMap<>();
    for (PackageEntry e : previous.packages()) {
      old.put(e.locationHref(), e);
    }
    Set<String> addedLocations = new HashSet<>();
    for (PackageEntry e : added) {
      addedLocations.add(e.locationHref());
    }
    List<PackageEntry> entries = new ArrayList<>(added);
    List<String> toRead = new ArrayList<>();
    List<String> reused = new ArrayList<>();
    Set<String> present = new HashSet<>();
    for (String href : packageFiles(repositoryRoot)) {
      present.add(href);
      if (addedLocations.contains(href)) {
        continue;
      }
      PackageEntry e = old.get(href);
      if (e != null && unchanged(repositoryRoot.resolve(href), e, verifyChecksums)) {
        entries.add(e);
        reused.add(href);
      } else {
        toRead.add(href);
      }
    }
    List<String> dropped = new ArrayList<>();
    for (String href : old.keySet()) {
      if (!present.contains(href)) {
        dropped.add(href);
      }
    }
    dropped.sort(null);
    return new Plan(entries, toRead, reused, dropped);
  }

  /**
   * The outcome of {@link #scan}: which committed records an update copies through.
   *
   * @param keep the positions (in the committed primary) of the records to copy unchanged
   * @param keptHrefs their locations, in file order
   * @param pkgIds every committed record's SHA-256, 32 bytes each, in file order (filelists and
   *     other must list the same packages in the same order)
   * @param records how many records the committed primary has
   * @param toRead package files (locations) that are neither added nor unchanged: read them and add
   *     them as new packages
   * @param dropped locations of committed records that are not kept (file gone, replaced by this
   *     release, changed, or listed twice)
   */
  public record Scan(
      BitSet keep,
      List<String> keptHrefs,
      byte[] pkgIds,
      int records,
      List<String> toRead,
      List<String> dropped) {}

  /**
   * Plans an update from the committed metadata without holding it: streams the committed primary
   * once and keeps, per package, only whether it is copied through. A record is kept when its file
   * is in the repository, not added by this release, and has the recorded size and modification
   * time; the first record of a location wins.
   *
   * @param reader reads the committed metadata (bounded, checksummed)
   * @param committed the repository's {@code repomd.xml}
   * @param committedRoot the directory the committed metadata is in
   * @param repositoryRoot the directory holding the package files the update keeps: the new
   *     repository (package files already in place), or the committed one when carried-over
   *     packages stay where they are (then the added packages, elsewhere, are left out by {@code
   *     addedLocations})
   * @param addedLocations locations of the packages this release writes
   * @return the plan
   * @throws InvalidInputException if the committed primary is malformed or does not match
   * @throws IOException if reading fails
   */
  public static Scan scan(
      ExistingRepodataReader reader,
      CommittedRepodata committed,
      Path committedRoot,
      Path repositoryRoot,
      Set<String> addedLocations)
      throws InvalidInputException, IOException {
    // The package files are listed on a thread of their own while the committed primary is read:
    // with 50,000 packages each is a few tenths of a second, and they need nothing of each other
    // until the records are compared with the files below.
    FutureTask<Map<String, long[]>> listing = new FutureTask<>(() -> packageStamps(repositoryRoot));
    Thread lister = new Thread(listing, "konflux-native-rpm-listing");
    lister.setDaemon(true);
    lister.start();
    List<Committed> records = new ArrayList<>();
    java.io.ByteArrayOutputStream pkgIds = new java.io.ByteArrayOutputStream();
    boolean scanned = false;
    try {
      reader.scanPrimary(
          committedRoot,
          committed.primary(),
          (index, facts) -> {
            if (index != records.size()) {
              throw new IllegalStateException("records out of order: " + index);
            }
            pkgIds.writeBytes(java.util.HexFormat.of().parseHex(facts.pkgId()));
            records.add(new Committed(facts.locationHref(), facts.packageSize(), facts.fileTime()));
          });
      scanned = true;
    } finally {
      if (!scanned) {
        listing.cancel(false); // a failed scan: the listing's result no longer matters
      }
    }
    Map<String, long[]> present;
    try {
      present = listing.get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException("listing " + repositoryRoot + " failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while listing " + repositoryRoot);
    }
    BitSet keep = new BitSet();
    List<String> keptHrefs = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    for (int index = 0; index < records.size(); index++) {
      Committed c = records.get(index);
      String href = c.href();
      long[] stamp = addedLocations.contains(href) ? null : present.get(href);
      if (stamp != null && stamp[0] == c.size() && stamp[1] == c.fileTime()) {
        present.remove(href);
        keep.set(index);
        keptHrefs.add(href);
      } else {
        dropped.add(href);
      }
    }
    List<String> toRead = new ArrayList<>();
    for (String href : present.keySet()) {
      if (!addedLocations.contains(href)) {
        toRead.add(href);
      }
    }
    toRead.sort(null);
    return new Scan(keep, keptHrefs, pkgIds.toByteArray(), records.size(), toRead, dropped);
  }

  /** A committed primary record as the comparison with the package files needs it. */
  private record Committed(String href, long size, long fileTime) {}

  /**
   * Package files under the root by location, each with its size and modification time (seconds);
   * hidden directories are skipped.
   */
  private static Map<String, long[]> packageStamps(Path root) throws IOException {
    Map<String, long[]> out = new HashMap<>();
    Files.walkFileTree(
        root,
        new java.nio.file.SimpleFileVisitor<>() {
          @Override
          public java.nio.file.FileVisitResult preVisitDirectory(
              Path dir, java.nio.file.attribute.BasicFileAttributes attrs) {
            return !dir.equals(root) && dir.getFileName().toString().startsWith(".")
                ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                : java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFile(
              Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
            String name = file.getFileName().toString();
            if (attrs.isRegularFile() && name.endsWith(".rpm") && !name.startsWith(".")) {
              String href =
                  root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
              out.put(
                  href,
                  new long[] {attrs.size(), attrs.lastModifiedTime().toInstant().getEpochSecond()});
            }
            return java.nio.file.FileVisitResult.CONTINUE;
          }
        });
    return out;
  }

  private static boolean unchanged(Path file, PackageEntry e, boolean verify) throws IOException {
    if (Files.size(file) != e.packageSize()) {
      return false;
    }
    if (!verify) {
      return Files.getLastModifiedTime(file).toInstant().getEpochSecond() == e.fileTime();
    }
    HashingOutputStream hash = new HashingOutputStream(java.io.OutputStream.nullOutputStream());
    try (InputStream in = Files.newInputStream(file)) {
      in.transferTo(hash);
    }
    Digest actual = hash.digest();
    return actual.equals(e.checksum());
  }

  /** Package files under the root, as sorted locations; hidden directories are skipped. */
  private static List<String> packageFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(".rpm") && Files.isRegularFile(p))
          .map(p -> root.relativize(p).toString().replace(java.io.File.separatorChar, '/'))
          .filter(href -> !href.startsWith(".") && !href.contains("/."))
          .sorted()
          .toList();
    }
  }
}
