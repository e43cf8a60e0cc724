package dev.konflux.ecosystem.testkit;

import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.MediaTypes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Builds the artifact a Konflux Python build pushes: artifactType {@code
 * application/vnd.python.wheels}, one layer per wheel ({@code *.whl}) or sdist ({@code *.tar.gz})
 * titled with the bare file name. Layers are sorted by title.
 *
 * <p>The layer media type defaults to {@value #DEFAULT_LAYER_MEDIA_TYPE}, which is what {@code oras
 * push} writes when no type is given; readers must go by the title, not the type.
 */
public final class PythonWheelsArtifact {

  /** Layer media type used when none is given: the {@code oras push} default. */
  public static final String DEFAULT_LAYER_MEDIA_TYPE = MediaTypes.OCI_LAYER_TAR;

  private final Map<String, Dist> dists = new TreeMap<>();
  private final Map<String, String> annotations = new TreeMap<>();
  private @Nullable String tag;

  private PythonWheelsArtifact() {}

  /**
   * @return an empty wheels artifact
   */
  public static PythonWheelsArtifact create() {
    return new PythonWheelsArtifact();
  }

  /**
   * @param dist a wheel or sdist; its file name becomes the title
   * @return this
   */
  public PythonWheelsArtifact add(Path dist) {
    return add(dist, DEFAULT_LAYER_MEDIA_TYPE);
  }

  /**
   * @param dist a wheel or sdist; its file name becomes the title
   * @param mediaType the layer media type
   * @return this
   */
  public PythonWheelsArtifact add(Path dist, String mediaType) {
    String title = dist.getFileName().toString();
    if (dists.putIfAbsent(title, new Dist(dist, Objects.requireNonNull(mediaType))) != null) {
      throw new IllegalArgumentException("two dists named " + title);
    }
    return this;
  }

  /**
   * @param tag tag for the manifest, or {@code null}
   * @return this
   */
  public PythonWheelsArtifact tag(String tag) {
    this.tag = tag;
    return this;
  }

  /**
   * @param key manifest annotation key
   * @param value its value
   * @return this
   */
  public PythonWheelsArtifact annotation(String key, String value) {
    annotations.put(key, value);
    return this;
  }

  /**
   * @param store where to write
   * @return the stored manifest
   * @throws IOException if a file cannot be read or the store fails
   */
  public StoredArtifact writeTo(ArtifactStore store) throws IOException {
    if (dists.isEmpty()) {
      throw new IllegalStateException("a wheels artifact needs at least one file");
    }
    ArtifactManifest manifest =
        ArtifactManifest.of(MediaTypes.ARTIFACT_PYTHON_WHEELS).annotations(annotations);
    for (Map.Entry<String, Dist> e : dists.entrySet()) {
      Descriptor blob = store.putBlob(e.getValue().mediaType(), e.getValue().file());
      manifest.layer(
          new Descriptor(
              blob.mediaType(),
              blob.digest(),
              blob.size(),
              null,
              Map.of(MediaTypes.ANNOTATION_TITLE, e.getKey())));
    }
    return manifest.storeIn(store, tag);
  }

  private record Dist(Path file, String mediaType) {}
}
