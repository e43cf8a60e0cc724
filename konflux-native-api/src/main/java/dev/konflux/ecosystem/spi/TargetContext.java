package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.ReleaseListener;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What the orchestration gives a {@link TargetSession}. */
public interface TargetContext {

  /**
   * @return a private scratch directory of the session, on the file system of the output (so files
   *     in it can be hard-linked to where {@link TargetSession#write} is asked to write); deleted
   *     by the orchestration when the release or the plan is closed
   */
  Path workDirectory();

  /**
   * @return whether every planned file is written right after planning (a release into staging);
   *     {@code false} for a plan kept to write files on request, where {@link TargetSession#plan}
   *     must read only what planning needs
   */
  boolean writesEveryFile();

  /**
   * @return what the previous release committed for this ecosystem, if anything: for carrying files
   *     over and merging indexes (incremental releases)
   */
  Optional<CommittedOutput> committed();

  /**
   * @return the release's OpenPGP signer (RPM headers, {@code repomd.xml.asc}, Maven {@code .asc}),
   *     if the caller configured one
   */
  Optional<OpenPgpSigner> openPgpSigner();

  /**
   * @return the release's Sigstore bundle signer (PEP 740, Maven {@code .sigstore.json}), if the
   *     caller configured one
   */
  Optional<SigstoreSigner> sigstoreSigner();

  /**
   * @return target options given by the caller, keys prefixed with the ecosystem name (for example
   *     {@code rpm.architectures}); each target documents its keys
   */
  Map<String, String> options();

  /**
   * @return the release time to stamp into signatures and metadata (fixed per release)
   */
  Instant releaseTime();

  /**
   * @return the release listener, for progress of long steps
   */
  ReleaseListener listener();
}
