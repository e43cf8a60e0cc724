package dev.konflux.ecosystem.internal.release;

import org.jspecify.annotations.Nullable;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.OpenPgpSigningKey;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.ReleaseEvent;
import dev.konflux.ecosystem.api.ReleaseListener;
import dev.konflux.ecosystem.api.ReleaseRecord;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.spi.ProducedFile;
import dev.konflux.ecosystem.spi.TargetContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The orchestration's side of a target session: staging paths, settings and file records. */
final class TargetContextImpl implements TargetContext {
  private final String ecosystem;
  private final Path staging;
  private final Path current;
  private final Translator config;
  private final Instant releaseTime;
  private final Events events;
  private final Map<String, ProducedFile> produced = new TreeMap<>();

  TargetContextImpl(String ecosystem, Path staging, Path current, Translator config, Instant releaseTime, Events events) {
    this.ecosystem = ecosystem;
    this.staging = staging;
    this.current = current;
    this.config = config;
    this.releaseTime = releaseTime;
    this.events = events;
  }

  @Override
  public Path stagingDirectory() {
    return staging;
  }

  @Override
  public Optional<Path> currentOutput() {
    return Files.isDirectory(current) ? Optional.of(current) : Optional.empty();
  }

  @Override
  public Optional<OpenPgpSigningKey> signingKey() {
    return config.signingKey();
  }

  @Override
  public Map<String, String> options() {
    return config.options();
  }

  @Override
  public Instant releaseTime() {
    return releaseTime;
  }

  @Override
  public void produced(@Nullable String component, ProducedFile file) {
    Path resolved = staging.resolve(file.path()).normalize();
    if (file.path().startsWith("/") || file.path().contains("\\") || !resolved.startsWith(staging)
        || !resolved.equals(staging.resolve(file.path()))) {
      throw new IllegalArgumentException("target " + ecosystem + " reported a path outside its staging area: " + file.path());
    }
    produced.put(file.path(), file);
    events.emit(new ReleaseEvent.FileProduced(component, ecosystem, ecosystem + "/" + file.path(), file.size()));
  }

  @Override
  public ReleaseListener listener() {
    return events.asListener();
  }

  /**
   * Every regular file in staging, with reported metadata where the target gave it and a fresh
   * hash where it did not.
   */
  List<ReleaseRecord.FileEntry> recordedFiles() throws OutputException {
    List<ReleaseRecord.FileEntry> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(staging)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
        String rel = staging.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
        ProducedFile f = produced.get(rel);
        long size = Files.size(p);
        if (f != null && f.size() == size) {
          out.add(new ReleaseRecord.FileEntry(ecosystem + "/" + rel, ecosystem, f.sha256(), size, f.origins()));
        } else {
          out.add(new ReleaseRecord.FileEntry(ecosystem + "/" + rel, ecosystem, sha256(p), size, List.of()));
        }
      }
    } catch (IOException e) {
      throw new OutputException("cannot list staged files of " + ecosystem + ": " + e.getMessage(), e);
    }
    for (String reported : produced.keySet()) {
      if (!Files.isRegularFile(staging.resolve(reported))) {
        throw new IllegalStateException("target " + ecosystem + " reported " + reported + " but did not write it");
      }
    }
    return out;
  }

  static Digest sha256(Path p) throws IOException {
    MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
    byte[] buf = new byte[256 * 1024];
    try (InputStream in = Files.newInputStream(p)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return Digest.sha256(md.digest());
  }
}
