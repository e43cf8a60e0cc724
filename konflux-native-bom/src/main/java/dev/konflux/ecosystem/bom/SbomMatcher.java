package dev.konflux.ecosystem.bom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.spi.SbomInspectionRequest.ExpectedArtifact;
import dev.konflux.ecosystem.spi.UntrustedText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether an SBOM describes the artifact being released. A described package (SPDX {@code
 * DESCRIBES} target, CycloneDX {@code metadata.component}) matches when
 *
 * <ul>
 *   <li>one of its purls matches an expected purl: same type, namespace, name and version (as
 *       packageurl-java normalises them, e.g. PyPI names), and every qualifier present on both
 *       sides equal; or
 *   <li>it is a {@code pkg:oci} purl whose version is one of the artifact's manifest digests; or
 *   <li>one of its SHA-256 checksums is the digest of a released file or manifest;
 * </ul>
 *
 * and none of its SHA-256 checksums contradicts the artifact (a SHA-256 that is neither a released
 * file nor a manifest, when files or manifests are known, names another artifact).
 */
public final class SbomMatcher {
  /** Qualifiers that say where an image was pushed, not what it is: copies keep their identity. */
  private static final Set<String> LOCATION_QUALIFIERS = Set.of("repository_url", "tag");

  /**
   * @param sbom the parsed SBOM
   * @param expected what the artifact is
   * @return whether it describes the artifact, and why
   */
  public SbomMatch match(Sbom sbom, ExpectedArtifact expected) {
    Objects.requireNonNull(sbom, "sbom");
    Objects.requireNonNull(expected, "expected");
    List<SbomPackage> described = sbom.described();
    if (described.isEmpty()) {
      return new SbomMatch(false, null, sbom.describe() + " describes no package");
    }
    List<String> misses = new ArrayList<>();
    for (SbomPackage p : described) {
      String why = matches(p, expected);
      if (why.startsWith("+")) {
        return new SbomMatch(
            true,
            p,
            sbom.format().label()
                + " "
                + sbom.source().describe()
                + " describes the artifact: "
                + why.substring(1));
      }
      misses.add(why);
    }
    return new SbomMatch(
        false,
        described.get(0),
        sbom.format().label()
            + " "
            + sbom.source().describe()
            + " does not describe the artifact: "
            + String.join("; ", misses));
  }

  /**
   * @return "+reason" on a match, else the reason it does not match
   */
  private static String matches(SbomPackage p, ExpectedArtifact expected) {
    String name = UntrustedText.quoted(p.name());
    List<String> sha256 = p.sha256();
    boolean knownDigests = !expected.files().isEmpty() || !expected.manifests().isEmpty();
    String checksumMatch = null;
    for (String hex : sha256) {
      for (Digest d : concat(expected.files(), expected.manifests())) {
        if (d.algorithm().equals(Digest.SHA256) && d.hex().equals(hex)) {
          checksumMatch = d.toString();
        }
      }
    }
    if (checksumMatch == null && knownDigests && !sha256.isEmpty()) {
      return "package "
          + name
          + " has SHA-256 "
          + sha256.get(0)
          + ", which is no released file or manifest";
    }
    for (String purl : p.purls()) {
      PackageURL actual = parse(purl);
      if (actual == null) {
        continue;
      }
      if (actual.getType().equals("oci") && actual.getVersion() != null) {
        for (Digest m : expected.manifests()) {
          if (m.toString().equals(actual.getVersion())) {
            return "+package "
                + name
                + " purl "
                + UntrustedText.printable(purl)
                + " names manifest "
                + m;
          }
        }
      }
      for (String want : expected.purls()) {
        PackageURL w = parse(want);
        if (w != null && samePackage(actual, w)) {
          return "+package " + name + " purl " + UntrustedText.printable(purl) + " matches " + want;
        }
      }
    }
    if (checksumMatch != null) {
      return "+package " + name + " has the SHA-256 of " + checksumMatch;
    }
    return "package "
        + name
        + " purls "
        + p.purls().stream().map(UntrustedText::printable).toList()
        + " match none of "
        + expected.purls()
        + (expected.manifests().isEmpty() ? "" : " nor manifests " + expected.manifests());
  }

  private static List<Digest> concat(List<Digest> a, List<Digest> b) {
    List<Digest> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static boolean samePackage(PackageURL a, PackageURL b) {
    if (!a.getType().equals(b.getType())
        || !Objects.equals(a.getNamespace(), b.getNamespace())
        || !a.getName().equals(b.getName())
        || !Objects.equals(a.getVersion(), b.getVersion())) {
      return false;
    }
    Map<String, String> qa = a.getQualifiers();
    Map<String, String> qb = b.getQualifiers();
    if (qa == null || qb == null) {
      return true;
    }
    for (Map.Entry<String, String> e : qa.entrySet()) {
      String other = qb.get(e.getKey());
      if (other != null
          && !LOCATION_QUALIFIERS.contains(e.getKey())
          && !other.equals(e.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static @Nullable PackageURL parse(String purl) {
    try {
      return new PackageURL(purl);
    } catch (MalformedPackageURLException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Checks a purl the caller builds (e.g. a target from an RPM header) before it is used.
   *
   * @param purl the purl
   * @return it, unchanged
   * @throws InvalidInputException if it is not a valid purl
   */
  public static String requireValidPurl(String purl) throws InvalidInputException {
    if (parse(purl) == null) {
      throw new InvalidInputException("not a valid package URL: " + UntrustedText.quoted(purl));
    }
    return purl;
  }
}
