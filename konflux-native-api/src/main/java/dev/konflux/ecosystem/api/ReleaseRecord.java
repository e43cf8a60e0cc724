package dev.konflux.ecosystem.api;

import dev.konflux.ecosystem.internal.io.BoundedReader;
import dev.konflux.ecosystem.internal.release.LazyList;
import dev.konflux.ecosystem.internal.release.ReleaseRecordJson;
import dev.konflux.ecosystem.internal.release.SpilledList;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a release produced and from what: the content of {@code release.json}.
 *
 * @param schemaVersion the record format version (1)
 * @param application the application name
 * @param releaseTime the time stamped into signatures and metadata
 * @param inputFingerprint SHA-256 over the resolved inputs and options; equal fingerprints mean the
 *     same release
 * @param components every component with its resolved digests
 * @param verificationSkipped whether the caller opted out of verification
 * @param decisions every verification decision, per component, in order
 * @param files every file committed by this release
 * @param reports what targets found checking what this release published ({@link TargetReport}: the
 *     Maven target's Central readiness per {@code groupId:artifactId:version}); empty when no
 *     target reports anything
 */
public record ReleaseRecord(
    int schemaVersion,
    String application,
    Instant releaseTime,
    String inputFingerprint,
    List<ComponentEntry> components,
    boolean verificationSkipped,
    List<VerificationDecision> decisions,
    List<FileEntry> files,
    List<TargetReport> reports) {

  /** Current {@link #schemaVersion()}. */
  public static final int SCHEMA_VERSION = 1;

  /**
   * Validates and copies.
   *
   * @param schemaVersion the record format version (1)
   * @param application the application name
   * @param releaseTime the time stamped into signatures and metadata
   * @param inputFingerprint SHA-256 over the resolved inputs and options; equal fingerprints mean
   *     the same release
   * @param components every component with its resolved digests
   * @param verificationSkipped whether the caller opted out of verification
   * @param decisions every verification decision, per component, in order
   * @param files every file committed by this release
   * @param reports what targets found checking what this release published
   */
  public ReleaseRecord {
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(releaseTime, "releaseTime");
    Objects.requireNonNull(inputFingerprint, "inputFingerprint");
    components = List.copyOf(components);
    decisions = List.copyOf(decisions);
    // A record read from or written to release.json keeps its files in a temporary file (an
    // immutable list): 50,000 entries are not copied onto the heap.
    // A no-op rerun's record reads its files and reports from release.json on first use.
    files =
        files instanceof SpilledList<?> || files instanceof LazyList<?>
            ? files
            : List.copyOf(files);
    reports =
        reports == null
            ? List.of()
            : reports instanceof LazyList<?> ? reports : List.copyOf(reports);
  }

  /**
   * A record without target reports.
   *
   * @param schemaVersion the record format version (1)
   * @param application the application name
   * @param releaseTime the time stamped into signatures and metadata
   * @param inputFingerprint SHA-256 over the resolved inputs and options
   * @param components every component with its resolved digests
   * @param verificationSkipped whether the caller opted out of verification
   * @param decisions every verification decision, per component, in order
   * @param files every file committed by this release
   */
  public ReleaseRecord(
      int schemaVersion,
      String application,
      Instant releaseTime,
      String inputFingerprint,
      List<ComponentEntry> components,
      boolean verificationSkipped,
      List<VerificationDecision> decisions,
      List<FileEntry> files) {
    this(
        schemaVersion,
        application,
        releaseTime,
        inputFingerprint,
        components,
        verificationSkipped,
        decisions,
        files,
        List.of());
  }

  /** Largest {@code release.json} {@link #read(InputStream)} accepts, in bytes. */
  public static final int MAX_JSON_BYTES = 256 * 1024 * 1024;

  /**
   * Reads a {@code release.json}, for example one a release wrote into its output directory.
   *
   * @param in the JSON document (not closed)
   * @return the record
   * @throws InvalidInputException if it is not a release record or is larger than {@link
   *     #MAX_JSON_BYTES}
   * @throws IOException if reading fails
   */
  public static ReleaseRecord read(InputStream in) throws InvalidInputException, IOException {
    try {
      return ReleaseRecordJson.read(BoundedReader.limited(in, MAX_JSON_BYTES, "release.json"));
    } catch (BoundedReader.LimitExceededException e) {
      throw new InvalidInputException(String.valueOf(e.getMessage()));
    }
  }

  /**
   * Writes this record as {@code release.json} writes it (UTF-8 JSON, stable field order).
   *
   * @param out where to write (not closed)
   * @throws IOException if writing fails
   */
  public void write(OutputStream out) throws IOException {
    ReleaseRecordJson.write(this, out);
  }

  /**
   * A released component.
   *
   * @param name the component name
   * @param reference the reference it was resolved from
   * @param rootDigest the digest the reference resolved to
   * @param artifacts its manifests and the ecosystem each went to
   */
  public record ComponentEntry(
      String name, String reference, Digest rootDigest, List<ArtifactEntry> artifacts) {
    /**
     * Copies.
     *
     * @param name the component name
     * @param reference the reference it was resolved from
     * @param rootDigest the digest the reference resolved to
     * @param artifacts its manifests and the ecosystem each went to
     */
    public ComponentEntry {
      artifacts = List.copyOf(artifacts);
    }
  }

  /**
   * One manifest of a component.
   *
   * @param manifestDigest the manifest digest
   * @param artifactType its artifact type
   * @param ecosystem the target that translated it
   */
  public record ArtifactEntry(Digest manifestDigest, String artifactType, String ecosystem) {}

  /**
   * A committed file.
   *
   * @param path its path relative to the output directory
   * @param ecosystem the target that wrote it
   * @param sha256 its SHA-256
   * @param size its size
   * @param origins the artifact content it was made from (layers, archive entries)
   * @param derivedFrom for files derived from other files (metadata, indexes, signatures, keys):
   *     the paths (relative to the output directory) of those files, or {@code key:<fingerprint>}
   */
  public record FileEntry(
      String path,
      String ecosystem,
      Digest sha256,
      long size,
      List<dev.konflux.ecosystem.spi.FileOrigin> origins,
      List<String> derivedFrom) {
    /**
     * Copies.
     *
     * @param path its path relative to the output directory
     * @param ecosystem the target that wrote it
     * @param sha256 its SHA-256
     * @param size its size
     * @param origins the artifact content it was made from (layers, archive entries)
     * @param derivedFrom for files derived from other files (metadata, indexes, signatures, keys):
     *     the paths (relative to the output directory) of those files, or {@code key:<fingerprint>}
     */
    public FileEntry {
      origins = List.copyOf(origins);
      derivedFrom = derivedFrom == null ? List.of() : List.copyOf(derivedFrom);
    }

    /**
     * A file made from artifact content only.
     *
     * @param path the path
     * @param ecosystem the ecosystem
     * @param sha256 its SHA-256
     * @param size its size
     * @param origins its inputs
     */
    public FileEntry(
        String path,
        String ecosystem,
        Digest sha256,
        long size,
        List<dev.konflux.ecosystem.spi.FileOrigin> origins) {
      this(path, ecosystem, sha256, size, origins, List.of());
    }

    /**
     * @return whether the record says where the file came from (origins or derivedFrom)
     */
    public boolean hasOrigin() {
      return !origins.isEmpty() || !derivedFrom.isEmpty();
    }
  }
}
