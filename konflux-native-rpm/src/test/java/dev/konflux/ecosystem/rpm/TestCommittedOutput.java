package dev.konflux.ecosystem.rpm;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.spi.CommittedOutput;
import dev.konflux.ecosystem.spi.IndexOutput;
import dev.konflux.ecosystem.spi.ProducedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A committed output without a release record: every file is hashed when carried over. */
final class TestCommittedOutput implements CommittedOutput {
  private final Path dir;

  TestCommittedOutput(Path dir) {
    this.dir = dir;
  }

  private record E(String path, Path location) implements Entry {
    @Override
    public ProducedFile file() {
      return null;
    }
  }

  @Override
  public Path directory() {
    return dir;
  }

  @Override
  public Map<String, Entry> files() {
    Map<String, Entry> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .forEach(
              p -> {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                out.put(rel, new E(rel, p));
              });
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  @Override
  public Optional<Entry> file(String path) {
    return Optional.ofNullable(files().get(path));
  }

  @Override
  public ProducedFile carryOver(String path, IndexOutput out) throws KonfluxNativeException {
    try {
      Path target = out.resolve(path);
      Files.createLink(target, dir.resolve(path));
      return new ProducedFile(
          path,
          Digest.sha256Of(Files.readAllBytes(target)),
          Files.size(target),
          List.of(),
          List.of("committed:" + path));
    } catch (IOException e) {
      throw new OutputException("carry over " + path, e);
    }
  }
}
