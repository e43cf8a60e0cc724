package dev.konflux.ecosystem.testkit;

import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.MediaTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Builds the Component Build Artifact a Konflux RPM build pushes: artifactType {@code
 * application/vnd.rpm.build.v0}, one layer per file titled with its relative path ({@code
 * x86_64/foo-1.0-1.x86_64.rpm}, {@code src/foo-1.0-1.src.rpm}), RPMs as {@code application/x-rpm},
 * logs as {@code text/plain}, and optionally a generated Koji content-generator {@code
 * cg_import.json} describing those files.
 *
 * <p>Layers are written sorted by title (with {@code cg_import.json} last), so the same files give
 * the same manifest digest whatever order they were added in.
 *
 * <pre>{@code
 * StoredArtifact a = RpmBuildArtifact.create()
 *     .addRpm(Path.of("foo-1.0-1.x86_64.rpm"))
 *     .addRpm(Path.of("foo-1.0-1.src.rpm"))
 *     .addLog(Path.of("build.log"), "x86_64/build.log")
 *     .withCgImport()
 *     .tag("foo-1.0-1")
 *     .writeTo(store);
 * }</pre>
 */
public final class RpmBuildArtifact {

  /** Title of the generated content-generator metadata layer. */
  public static final String CG_IMPORT_TITLE = "cg_import.json";

  private final List<BuildFile> files = new ArrayList<>();
  private final Map<String, String> annotations = new TreeMap<>();
  private @Nullable String name;
  private @Nullable String version;
  private @Nullable String release;
  private @Nullable Integer epoch;
  private boolean cgImport;
  private Instant buildTime = KojiImportMetadata.DEFAULT_BUILD_TIME;
  private @Nullable String tag;

  private RpmBuildArtifact() {}

  /**
   * @return an empty RPM build artifact
   */
  public static RpmBuildArtifact create() {
    return new RpmBuildArtifact();
  }

  /**
   * Adds an RPM titled {@code <arch>/<file name>}, the architecture taken from the file name
   * ({@code foo-1.0-1.x86_64.rpm} → {@code x86_64/}, {@code foo-1.0-1.src.rpm} → {@code src/}).
   *
   * @param rpm an RPM file
   * @return this
   */
  public RpmBuildArtifact addRpm(Path rpm) {
    String fileName = rpm.getFileName().toString();
    return addRpm(rpm, RpmFileName.parse(fileName).arch() + "/" + fileName);
  }

  /**
   * @param rpm an RPM file
   * @param title the layer title (relative path)
   * @return this
   */
  public RpmBuildArtifact addRpm(Path rpm, String title) {
    return addFile(rpm, title, MediaTypes.RPM, "rpm");
  }

  /**
   * @param log a build log
   * @param title the layer title, e.g. {@code x86_64/build.log}; its first directory names the
   *     architecture in {@code cg_import.json} ({@code noarch} when there is none)
   * @return this
   */
  public RpmBuildArtifact addLog(Path log, String title) {
    return addFile(log, title, "text/plain", "log");
  }

  /**
   * Adds any file as a layer (it is not listed in {@code cg_import.json}).
   *
   * @param file the file
   * @param title the layer title
   * @param mediaType the layer media type
   * @return this
   */
  public RpmBuildArtifact addOther(Path file, String title, String mediaType) {
    return addFile(file, title, mediaType, null);
  }

