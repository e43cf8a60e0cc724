package dev.konflux.ecosystem.spi;

import org.jspecify.annotations.Nullable;
import dev.konflux.ecosystem.api.OpenPgpSigningKey;
import dev.konflux.ecosystem.api.ReleaseListener;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What the orchestration gives a {@link TargetSession}. */
public interface TargetContext {

  /** @return an empty directory that will become {@code OUT/<ecosystem>} on success */
  Path stagingDirectory();

  /**
   * @return the currently committed {@code OUT/<ecosystem>} directory, if one exists; read it
   *     for incremental updates, never write to it
   */
  Optional<Path> currentOutput();

  /** @return the release's OpenPGP signing key, if the caller gave one */
  Optional<OpenPgpSigningKey> signingKey();

  /**
   * @return target options given by the caller, keys prefixed with the ecosystem name (for
   *     example {@code rpm.architectures}); each target documents its keys
   */
  Map<String, String> options();

  /** @return the release time to stamp into signatures and metadata (fixed per release) */
  Instant releaseTime();

  /**
   * Records a file the target wrote into the staging directory, for {@code release.json} and the
   * listener. Files left in staging without a report are still committed and recorded (hashed at
   * commit time), with no origin.
   *
   * @param component the component it belongs to, or {@code null} for repository-wide files
   * @param file the file
   */
  void produced(@Nullable String component, ProducedFile file);

  /** @return the release listener, for progress of long steps */
  ReleaseListener listener();
}
