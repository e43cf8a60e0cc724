package dev.konflux.ecosystem.internal.release;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.ReleaseListener;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.spi.CommittedOutput;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import dev.konflux.ecosystem.spi.SigstoreSigner;
import dev.konflux.ecosystem.spi.TargetContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The orchestration's side of a target session: scratch space, settings, the committed output. */
final class TargetContextImpl implements TargetContext {
  private final Path work;
  private final boolean writesEveryFile;
  private final @Nullable CommittedOutput committed;
  private final Translator config;
  private final Instant releaseTime;
  private final Events events;

  TargetContextImpl(
      Path work,
      boolean writesEveryFile,
      @Nullable CommittedOutput committed,
      Translator config,
      Instant releaseTime,
      Events events) {
    this.work = work;
    this.writesEveryFile = writesEveryFile;
    this.committed = committed;
    this.config = config;
    this.releaseTime = releaseTime;
    this.events = events;
  }

  @Override
  public Path workDirectory() {
    return work;
  }

  @Override
  public boolean writesEveryFile() {
    return writesEveryFile;
  }

  @Override
  public Optional<CommittedOutput> committed() {
    return Optional.ofNullable(committed);
  }

  @Override
  public Optional<OpenPgpSigner> openPgpSigner() {
    return config.openPgpSigner();
  }

  @Override
  public Optional<SigstoreSigner> sigstoreSigner() {
    return config.sigstoreSigner();
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
  public ReleaseListener listener() {
    return events.asListener();
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