  private RpmBuildArtifact addFile(
      Path file, String title, String mediaType, @Nullable String cgType) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(title, "title");
    if (files.stream().anyMatch(f -> f.title().equals(title))) {
      throw new IllegalArgumentException("two layers titled " + title);
    }
    files.add(new BuildFile(file, title, mediaType, cgType));
    return this;
  }

  /**
   * Sets the build's name, version and release for {@code cg_import.json}. When not set they are
   * taken from the source RPM's file name (or the first RPM's).
   *
   * @param name package name
   * @param version version
   * @param release release
   * @return this
   */
  public RpmBuildArtifact nvr(String name, String version, String release) {
    this.name = name;
    this.version = version;
    this.release = release;
    return this;
  }

  /**
   * @param epoch the build epoch, or {@code null} for none
   * @return this
   */
  public RpmBuildArtifact epoch(Integer epoch) {
    this.epoch = epoch;
    return this;
  }

  /**
   * @return this, with a generated {@code cg_import.json} layer
   */
  public RpmBuildArtifact withCgImport() {
    this.cgImport = true;
    return this;
  }

  /**
   * @param time start and end time written into {@code cg_import.json} (fixed by default so output
   *     is reproducible)
   * @return this
   */
  public RpmBuildArtifact buildTime(Instant time) {
    this.buildTime = Objects.requireNonNull(time, "time");
    return this;
  }

  /**
   * @param tag the tag to store the manifest under, or {@code null} for none
   * @return this
   */
  public RpmBuildArtifact tag(String tag) {
    this.tag = tag;
    return this;
  }

  /**
   * @param key a manifest annotation key
   * @param value its value
   * @return this
   */
  public RpmBuildArtifact annotation(String key, String value) {
    annotations.put(key, value);
    return this;
  }

  /**
   * Streams every file into the store as a blob, then writes the manifest.
   *
   * @param store where to write
   * @return the stored manifest, with its layers
   * @throws IOException if a file cannot be read or the store fails
   */
  public StoredArtifact writeTo(ArtifactStore store) throws IOException {
    if (files.isEmpty()) {
      throw new IllegalStateException("an RPM build artifact needs at least one file");
    }
    List<BuildFile> sorted = new ArrayList<>(files);
    sorted.sort(Comparator.comparing(BuildFile::title));
    ArtifactManifest manifest =
        ArtifactManifest.of(MediaTypes.ARTIFACT_RPM_BUILD).annotations(annotations);
    List<KojiImportMetadata.Output> outputs = new ArrayList<>();
    for (BuildFile f : sorted) {
      Descriptor blob = store.putBlob(f.mediaType(), f.file());
      manifest.layer(titled(blob, f.title()));
      if (f.cgType() != null) {
        outputs.add(
            new KojiImportMetadata.Output(
                baseName(f.title()), archOf(f), blob.digest().hex(), blob.size(), f.cgType()));
      }
    }
    if (cgImport) {
      byte[] json = cgImportMetadata(outputs).toBytes();
      Descriptor blob = store.putBlob("application/json", json);
      manifest.layer(titled(blob, CG_IMPORT_TITLE));
    }
    return manifest.storeIn(store, tag);
  }

  private KojiImportMetadata cgImportMetadata(List<KojiImportMetadata.Output> outputs) {
    String n = name;
    String v = version;
    String r = release;
    if (n == null || v == null || r == null) {
      RpmFileName from =
          files.stream()
              .filter(f -> "rpm".equals(f.cgType()))
              .map(f -> f.file().getFileName().toString())
              // The source RPM names the build; else the first file name, so add order does not
              // matter.
              .min(
                  Comparator.comparing((String f) -> !f.endsWith(".src.rpm")).thenComparing(f -> f))
              .map(RpmFileName::parse)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "cg_import.json needs nvr(...) or at least one RPM to take it from"));
      n = from.name();
      v = from.version();
      r = from.release();
    }
    return new KojiImportMetadata(n, v, r, epoch, buildTime, outputs);
  }

  private static Descriptor titled(Descriptor blob, String title) {
    return new Descriptor(
        blob.mediaType(),
        blob.digest(),
        blob.size(),
        null,
        Map.of(MediaTypes.ANNOTATION_TITLE, title));
  }

  private static String baseName(String title) {
    return title.substring(title.lastIndexOf('/') + 1);
  }

  private static String archOf(BuildFile f) {
    if ("rpm".equals(f.cgType())) {
      return RpmFileName.parse(baseName(f.title())).arch();
    }
    int slash = f.title().indexOf('/');
    return slash > 0 ? f.title().substring(0, slash) : "noarch";
  }

  private record BuildFile(Path file, String title, String mediaType, @Nullable String cgType) {
    BuildFile {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("not a file: " + file);
      }
    }
  }
}
