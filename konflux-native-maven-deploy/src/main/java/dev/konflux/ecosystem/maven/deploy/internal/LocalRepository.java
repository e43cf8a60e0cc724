package dev.konflux.ecosystem.maven.deploy.internal;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A Maven repository directory read for deployment: every artifact file mapped to its coordinates
 * (checked by composing its path back from them), and the version-level {@code maven-metadata.xml}
 * of snapshot versions. Checksum files are left out (maven-resolver makes them again from the bytes
 * it uploads, and {@link LocalDigests} checks the local ones); artifact- and group-level metadata
 * is left out (maven-resolver merges it with the server's, as {@code mvn deploy} does).
 */
public final class LocalRepository {
  private static final Pattern SNAPSHOT_TIMESTAMP = Pattern.compile("\\d{8}\\.\\d{6}-\\d+");
  private static final String METADATA = "maven-metadata.xml";
  private static final String SNAPSHOT = "-SNAPSHOT";

  /** One artifact file and its coordinates. */
  public record ArtifactFile(
      String path,
      Path file,
      String groupId,
      String artifactId,
      String version,
      String classifier,
      String extension) {}

  /** The {@code maven-metadata.xml} of one snapshot version. */
  public record SnapshotMetadataFile(
      String path, Path file, String groupId, String artifactId, String baseVersion) {}

  private final Path root;
  private final List<ArtifactFile> artifacts;
  private final List<SnapshotMetadataFile> snapshotMetadata;

  private LocalRepository(
      Path root, List<ArtifactFile> artifacts, List<SnapshotMetadataFile> metadata) {
    this.root = root;
    this.artifacts = List.copyOf(artifacts);
    this.snapshotMetadata = List.copyOf(metadata);
  }

  /**
   * @return the repository root
   */
  public Path root() {
    return root;
  }

  /**
   * @return the artifact files, ordered by path
   */
  public List<ArtifactFile> artifacts() {
    return artifacts;
  }

  /**
   * @return the snapshot versions' metadata files, ordered by path
   */
  public List<SnapshotMetadataFile> snapshotMetadata() {
    return snapshotMetadata;
  }

  /**
   * Reads a repository directory.
   *
   * @param root the repository root (e.g. {@code OUT/maven})
   * @return its files
   * @throws InvalidInputException when it is not a directory, holds a link or a file outside the
   *     Maven layout, or holds no artifact
   */
  /** Where the Maven target writes its Central Portal bundle, at the repository root. */
  static final String CENTRAL_BUNDLE = "central-bundle.zip";

  public static LocalRepository read(Path root) throws InvalidInputException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidInputException(root + " is not a directory (a Maven repository root)");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> !p.equals(root)).sorted(Comparator.naturalOrder()).toList();
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + root + ": " + e.getMessage(), e);
    }
    List<ArtifactFile> artifacts = new ArrayList<>();
    List<SnapshotMetadataFile> metadata = new ArrayList<>();
    for (Path p : files) {
      String rel = root.relativize(p).toString().replace('\\', '/');
      if (Files.isSymbolicLink(p)) {
        throw new InvalidInputException(
            "repository file " + rel + " is a symbolic link; a repository to deploy holds files");
      }
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new InvalidInputException("repository file " + rel + " is not a regular file");
      }
      String[] parts = rel.split("/");
      String name = parts[parts.length - 1];
      if (parts.length == 1 && name.equals(CENTRAL_BUNDLE)) {
        // The Maven target's Central Portal upload bundle (maven.centralBundle=true): for the
        // Portal, not a repository file.
        continue;
      }
      if (isChecksum(name)) {
        continue;
      }
      if (name.startsWith(METADATA + ".")) {
        // A signature or bundle of metadata that maven-resolver merges anew (or, for a snapshot,
        // uploads as is): it would not match what the server ends up holding.
        continue;
      }
      if (name.equals(METADATA)) {
        if (parts.length >= 4 && parts[parts.length - 2].endsWith(SNAPSHOT)) {
          metadata.add(
              new SnapshotMetadataFile(
                  rel, p, groupId(parts), parts[parts.length - 3], parts[parts.length - 2]));
        }
        continue;
      }
      artifacts.add(artifact(rel, p, parts));
    }
    if (artifacts.isEmpty()) {
      throw new InvalidInputException(
          root + " holds no artifact file; give the Maven repository root (OUT/maven)");
    }
    return new LocalRepository(root, artifacts, metadata);
  }

  static boolean isChecksum(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".md5")
        || n.endsWith(".sha1")
        || n.endsWith(".sha256")
        || n.endsWith(".sha512");
  }

  private static String groupId(String[] parts) {
    return String.join(".", java.util.Arrays.asList(parts).subList(0, parts.length - 3));
  }

  /** Maps {@code g/r/o/u/p/artifactId/baseVersion/artifactId-version[-classifier].ext}. */
  static ArtifactFile artifact(String rel, Path file, String[] parts) throws InvalidInputException {
    if (parts.length < 4) {
      throw notLayout(rel, "it is not under group/artifactId/version/");
    }
    String name = parts[parts.length - 1];
    String artifactId = parts[parts.length - 3];
    String baseVersion = parts[parts.length - 2];
    String groupId = groupId(parts);
    if (!name.startsWith(artifactId + "-")) {
      throw notLayout(rel, "its name does not start with " + artifactId + "-");
    }
    String rest = name.substring(artifactId.length() + 1);
    String version = version(rest, baseVersion);
    if (version == null) {
      throw notLayout(rel, "its name does not carry version " + baseVersion);
    }
    rest = rest.substring(version.length());
    String classifier = "";
    String extension;
    if (rest.startsWith(".")) {
      extension = rest.substring(1);
    } else if (rest.startsWith("-")) {
      int dot = rest.indexOf('.');
      if (dot < 2) {
        throw notLayout(rel, "it has a classifier but no extension");
      }
      classifier = rest.substring(1, dot);
      extension = rest.substring(dot + 1);
    } else {
      throw notLayout(rel, "no '.' or '-' follows the version");
    }
    if (extension.isEmpty()) {
      throw notLayout(rel, "it has no extension");
    }
    String composed =
        groupId.replace('.', '/')
            + "/"
            + artifactId
            + "/"
            + baseVersion
            + "/"
            + artifactId
            + "-"
            + version
            + (classifier.isEmpty() ? "" : "-" + classifier)
            + "."
            + extension;
    if (!composed.equals(rel)) {
      throw notLayout(rel, "its coordinates compose to " + composed);
    }
    return new ArtifactFile(rel, file, groupId, artifactId, version, classifier, extension);
  }

  /** The version at the start of a file name's tail, or null when it does not match. */
  static @Nullable String version(String rest, String baseVersion) {
    if (baseVersion.endsWith(SNAPSHOT)) {
      String prefix = baseVersion.substring(0, baseVersion.length() - "SNAPSHOT".length());
      if (!rest.startsWith(prefix)) {
        return rest.startsWith(baseVersion) ? baseVersion : null;
      }
      String tail = rest.substring(prefix.length());
      var m = SNAPSHOT_TIMESTAMP.matcher(tail);
      if (m.lookingAt()) {
        return prefix + tail.substring(0, m.end());
      }
      return tail.startsWith("SNAPSHOT") ? baseVersion : null;
    }
    return rest.startsWith(baseVersion) ? baseVersion : null;
  }

  private static InvalidInputException notLayout(String rel, String why) {
    return new InvalidInputException(
        "repository file " + rel + " is not in the Maven repository layout: " + why);
  }
}
