package dev.konflux.ecosystem.maven.internal.layout;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.maven.internal.pom.Pom;
import dev.konflux.ecosystem.spi.UntrustedText;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Maps every file of an input tree to its place in a Maven repository, trusting nothing but the
 * POMs: each POM's coordinates say where its version directory must be, which also finds the
 * repository root inside a zip's top folder ({@code foo-1.0-maven-repository/maven-repository/}).
 * Every other file must sit in a POM's version directory and be named {@code
 * artifactId-version[-classifier].extension} (a timestamped version for snapshots), or be a
 * checksum, a signature or a {@code maven-metadata.xml}; anything else is invalid input naming the
 * file.
 */
public final class RepositoryLayout {
  /** The timestamp a deployed snapshot's file names carry instead of {@code SNAPSHOT}. */
  private static final Pattern SNAPSHOT_TIMESTAMP =
      Pattern.compile("[0-9]{8}\\.[0-9]{6}-[0-9]{1,9}");

  private static final Pattern CLASSIFIER = Pattern.compile("[A-Za-z0-9_-]{1,128}");
  private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*");
  private static final String METADATA = "maven-metadata.xml";

  private RepositoryLayout() {}

  /** A POM's version directory. */
  private record VersionDirectory(String groupId, String artifactId, String version) {}

  /**
   * Plans the tree.
   *
   * @param entries every regular file's path in the archive
   * @param poms the parsed POM of every entry ending in {@code .pom}
   * @param what names the archive for messages
   * @return one planned entry per input entry, sorted by output path
   * @throws InvalidInputException if a file cannot be placed or disagrees with its POM
   */
  public static List<PlannedEntry> plan(
      Collection<String> entries, Map<String, Pom> poms, String what) throws InvalidInputException {
    if (poms.isEmpty()) {
      throw new InvalidInputException(what + " holds no POM, so it is not a Maven repository tree");
    }
    String prefix = null;
    String prefixPom = null;
    Map<String, VersionDirectory> versionDirs = new HashMap<>();
    Set<String> artifactDirs = new HashSet<>();
    for (String pomEntry : new TreeSet<>(poms.keySet())) {
      Pom pom = java.util.Objects.requireNonNull(poms.get(pomEntry));
      String dir = pom.groupId().replace('.', '/') + "/" + pom.artifactId() + "/" + pom.version();
      int slash = pomEntry.lastIndexOf('/');
      String entryDir = slash < 0 ? "" : pomEntry.substring(0, slash);
      if (!(entryDir.equals(dir) || entryDir.endsWith("/" + dir))) {
        throw new InvalidInputException(
            what
                + ": POM "
                + UntrustedText.quoted(pomEntry)
                + " is not in the directory its coordinates "
                + UntrustedText.quoted(pom.gav())
                + " give ("
                + UntrustedText.quoted(dir)
                + ")");
      }
      String thisPrefix = entryDir.substring(0, entryDir.length() - dir.length());
      if (prefix == null) {
        prefix = thisPrefix;
        prefixPom = pomEntry;
      } else if (!prefix.equals(thisPrefix)) {
        throw new InvalidInputException(
            what
                + ": POMs "
                + UntrustedText.quoted(prefixPom)
                + " and "
                + UntrustedText.quoted(pomEntry)
                + " put the repository root in different places");
      }
      VersionDirectory vd = new VersionDirectory(pom.groupId(), pom.artifactId(), pom.version());
      VersionDirectory previous = versionDirs.putIfAbsent(dir, vd);
      if (previous != null && !previous.equals(vd)) {
        throw new InvalidInputException(
            what + ": POMs in " + UntrustedText.quoted(dir) + " disagree on their coordinates");
      }
      artifactDirs.add(pom.groupId().replace('.', '/') + "/" + pom.artifactId());
    }

    String root = java.util.Objects.requireNonNull(prefix, "a POM sets the root");
    Set<String> paths = new HashSet<>();
    for (String entry : entries) {
      if (!entry.startsWith(root)) {
        throw new InvalidInputException(
            what
                + ": "
                + UntrustedText.quoted(entry)
                + " is outside the repository root "
                + UntrustedText.quoted(root.isEmpty() ? "/" : root));
      }
      paths.add(entry.substring(root.length()));
    }

    List<PlannedEntry> planned = new ArrayList<>();
    for (String entry : entries) {
      String path = entry.substring(root.length());
      planned.add(
          place(entry, path, paths, versionDirs, artifactDirs, poms.containsKey(entry), what));
    }
    planned.sort(java.util.Comparator.comparing(PlannedEntry::path));
    return planned;
  }

