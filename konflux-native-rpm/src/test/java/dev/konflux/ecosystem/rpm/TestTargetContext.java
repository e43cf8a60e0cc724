package dev.konflux.ecosystem.rpm;

import dev.konflux.ecosystem.api.ReleaseListener;
import dev.konflux.ecosystem.spi.CommittedOutput;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import dev.konflux.ecosystem.spi.ProducedFile;
import dev.konflux.ecosystem.spi.SigstoreSigner;
import dev.konflux.ecosystem.spi.TargetContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link TargetContext} for tests: a staging directory that {@link TestSession} writes into, a
 * work directory beside it, and the files reported so far.
 */
public final class TestTargetContext implements TargetContext {
  private final Path staging;
  private final OpenPgpSigner key;
  private final Map<String, String> options;
  private final List<ProducedFile> produced = new ArrayList<>();
  private Path currentOutput;
  private boolean writesEveryFile = true;

  /**
   * @param staging staging directory
   * @param key signing key or null
   * @param options options
   */
  public TestTargetContext(Path staging, OpenPgpSigner key, Map<String, String> options) {
    this.staging = staging;
    this.key = key;
    this.options = options;
  }

  /**
   * @return the directory standing for {@code OUT/rpm}
   */
  public Path stagingDirectory() {
    return staging;
  }

  @Override
  public Path workDirectory() {
    return staging.resolveSibling("." + staging.getFileName() + ".work");
  }

  @Override
  public boolean writesEveryFile() {
    return writesEveryFile;
  }

  /**
   * @return this, as a kept plan's context (plan reads only what it must)
   */
  public TestTargetContext onDemand() {
    this.writesEveryFile = false;
    return this;
  }

  @Override
  public Optional<CommittedOutput> committed() {
    return Optional.ofNullable(currentOutput).map(TestCommittedOutput::new);
  }

  /**
   * @param dir the committed output of an earlier release
   * @return this
   */
  public TestTargetContext withCurrentOutput(Path dir) {
    this.currentOutput = dir;
    return this;
  }

  @Override
  public Optional<OpenPgpSigner> openPgpSigner() {
    return Optional.ofNullable(key);
  }

  @Override
  public Optional<SigstoreSigner> sigstoreSigner() {
    return Optional.empty();
  }

  @Override
  public Map<String, String> options() {
    return options;
  }

  @Override
  public Instant releaseTime() {
    return Instant.parse("2026-11-22T12:00:00Z");
  }

  /**
   * @param file a file the session wrote or indexed
   */
  synchronized void record(ProducedFile file) {
    produced.add(file);
  }

  @Override
  public ReleaseListener listener() {
    return ReleaseListener.NONE;
  }

  /**
   * @return the files reported so far
   */
  public synchronized List<ProducedFile> produced() {
    return List.copyOf(produced);
  }
}
