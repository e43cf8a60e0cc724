package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import java.util.Set;

/**
 * Turns Konflux artifacts into one ecosystem's native distribution (a yum repository, a Python
 * index, a Maven repository). Found with {@link java.util.ServiceLoader}: the orchestration asks
 * every target whether it {@link #supports} an artifact and fails with an {@link
 * dev.konflux.ecosystem.api.InvalidInputException} naming the artifactType when none does. When
 * several targets support an artifact, the one with the highest {@link #priority()} takes it; two
 * at the same highest priority are an error naming both.
 *
 * <p>A release opens one {@link TargetSession} per target that has work, plans every supported
 * artifact of every component, writes each planned file into staging, then writes the index; the
 * orchestration moves staging into {@code OUT/<ecosystem>} when the whole release succeeded.
 */
public interface EcosystemTarget {

  /**
   * @return the ecosystem name, also its output subdirectory: {@code rpm}, {@code pypi}, {@code
   *     maven}
   */
  String ecosystem();

  /**
   * @return this target's priority when several support one artifact: the highest wins; the
   *     built-in targets use 0, a target meant to replace one uses a higher number
   */
  default int priority() {
    return 0;
  }

  /**
   * The option keys this target reads from {@link TargetContext#options()}, each prefixed with the
   * ecosystem (e.g. {@code rpm.architectures}). A release refuses an option that no installed
   * target declares, so a misspelt key fails instead of being ignored; a target that reads options
   * must therefore list every one of them here.
   *
   * @return the option keys; empty (the default) for a target without options
   */
  default Set<String> optionKeys() {
    return Set.of();
  }

  /**
   * @param artifact a resolved artifact
   * @return whether this target translates it (judged by artifactType and layer media types)
   */
  boolean supports(ComponentArtifact artifact);

  /**
   * Starts a translation session.
   *
   * @param context the staging directory, keys, options and reporting for this release
   * @return a session
   * @throws KonfluxNativeException if the target cannot start (e.g. a required key is missing)
   */
  TargetSession open(TargetContext context) throws KonfluxNativeException;
}
