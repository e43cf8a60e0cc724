package dev.konflux.ecosystem.internal.release;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.ReleasePlan;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.api.VerifiedArtifact;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.ProducedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A kept plan: the resolved, verified components with their open sources and target sessions. */
final class ReleasePlanImpl implements ReleasePlan {

  /** A planned file with the reader of its artifact's source and the session that planned it. */
  record Item(Entry entry, BlobReader blobs, ReleaseRun.Session session) {}

  private final Instant releaseTime;
  private final String fingerprint;
  private final List<ReleaseRun.Planned> components;
  private final Map<String, Item> items = new LinkedHashMap<>();
  private final Map<String, ReleaseRun.Session> sessions;
  private final Path work;
  private boolean closed;

  ReleasePlanImpl(
      Instant releaseTime,
      String fingerprint,
      List<ReleaseRun.Planned> components,
      List<Item> items,
      Map<String, ReleaseRun.Session> sessions,
      Path work) {
    this.releaseTime = releaseTime;
    this.fingerprint = fingerprint;
    this.components = List.copyOf(components);
    items.forEach(i -> this.items.put(i.entry().outputPath(), i));
    this.sessions = Map.copyOf(sessions);
    this.work = work;
  }

  @Override
  public Instant releaseTime() {
    return releaseTime;
  }

  @Override
  public String inputFingerprint() {
    return fingerprint;
  }

  @Override
  public List<VerifiedArtifact> artifacts() {
    return components.stream().flatMap(c -> c.artifacts().stream()).toList();
  }

  @Override
  public List<VerificationDecision> decisions() {
    return components.stream().flatMap(c -> c.decisions().stream()).toList();
  }

  @Override
  public List<Entry> files() {
    return items.values().stream().map(Item::entry).toList();
  }

  @Override
  public Optional<Entry> file(String outputPath) {
    return Optional.ofNullable(items.get(outputPath)).map(Item::entry);
  }

  @Override
  public ProducedFile write(String outputPath, Path destination) throws KonfluxNativeException {
    checkOpen();
    Item item = items.get(outputPath);
    if (item == null) {
      throw new InvalidInputException("the plan has no file " + outputPath);
    }
    try {
      Path parent = destination.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new OutputException(
          "cannot create the directory of " + destination + ": " + e.getMessage(), e);
    }
    return item.session().session.write(item.entry().file(), item.blobs(), destination);
  }

  @Override
  public List<ProducedFile> writeIndex(String ecosystem, List<ProducedFile> files, Path directory)
      throws KonfluxNativeException {
    checkOpen();
    ReleaseRun.Session s = sessions.get(ecosystem);
    if (s == null) {
      throw new InvalidInputException("the plan has no files of ecosystem " + ecosystem);
    }
    return s.session.writeIndex(files, new DirectoryIndexOutput(directory));
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the release plan is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ReleaseRun.Planned p : components) {
      p.source().close();
    }
    StagingArea.deleteTree(work);
  }
}
