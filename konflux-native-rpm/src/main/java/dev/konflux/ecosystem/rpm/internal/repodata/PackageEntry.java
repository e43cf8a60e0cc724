package dev.konflux.ecosystem.rpm.internal.repodata;

import dev.konflux.ecosystem.api.Digest;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything the repository metadata says about one package: what {@code primary.xml}, {@code
 * filelists.xml} and {@code other.xml} hold for it. Made from an RPM header (see {@link
 * PackageEntries#fromHeader}) or read back from existing metadata ({@link ExistingRepodataReader}).
 * Missing texts are empty strings, never {@code null}.
 *
 * @param name package name
 * @param arch architecture ({@code src} for source packages)
 * @param epoch epoch (0 if none)
 * @param version version
 * @param release release
 * @param checksum SHA-256 of the final package file; also the {@code pkgid}
 * @param summary summary
 * @param description description
 * @param packager packager
 * @param url upstream URL
 * @param fileTime modification time of the package file, seconds since the epoch
 * @param buildTime build time, seconds since the epoch
 * @param packageSize size of the package file in bytes
 * @param installedSize installed size in bytes
 * @param archiveSize payload archive size in bytes
 * @param locationHref path of the package relative to the repository root, {@code /} separated
 * @param license license
 * @param vendor vendor
 * @param group group
 * @param buildHost build host
 * @param sourceRpm source package file name (empty for source packages)
 * @param headerStart offset of the main header in the file
 * @param headerEnd offset just after the main header
 * @param dependencies dependency lists by kind, each in header order
 * @param files the owned paths in header order
 * @param changelogs changelog entries, oldest first (as {@code other.xml} lists them)
 */
public record PackageEntry(
    String name,
    String arch,
    long epoch,
    String version,
    String release,
    Digest checksum,
    String summary,
    String description,
    String packager,
    String url,
    long fileTime,
    long buildTime,
    long packageSize,
    long installedSize,
    long archiveSize,
    String locationHref,
    String license,
    String vendor,
    String group,
    String buildHost,
    String sourceRpm,
    long headerStart,
    long headerEnd,
    Map<DependencyKind, List<Dependency>> dependencies,
    List<PackageFile> files,
    List<ChangelogEntry> changelogs) {

  /** Validates and copies. */
  public PackageEntry {
    requireText(name, "name");
    requireText(arch, "arch");
    requireText(version, "version");
    requireText(release, "release");
    requireText(locationHref, "location href");
    Objects.requireNonNull(checksum, "checksum");
    if (!Digest.SHA256.equals(checksum.algorithm())) {
      throw new IllegalArgumentException("package checksum must be sha256");
    }
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch is negative");
    }
    summary = orEmpty(summary);
    description = orEmpty(description);
    packager = orEmpty(packager);
    url = orEmpty(url);
    license = orEmpty(license);
    vendor = orEmpty(vendor);
    group = orEmpty(group);
    buildHost = orEmpty(buildHost);
    sourceRpm = orEmpty(sourceRpm);
    EnumMap<DependencyKind, List<Dependency>> deps = new EnumMap<>(DependencyKind.class);
    for (DependencyKind kind : DependencyKind.values()) {
      List<Dependency> list = dependencies == null ? null : dependencies.get(kind);
      deps.put(kind, list == null ? List.of() : List.copyOf(list));
    }
    dependencies = java.util.Collections.unmodifiableMap(deps);
    files = files == null ? List.of() : List.copyOf(files);
    changelogs = changelogs == null ? List.of() : List.copyOf(changelogs);
  }

  /**
   * @param kind the dependency kind
   * @return that list, possibly empty
   */
  public List<Dependency> dependencies(DependencyKind kind) {
    return dependencies.getOrDefault(kind, List.of());
  }

  /**
   * @return the package id as repodata writes it (hex SHA-256 of the package file)
   */
  public String pkgId() {
    return checksum.hex();
  }

  /**
   * @return {@code name-[epoch:]version-release.arch}, for messages
   */
  public String nevra() {
    return name + "-" + (epoch == 0 ? "" : epoch + ":") + version + "-" + release + "." + arch;
  }

  /**
   * @return a builder holding this entry's values
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.arch = arch;
    b.epoch = epoch;
    b.version = version;
    b.release = release;
    b.checksum = checksum;
    b.summary = summary;
    b.description = description;
    b.packager = packager;
    b.url = url;
    b.fileTime = fileTime;
    b.buildTime = buildTime;
    b.packageSize = packageSize;
    b.installedSize = installedSize;
    b.archiveSize = archiveSize;
    b.locationHref = locationHref;
    b.license = license;
    b.vendor = vendor;
    b.group = group;
    b.buildHost = buildHost;
    b.sourceRpm = sourceRpm;
    b.headerStart = headerStart;
    b.headerEnd = headerEnd;
    b.dependencies.putAll(dependencies);
    b.files = files;
    b.changelogs = changelogs;
    return b;
  }

  /**
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("package " + what + " is missing");
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /** Collects the values of a {@link PackageEntry}. */
  public static final class Builder {
    private @Nullable String name;
    private @Nullable String arch;
    private long epoch;
    private @Nullable String version;
    private @Nullable String release;
    private @Nullable Digest checksum;
    private @Nullable String summary;
    private @Nullable String description;
    private @Nullable String packager;
    private @Nullable String url;
    private long fileTime;
    private long buildTime;
    private long packageSize;
    private long installedSize;
    private long archiveSize;
    private @Nullable String locationHref;
    private @Nullable String license;
    private @Nullable String vendor;
    private @Nullable String group;
    private @Nullable String buildHost;
    private @Nullable String sourceRpm;
    private long headerStart;
    private long headerEnd;
    private final Map<DependencyKind, List<Dependency>> dependencies =
        new EnumMap<>(DependencyKind.class);
    private List<PackageFile> files = List.of();
    private List<ChangelogEntry> changelogs = List.of();

    private Builder() {}

    /**
     * @param v name @return this
     */
    public Builder name(@Nullable String v) {
      name = v;
      return this;
    }

    /**
     * @param v arch @return this
     */
    public Builder arch(@Nullable String v) {
      arch = v;
      return this;
    }

    /**
     * @param v epoch @return this
     */
    public Builder epoch(long v) {
      epoch = v;
      return this;
    }

    /**
     * @param v version @return this
     */
    public Builder version(@Nullable String v) {
      version = v;
      return this;
    }

    /**
     * @param v release @return this
     */
    public Builder release(@Nullable String v) {
      release = v;
      return this;
    }

    /**
     * @param v SHA-256 of the package file @return this
     */
    public Builder checksum(@Nullable Digest v) {
      checksum = v;
      return this;
    }

    /**
     * @param v summary @return this
     */
    public Builder summary(@Nullable String v) {
      summary = v;
      return this;
    }

    /**
     * @param v description @return this
     */
    public Builder description(@Nullable String v) {
      description = v;
      return this;
    }

    /**
     * @param v packager @return this
     */
    public Builder packager(@Nullable String v) {
      packager = v;
      return this;
    }

    /**
     * @param v url @return this
     */
    public Builder url(@Nullable String v) {
      url = v;
      return this;
    }

    /**
     * @param v file time (s) @return this
     */
    public Builder fileTime(long v) {
      fileTime = v;
      return this;
    }

    /**
     * @param v build time (s) @return this
     */
    public Builder buildTime(long v) {
      buildTime = v;
      return this;
    }

    /**
     * @param v package file size @return this
     */
    public Builder packageSize(long v) {
      packageSize = v;
      return this;
    }

    /**
     * @param v installed size @return this
     */
    public Builder installedSize(long v) {
      installedSize = v;
      return this;
    }

    /**
     * @param v archive size @return this
     */
    public Builder archiveSize(long v) {
      archiveSize = v;
      return this;
    }

    /**
     * @param v location relative to the repository root @return this
     */
    public Builder locationHref(@Nullable String v) {
      locationHref = v;
      return this;
    }

    /**
     * @param v license @return this
     */
    public Builder license(@Nullable String v) {
      license = v;
      return this;
    }

    /**
     * @param v vendor @return this
     */
    public Builder vendor(@Nullable String v) {
      vendor = v;
      return this;
    }

    /**
     * @param v group @return this
     */
    public Builder group(@Nullable String v) {
      group = v;
      return this;
    }

    /**
     * @param v build host @return this
     */
    public Builder buildHost(@Nullable String v) {
      buildHost = v;
      return this;
    }

    /**
     * @param v source rpm @return this
     */
    public Builder sourceRpm(@Nullable String v) {
      sourceRpm = v;
      return this;
    }

    /**
     * @param start header start
     * @param end header end
     * @return this
     */
    public Builder headerRange(long start, long end) {
      headerStart = start;
      headerEnd = end;
      return this;
    }

    /**
     * @param kind kind
     * @param list dependencies
     * @return this
     */
    public Builder dependencies(DependencyKind kind, List<Dependency> list) {
      dependencies.put(kind, list);
      return this;
    }

    /**
     * @param v files @return this
     */
    public Builder files(List<PackageFile> v) {
      files = v;
      return this;
    }

    /**
     * @param v changelogs, oldest first @return this
     */
    public Builder changelogs(List<ChangelogEntry> v) {
      changelogs = v;
      return this;
    }

    /**
     * @return the entry
     */
    // The record's constructor checks the required values (IllegalArgumentException or
    // NullPointerException naming the field) and maps absent optional ones to "".
    @SuppressWarnings("NullAway")
    public PackageEntry build() {
      return new PackageEntry(
          name,
          arch,
          epoch,
          version,
          release,
          checksum,
          summary,
          description,
          packager,
          url,
          fileTime,
          buildTime,
          packageSize,
          installedSize,
          archiveSize,
          locationHref,
          license,
          vendor,
          group,
          buildHost,
          sourceRpm,
          headerStart,
          headerEnd,
          dependencies,
          files,
          changelogs);
    }
  }
}
