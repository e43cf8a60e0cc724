package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.VerifiedArtifact;
import java.nio.file.Path;
import java.util.List;

/**
 * One release's (or one kept plan's) work for one target, a file at a time: {@link #plan} each
 * supported artifact, {@link #write} planned files, then {@link #writeIndex} over the written
 * files. A release calls them in that order for every file into staging; a server keeping a {@link
 * dev.konflux.ecosystem.api.ReleasePlan} calls {@link #write} for the file a client asks for, and
 * {@link #writeIndex} when it needs the index. On failure the orchestration abandons the session
 * and deletes what it wrote; a session needs no rollback of its own.
 *
 * <p>Sessions may be called from one thread at a time; {@link #write} of different files may be
 * called in any order, and more than once for the same file (each call writes it again).
 */
public interface TargetSession {

  /**
   * Plans the files an artifact becomes, reading only what that needs (an RPM's header: a bounded
   * prefix of its layer, not its payload). When {@link TargetContext#writesEveryFile()} is true,
   * every planned file will be written right after this call, and a target may do the writing work
   * here so each layer is read once.
   *
   * @param artifact the verified artifact, with its evidence and SBOMs
   * @param blobs opens the artifact's layers and referrer blobs as verifying streams
   * @return the planned files (paths relative to {@code OUT/<ecosystem>})
   * @throws KonfluxNativeException if the artifact is invalid or cannot be read
   */
  List<PlannedFile> plan(VerifiedArtifact artifact, BlobReader blobs) throws KonfluxNativeException;

  /**
   * Writes exactly one planned file, reading only that file's layer(s).
   *
   * @param file a file this session planned
   * @param blobs the blob reader of the artifact it was planned from
   * @param destination the file to write (its parent exists; it may exist and is then replaced)
   * @return the written file, its path being the planned path
   * @throws KonfluxNativeException if reading, checking or writing fails
   */
  ProducedFile write(PlannedFile file, BlobReader blobs, Path destination)
      throws KonfluxNativeException;

  /**
   * Writes what spans files (repository metadata, indexes, published keys, signatures of metadata)
   * for a set of written files, carrying over what an earlier release committed ({@link
   * TargetContext#committed()}) where the ecosystem adds to it.
   *
   * @param files files this session wrote, at their paths below {@code out.directory()}
   * @param out where to write; holds the written files (carried-over files are read through {@link
   *     IndexOutput#location})
   * @return every other file of the new output: index files with {@code derivedFrom}, and
   *     carried-over files with their committed records. The order is the order in which an update
   *     publishes the files into a committed output ({@link IndexOutput#keptInPlace()}), after the
   *     files of {@code files}: list an index file after the files it names (for example {@code
   *     repomd.xml} after the metadata files), so that a reader never finds an index naming a file
   *     that is not there yet
   * @throws KonfluxNativeException if that fails
   */
  List<ProducedFile> writeIndex(List<ProducedFile> files, IndexOutput out)
      throws KonfluxNativeException;

  /**
   * What this session found checking what it published (for example Maven Central readiness per
   * {@code groupId:artifactId:version}), recorded in {@code release.json}. Called once after {@link
   * #writeIndex} in a release; a kept plan never calls it.
   *
   * @return the reports, in a stable order; empty by default
   */
  default List<dev.konflux.ecosystem.api.TargetReport> reports() {
    return List.of();
  }
}
