package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.KonfluxNativeException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What an earlier release committed for one ecosystem, for incremental releases: targets carry
 * files over from it (without hashing them again) and read its index files to merge them (RPM
 * repodata entries, Python project pages, {@code maven-metadata.xml}). Read only; never write to
 * {@link #directory()}.
 */
public interface CommittedOutput {

  /** A committed file as {@code release.json} records it. */
  interface Entry {
    /**
     * @return the path relative to {@code OUT/<ecosystem>}
     */
    String path();

    /**
     * @return the recorded file, with its digest, size, origins and derivedFrom, or {@code null}
     *     when {@code release.json} does not list it
     */
    @Nullable ProducedFile file();

    /**
     * @return the file in the committed output
     */
    Path location();
  }

  /**
   * @return the committed {@code OUT/<ecosystem>} directory
   */
  Path directory();

  /**
   * @return the committed files of this ecosystem by path (relative to {@code OUT/<ecosystem>});
   *     files {@code release.json} does not list (an output from before release records) are
   *     included with a digest computed when first asked for through {@link #carryOver}
   */
  Map<String, Entry> files();

  /**
   * @param path a path relative to {@code OUT/<ecosystem>}
   * @return the committed file, if it is a plain file inside the committed directory
   */
  Optional<Entry> file(String path);

  /**
   * Carries a committed file into the new output: a hard link (a copy where links are not possible)
   * at {@code out.resolve(path)}, keeping its modification time, recorded with its committed
   * digest, size and origins. The file is not hashed again when {@code release.json} recorded it
   * with the size it has. When {@code out} {@link IndexOutput#keptInPlace() keeps files in place}
   * the file is neither linked nor copied: it stays where it is, and {@link
   * IndexOutput#location(String)} names it.
   *
   * @param path the committed file's path
   * @param out where the new output is written
   * @return the carried-over file's record
   * @throws KonfluxNativeException if the file is not committed or cannot be linked or copied
   */
  ProducedFile carryOver(String path, IndexOutput out) throws KonfluxNativeException;

  /**
   * Carries over, as {@link #carryOver} does one at a time, every committed file that {@code
   * accept} takes and that {@code out} does not hold yet. With tens of thousands of files this is
   * the way to carry them: the implementation may read the record once in order instead of looking
   * every file up, and may keep the returned records on disk rather than on the heap. When {@code
   * out} {@link IndexOutput#keptInPlace() keeps files in place}, no file is linked or copied, and
   * none is looked at on disk beyond the one listing of the committed directory.
   *
   * @param accept which paths (relative to {@code OUT/<ecosystem>}) to carry over
   * @param out where the new output is written
   * @return the carried-over files' records, in the order of their paths; an unmodifiable list
   * @throws KonfluxNativeException if a file cannot be linked or copied
   */
  default List<ProducedFile> carryOverAll(Predicate<String> accept, IndexOutput out)
      throws KonfluxNativeException {
    List<ProducedFile> carried = new ArrayList<>();
    for (String path : files().keySet()) {
      if (accept.test(path)
          && !Files.exists(out.directory().resolve(path), LinkOption.NOFOLLOW_LINKS)) {
        carried.add(carryOver(path, out));
      }
    }
    return Collections.unmodifiableList(carried);
  }
}
