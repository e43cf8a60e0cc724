package dev.konflux.ecosystem.maven.internal.central;

import dev.konflux.ecosystem.api.TargetReport;
import dev.konflux.ecosystem.api.TargetReport.Finding;
import dev.konflux.ecosystem.maven.internal.layout.ArtifactCoordinates;
import dev.konflux.ecosystem.maven.internal.pom.Pom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What Maven Central (the Central Publisher Portal's validation) would reject of what a release
 * published, per {@code groupId:artifactId:version}: a missing {@code -sources.jar} or {@code
 * -javadoc.jar} beside a main {@code .jar}; a POM without {@code name}, {@code description}, {@code
 * url}, {@code licenses}, {@code developers} or {@code scm}; a file without {@code .asc}, {@code
 * .md5} or {@code .sha1}; a snapshot version. Fields Maven inherits ({@code name} is not) are taken
 * from a parent POM when that parent is published by the same release; a parent elsewhere cannot be
 * checked here, which the finding says.
 */
public final class CentralReadiness {
  /** The {@link TargetReport#kind()} of these reports. */
  public static final String KIND = "central-readiness";

  /** Rule: a main {@code .jar} without {@code -sources.jar}. */
  public static final String MISSING_SOURCES = "MISSING_SOURCES_JAR";

  /** Rule: a main {@code .jar} without {@code -javadoc.jar}. */
  public static final String MISSING_JAVADOC = "MISSING_JAVADOC_JAR";

  /** Rule: no POM for the version. */
  public static final String MISSING_POM = "MISSING_POM";

  /** Rule: a file without {@code .asc}. */
  public static final String MISSING_SIGNATURE = "MISSING_SIGNATURE";

  /** Rule: a file without {@code .md5} or {@code .sha1}. */
  public static final String MISSING_CHECKSUM = "MISSING_CHECKSUM";

  /** Rule: a snapshot version (Central takes releases only). */
  public static final String SNAPSHOT = "SNAPSHOT_VERSION";

  /** Rule prefix of a missing POM field: {@code POM_MISSING_NAME} and so on. */
  public static final String POM_MISSING = "POM_MISSING_";

  /** A field Central requires, whether Maven inherits it, and how to read it from a POM. */
  private record Field(String element, boolean inherited, Predicate<Pom> has) {}

  private static final List<Field> FIELDS =
      List.of(
          new Field("name", false, Pom::hasName),
          new Field("description", true, Pom::hasDescription),
          new Field("url", true, Pom::hasUrl),
          new Field("licenses", true, Pom::hasLicenses),
          new Field("developers", true, Pom::hasDevelopers),
          new Field("scm", true, Pom::hasScm));

  private static final int MAX_PARENT_DEPTH = 32;

  /** POM output path → the POM, for every POM planned. */
  private final Map<String, Pom> poms = new HashMap<>();

  /** Creates an empty checker. */
  public CentralReadiness() {}

  /**
   * Remembers a published POM.
   *
   * @param path its output path
   * @param pom what was read from it
   */
  public void pom(String path, Pom pom) {
    poms.put(path, pom);
  }

  /**
   * @param written every path this release wrote (artifacts and their sidecars)
   * @param coordinates output path → coordinates, for every artifact file planned
   * @return one report per {@code groupId:artifactId:version} written, in that order
   */
  public List<TargetReport> check(
      Set<String> written, Map<String, ArtifactCoordinates> coordinates) {
    Map<String, Pom> byGav = new HashMap<>();
    for (Pom p : poms.values()) {
      byGav.put(p.gav(), p);
    }
    Map<String, List<String>> filesByGav = new TreeMap<>();
    Map<String, ArtifactCoordinates> sorted = new TreeMap<>(coordinates);
    for (Map.Entry<String, ArtifactCoordinates> e : sorted.entrySet()) {
      if (written.contains(e.getKey())) {
        ArtifactCoordinates c = e.getValue();
        filesByGav
            .computeIfAbsent(
                c.groupId() + ":" + c.artifactId() + ":" + c.baseVersion(), k -> new ArrayList<>())
            .add(e.getKey());
      }
    }
    List<TargetReport> reports = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : filesByGav.entrySet()) {
      reports.add(
          new TargetReport(
              "maven", KIND, e.getKey(), check(e.getValue(), written, coordinates, byGav)));
    }
    return reports;
  }

  private List<Finding> check(
      List<String> files,
      Set<String> written,
      Map<String, ArtifactCoordinates> coordinates,
      Map<String, Pom> byGav) {
    List<Finding> findings = new ArrayList<>();
    ArtifactCoordinates first = coordinates.get(files.get(0));
    if (first != null && first.baseVersion().endsWith("-SNAPSHOT")) {
      findings.add(
          new Finding(
              SNAPSHOT,
              "version "
                  + first.baseVersion()
                  + " is a snapshot; Maven Central publishes release versions only",
              null));
    }
    String pomPath = null;
    Set<String> kinds = new HashSet<>();
    boolean mainJar = false;
    String mainJarPath = null;
    for (String f : files) {
      ArtifactCoordinates c = coordinates.get(f);
      if (c == null) {
        continue;
      }
      kinds.add(c.classifier() + "." + c.extension());
      if (c.classifier().isEmpty() && c.extension().equals("pom") && poms.containsKey(f)) {
        pomPath = f;
      }
      if (c.classifier().isEmpty() && c.extension().equals("jar")) {
        mainJar = true;
        mainJarPath = f;
      }
    }
    Pom pom = pomPath == null ? null : poms.get(pomPath);
    if (pom == null) {
      findings.add(
          new Finding(
              MISSING_POM, "no POM is published for this version; Central requires one", null));
    } else {
      mainJar |= pom.packaging().equals("jar");
      for (Field field : FIELDS) {
        if (field.has().test(pom)) {
          continue;
        }
        String unresolved = null;
        if (field.inherited()) {
          Inherited found = inherited(pom, field, byGav);
          if (found.has()) {
            continue;
          }
          unresolved = found.unresolvedParent();
        }
        findings.add(
            new Finding(
                POM_MISSING + field.element().toUpperCase(java.util.Locale.ROOT),
                "the POM has no <"
                    + field.element()
                    + ">"
                    + (unresolved != null
                        ? " and its parent "
                            + unresolved
                            + " is not part of this release, so it cannot be checked here"
                        : field.inherited() && pom.parent() != null
                            ? " (nor have its parents in this release)"
                            : "")
                    + "; Central requires it",
                pomPath));
      }
    }
    if (mainJar) {
      String where = mainJarPath != null ? mainJarPath : pomPath;
      if (!kinds.contains("sources.jar")) {
        findings.add(
            new Finding(
                MISSING_SOURCES,
                "no -sources.jar beside the main jar; Central requires one (a placeholder jar with a"
                    + " README is accepted)",
                where));
      }
      if (!kinds.contains("javadoc.jar")) {
        findings.add(
            new Finding(
                MISSING_JAVADOC,
                "no -javadoc.jar beside the main jar; Central requires one (a placeholder jar with a"
                    + " README is accepted)",
                where));
      }
    }
    for (String f : files) {
      if (!written.contains(f + ".asc")) {
        findings.add(
            new Finding(
                MISSING_SIGNATURE,
                "no .asc signature; Central requires one per file (release with an OpenPGP key,"
                    + " without maven.unsigned=true)",
                f));
      }
      for (String sum : List.of(".md5", ".sha1")) {
        if (!written.contains(f + sum)) {
          findings.add(
              new Finding(MISSING_CHECKSUM, "no " + sum + " checksum; Central requires one", f));
        }
      }
    }
    return findings;
  }

  /**
   * @param has whether a parent in this release declares the field
   * @param unresolvedParent the first parent not in this release, when none declared it
   */
  private record Inherited(boolean has, @Nullable String unresolvedParent) {}

  private static Inherited inherited(Pom pom, Field field, Map<String, Pom> byGav) {
    String parent = pom.parent();
    for (int depth = 0; parent != null && depth < MAX_PARENT_DEPTH; depth++) {
      Pom p = byGav.get(parent);
      if (p == null) {
        return new Inherited(false, parent);
      }
      if (field.has().test(p)) {
        return new Inherited(true, null);
      }
      parent = p.parent();
    }
    return new Inherited(false, null);
  }
}
