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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ecosystem of the committed output, with the records {@code release.json} keeps for its files.
 * A file the record lists with the size it still has is carried over with its recorded digest and
 * origins (the output directory is ours; {@code release.json} is written with it in one commit);
 * any other file is hashed when carried over.
 */
final class CommittedOutputImpl implements CommittedOutput {
  private static final Logger LOG = LoggerFactory.getLogger(CommittedOutputImpl.class);

  private record EntryImpl(String path, @Nullable ProducedFile recorded, Path location)
      implements Entry {
    @Override
    public @Nullable ProducedFile file() {
      return recorded;
    }
  }

  private final Path directory;
  private final Map<String, ProducedFile> recorded;
  private @Nullable Map<String, Entry> files;

  private CommittedOutputImpl(Path directory, Map<String, ProducedFile> recorded) {
    this.directory = directory;
    this.recorded = recorded;
  }

  /**
   * @param output the output directory
   * @param ecosystem the ecosystem
   * @param record the committed release record, or {@code null} if there is none (or unreadable)
   * @return the committed output of that ecosystem, or {@code null} if it has none
   */
  static @Nullable CommittedOutputImpl of(
      Path output, String ecosystem, @Nullable ReleaseRecord record) {
    Path dir = output.toAbsolutePath().normalize().resolve(ecosystem);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    Map<String, ProducedFile> recorded = new TreeMap<>();
    if (record != null) {
      String prefix = ecosystem + "/";
      for (ReleaseRecord.FileEntry f : record.files()) {
        if (f.path().startsWith(prefix)) {
          String rel = f.path().substring(prefix.length());
          recorded.put(
              rel,
              new ProducedFile(
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
                      .toList()));
        }
      }
    }
    return new CommittedOutputImpl(dir, recorded);
  }

  @Override
  public Path directory() {
    return directory;
  }

  @Override
  public synchronized Map<String, Entry> files() {
    if (files == null) {
      Map<String, Entry> out = new TreeMap<>();
      try (Stream<Path> walk = Files.walk(directory)) {
        for (Path p :
            (Iterable<Path>)
                walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).sorted()
                    ::iterator) {
          String rel =
              directory.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
          if (isBelowWithoutLinks(p)) {
            out.put(rel, new EntryImpl(rel, recorded.get(rel), p));
          }
        }
      } catch (IOException e) {
        LOG.warn("cannot list the committed output {}: {}", directory, e.getMessage());
      }
      files = Collections.unmodifiableMap(out);
    }
    return files;
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
      Path target = out.resolve(path);
      Files.deleteIfExists(target);
      try {
        Files.createLink(target, e.location());
      } catch (UnsupportedOperationException | FileSystemException ex) {
        Files.copy(e.location(), target, StandardCopyOption.COPY_ATTRIBUTES);
      }
      long size = Files.size(target);
      ProducedFile r = e.file();
      if (r != null && r.size() == size) {
        return r;
      }
      return new ProducedFile(
          path, TargetContextImpl.sha256(target), size, List.of(), List.of("committed:" + path));
    } catch (IOException ex) {
      throw new OutputException(
          "carrying over " + path + " from " + directory + " failed: " + ex.getMessage(), ex);
    }
  }

  private boolean isBelowWithoutLinks(Path file) {
    for (Path d = file.getParent(); d != null && !d.equals(directory); d = d.getParent()) {
      if (Files.isSymbolicLink(d)) {
        return false;
      }
    }
    return true;
  }
}
