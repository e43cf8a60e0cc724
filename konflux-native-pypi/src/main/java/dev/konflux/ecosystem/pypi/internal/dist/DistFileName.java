package dev.konflux.ecosystem.pypi.internal.dist;

import dev.konflux.ecosystem.pypi.DistributionRule;
import dev.konflux.ecosystem.pypi.InvalidDistributionException;
import dev.konflux.ecosystem.spi.UntrustedText;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A distribution's file name, parsed: a wheel ({@code
 * {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl}) or a PEP 625 sdist ({@code
 * {name}-{version}.tar.gz}, name escaped and version normalised).
 *
 * @param fileName the whole file name
 * @param name the distribution name as written in the file name
 * @param version the version as written, parsed
 * @param buildTag the wheel build tag, or {@code null}
 * @param tags python, abi and platform tags of a wheel (empty for sdists)
 * @param wheel whether it is a wheel
 */
public record DistFileName(
    String fileName,
    String name,
    Pep440Version version,
    @Nullable String buildTag,
    List<String> tags,
    boolean wheel) {

  /** Longest file name accepted (a file name on common file systems). */
  public static final int MAX_LENGTH = 255;

  private static final Pattern WHEEL_NAME =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._]*[A-Za-z0-9])?");
  private static final Pattern BUILD_TAG = Pattern.compile("[0-9][A-Za-z0-9_.]*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*");
  private static final Pattern SDIST_NAME = Pattern.compile("[a-z0-9](?:[a-z0-9_]*[a-z0-9])?");

  /** Copies. */
  public DistFileName {
    tags = List.copyOf(tags);
  }

  /**
   * @param fileName an untrusted file name (a layer title)
   * @return the parsed name
   * @throws InvalidDistributionException ({@link DistributionRule#FILE_NAME}) if it is neither a
   *     valid wheel nor a valid PEP 625 sdist file name
   */
  public static DistFileName parse(String fileName) throws InvalidDistributionException {
    String shown = UntrustedText.printable(fileName);
    if (fileName == null || fileName.isEmpty() || fileName.length() > MAX_LENGTH) {
      throw new InvalidDistributionException(
          shown, DistributionRule.FILE_NAME, "empty or longer than " + MAX_LENGTH);
    }
    if (fileName.endsWith(".whl")) {
      return parseWheel(fileName, shown);
    }
    if (fileName.endsWith(".tar.gz")) {
      return parseSdist(fileName, shown);
    }
    throw new InvalidDistributionException(
        shown, DistributionRule.FILE_NAME, "neither a wheel (.whl) nor a PEP 625 sdist (.tar.gz)");
  }

  private static DistFileName parseWheel(String fileName, String shown)
      throws InvalidDistributionException {
    String[] parts = fileName.substring(0, fileName.length() - 4).split("-", -1);
    if (parts.length != 5 && parts.length != 6) {
      throw bad(
          shown, "a wheel file name has 5 or 6 dash-separated parts, this has " + parts.length);
    }
    if (!WHEEL_NAME.matcher(parts[0]).matches() || parts[0].length() > ProjectName.MAX_LENGTH) {
      throw bad(shown, "invalid distribution name " + UntrustedText.quoted(parts[0]));
    }
    Pep440Version version = version(parts[1], shown);
    String build = null;
    if (parts.length == 6) {
      build = parts[2];
      if (!BUILD_TAG.matcher(build).matches()) {
        throw bad(
            shown,
            "a build tag must start with a digit and hold only letters, digits, _ and .: "
                + UntrustedText.quoted(build));
      }
    }
    List<String> tags =
        List.of(parts[parts.length - 3], parts[parts.length - 2], parts[parts.length - 1]);
    for (String tag : tags) {
      if (!TAG.matcher(tag).matches()) {
        throw bad(shown, "invalid compatibility tag " + UntrustedText.quoted(tag));
      }
    }
    return new DistFileName(fileName, parts[0], version, build, tags, true);
  }

  private static DistFileName parseSdist(String fileName, String shown)
      throws InvalidDistributionException {
    String base = fileName.substring(0, fileName.length() - 7);
    int dash = base.indexOf('-');
    if (dash < 0 || base.indexOf('-', dash + 1) >= 0) {
      throw bad(shown, "a PEP 625 sdist is named {name}-{version}.tar.gz with exactly one dash");
    }
    String name = base.substring(0, dash);
    if (!SDIST_NAME.matcher(name).matches() || name.length() > ProjectName.MAX_LENGTH) {
      throw bad(
          shown,
          "PEP 625 requires the escaped name (lower case, runs of -_. as _): "
              + UntrustedText.quoted(name));
    }
    String versionText = base.substring(dash + 1);
    Pep440Version version = version(versionText, shown);
    if (!version.normalized().equals(versionText)) {
      throw bad(
          shown,
          "PEP 625 requires the normalised version "
              + version.normalized()
              + ", not "
              + UntrustedText.quoted(versionText));
    }
    return new DistFileName(fileName, name, version, null, List.of(), false);
  }

  private static Pep440Version version(String text, String shown)
      throws InvalidDistributionException {
    Optional<Pep440Version> v = Pep440Version.parse(text);
    if (v.isEmpty() || !text.equals(text.strip())) {
      throw bad(shown, "not a PEP 440 version: " + UntrustedText.quoted(text));
    }
    return v.get();
  }

  private static InvalidDistributionException bad(String shown, String detail) {
    return new InvalidDistributionException(shown, DistributionRule.FILE_NAME, detail);
  }

  /**
   * @return the PEP 503 normalised project name
   */
  public String project() {
    return ProjectName.normalize(name);
  }

  /**
   * @return the directory every sdist member lives in: {@code {name}-{version}}
   */
  public String sdistRoot() {
    return fileName.substring(0, fileName.length() - 7);
  }

  /**
   * @param metadataName the {@code Name} from core metadata
   * @return whether it names this distribution's project after normalisation
   */
  public boolean namesProject(String metadataName) {
    return ProjectName.normalize(metadataName).equals(project());
  }

  /**
   * @return "bdist_wheel" or "sdist", as the upload API's {@code filetype}
   */
  public String uploadFileType() {
    return wheel ? "bdist_wheel" : "sdist";
  }

  /**
   * @return the upload API's {@code pyversion}: the wheel's python tag, empty for sdists (as twine
   *     sends)
   */
  public String uploadPyVersion() {
    return wheel ? tags.get(0) : "";
  }
}