  private static PlannedEntry place(
      String entry,
      String path,
      Set<String> paths,
      Map<String, VersionDirectory> versionDirs,
      Set<String> artifactDirs,
      boolean isPom,
      String what)
      throws InvalidInputException {
    int slash = path.lastIndexOf('/');
    String dir = slash < 0 ? "" : path.substring(0, slash);
    String name = path.substring(slash + 1);

    if (!isPom && isLocalBookkeeping(name)) {
      return new PlannedEntry(entry, path, FileRole.LOCAL_BOOKKEEPING, null, null, null);
    }
    if (!isPom && (isSignature(path) || isSignature(stripChecksum(path)))) {
      return new PlannedEntry(entry, path, FileRole.REPLACED_SIGNATURE, null, null, null);
    }
    ChecksumKind checksum = isPom ? null : ChecksumKind.of(path);
    if (checksum != null) {
      String of = path.substring(0, path.length() - checksum.suffix().length());
      if (!paths.contains(of)) {
        throw new InvalidInputException(
            what
                + ": checksum file "
                + UntrustedText.quoted(entry)
                + " has no file "
                + UntrustedText.quoted(of)
                + " beside it");
      }
      if (ChecksumKind.of(of) != null) {
        // A checksum of a checksum (some tools write them): nothing to publish, nothing to check.
        return new PlannedEntry(entry, path, FileRole.REPLACED_SIGNATURE, null, null, null);
      }
      return new PlannedEntry(entry, path, FileRole.CHECKSUM, null, of, checksum.algorithm());
    }
    if (name.equals(METADATA)) {
      if (artifactDirs.contains(dir)) {
        return new PlannedEntry(entry, path, FileRole.ARTIFACT_METADATA, null, null, null);
      }
      return new PlannedEntry(entry, path, FileRole.KEPT_METADATA, null, null, null);
    }
    VersionDirectory vd = versionDirs.get(dir);
    if (vd == null) {
      throw new InvalidInputException(
          what
              + ": "
              + UntrustedText.quoted(entry)
              + " is not in the version directory of any POM in the tree");
    }
    ArtifactCoordinates c = coordinates(vd, name);
    if (c == null) {
      throw new InvalidInputException(
          what
              + ": the name of "
              + UntrustedText.quoted(entry)
              + " disagrees with its POM "
              + UntrustedText.quoted(vd.groupId() + ":" + vd.artifactId() + ":" + vd.version())
              + " (expected "
              + vd.artifactId()
              + "-"
              + vd.version()
              + "[-classifier].extension)");
    }
    if (isPom && !(c.classifier().isEmpty() && c.extension().equals("pom"))) {
      throw new InvalidInputException(
          what
              + ": POM "
              + UntrustedText.quoted(entry)
              + " is not named "
              + vd.artifactId()
              + "-"
              + vd.version()
              + ".pom");
    }
    return new PlannedEntry(entry, path, FileRole.ARTIFACT, c, null, null);
  }

  /**
   * Parses a file name of a version directory, or returns {@code null} when it does not fit.
   * Visible for the property tests.
   *
   * @param groupId the POM's group id
   * @param artifactId the POM's artifact id
   * @param version the POM's version
   * @param name the file name
   * @return the coordinates, or {@code null}
   */
  public static @Nullable ArtifactCoordinates parseName(
      String groupId, String artifactId, String version, String name) {
    return coordinates(new VersionDirectory(groupId, artifactId, version), name);
  }

  private static @Nullable ArtifactCoordinates coordinates(VersionDirectory vd, String name) {
    String head = vd.artifactId() + "-";
    if (!name.startsWith(head)) {
      return null;
    }
    String rest = name.substring(head.length());
    List<String> fileVersions = new ArrayList<>(2);
    if (rest.startsWith(vd.version())) {
      fileVersions.add(vd.version());
    }
    if (vd.version().endsWith("-SNAPSHOT")) {
      String base = vd.version().substring(0, vd.version().length() - "SNAPSHOT".length());
      if (rest.startsWith(base)) {
        String after = rest.substring(base.length());
        int end = endOfTimestamp(after);
        if (end > 0 && SNAPSHOT_TIMESTAMP.matcher(after.substring(0, end)).matches()) {
          fileVersions.add(base + after.substring(0, end));
        }
      }
    }
    for (String fileVersion : fileVersions) {
      String tail = rest.substring(fileVersion.length());
      String classifier;
      String extension;
      if (tail.startsWith(".")) {
        classifier = "";
        extension = tail.substring(1);
      } else if (tail.startsWith("-")) {
        int dot = tail.indexOf('.');
        if (dot < 0) {
          continue;
        }
        classifier = tail.substring(1, dot);
        extension = tail.substring(dot + 1);
        if (!CLASSIFIER.matcher(classifier).matches()) {
          continue;
        }
      } else {
        continue;
      }
      if (!EXTENSION.matcher(extension).matches()) {
        continue;
      }
      return new ArtifactCoordinates(
          vd.groupId(), vd.artifactId(), vd.version(), fileVersion, classifier, extension);
    }
    return null;
  }

  /** Length of {@code yyyyMMdd.HHmmss-N} at the start of {@code s}, or -1. */
  private static int endOfTimestamp(String s) {
    if (s.length() < 17 || s.charAt(8) != '.' || s.charAt(15) != '-') {
      return -1;
    }
    int i = 16;
    while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
      i++;
    }
    return i > 16 ? i : -1;
  }

  private static boolean isLocalBookkeeping(String name) {
    return name.equals("_remote.repositories")
        || name.equals("resolver-status.properties")
        || name.endsWith(".lastUpdated")
        || (name.startsWith("maven-metadata-") && name.endsWith(".xml"));
  }

  private static boolean isSignature(String path) {
    return path.endsWith(".asc") || path.endsWith(".sigstore.json") || path.endsWith(".sigstore");
  }

  private static String stripChecksum(String path) {
    ChecksumKind k = ChecksumKind.of(path);
    return k == null ? path : path.substring(0, path.length() - k.suffix().length());
  }
}
