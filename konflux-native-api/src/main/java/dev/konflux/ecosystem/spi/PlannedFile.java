package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.Digest;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * A file a target will write for an artifact, as {@link TargetSession#plan} announced it before
 * writing: enough for a server to list and route it, and for {@link TargetSession#write} to produce
 * it later.
 *
 * @param path the path relative to {@code OUT/<ecosystem>}, with {@code /} separators
 * @param component the component it belongs to
 * @param origins the inputs its content comes from (layer, archive entry)
 * @param size its size when known before writing (a file copied as is), else empty
 * @param sha256 its SHA-256 when known before writing, else {@code null}
 * @param handle the target's own data for writing it (opaque to the orchestration; for example the
 *     layer descriptor and the parsed header); may be {@code null}
 */
public record PlannedFile(
    String path,
    String component,
    List<FileOrigin> origins,
    OptionalLong size,
    @Nullable Digest sha256,
    Object handle) {

  /**
   * Validates and copies.
   *
   * @param path the path relative to {@code OUT/<ecosystem>}, with {@code /} separators
   * @param component the component it belongs to
   * @param origins the inputs its content comes from (layer, archive entry)
   * @param size its size when known before writing (a file copied as is), else empty
   * @param sha256 its SHA-256 when known before writing, else {@code null}
   * @param handle the target's own data for writing it (opaque to the orchestration; for example
   *     the layer descriptor and the parsed header); may be {@code null}
   */
  public PlannedFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(component, "component");
    origins = origins == null ? List.of() : List.copyOf(origins);
    size = size == null ? OptionalLong.empty() : size;
    if (path.isEmpty()
        || path.startsWith("/")
        || path.contains("\\")
        || path.contains("//")
        || List.of(path.split("/")).stream().anyMatch(s -> s.equals(".") || s.equals(".."))) {
      throw new IllegalArgumentException("planned path must be relative and normalised: " + path);
    }
    if (sha256 != null && !Digest.SHA256.equals(sha256.algorithm())) {
      throw new IllegalArgumentException("planned files are recorded with sha256");
    }
  }

  /**
   * @param handleType the type the target stored
   * @param <T> that type
   * @return the handle cast to it
   * @throws IllegalArgumentException if the file was planned by another target
   */
  public <T> T handle(Class<T> handleType) {
    if (!handleType.isInstance(handle)) {
      throw new IllegalArgumentException(
          "planned file " + path + " was not planned by this target");
    }
    return handleType.cast(handle);
  }
}
