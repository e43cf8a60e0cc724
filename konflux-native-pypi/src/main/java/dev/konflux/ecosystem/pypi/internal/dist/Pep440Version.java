package dev.konflux.ecosystem.pypi.internal.dist;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 440 version, parsed leniently as the specification allows (separators, case, spelling
 * variants) and compared by its canonical form. Hand-written because no Java library implements PEP
 * 440; the grammar is the specification's own.
 *
 * @param normalized the canonical text ({@code 1!2.0rc1.post0.dev3+local.1})
 */
public record Pep440Version(String normalized) {

  /** Longest version text accepted. */
  public static final int MAX_LENGTH = 128;

  private static final Pattern GRAMMAR =
      Pattern.compile(
          "v?"
              + "(?:(?<epoch>[0-9]+)!)?"
              + "(?<release>[0-9]+(?:\\.[0-9]+)*)"
              + "(?<pre>[-_.]?(?<prel>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<pren>[0-9]+)?)?"
              + "(?<post>(?:-(?<postn1>[0-9]+))|(?:[-_.]?(?<postl>post|rev|r)[-_.]?(?<postn2>[0-9]+)?))?"
              + "(?<dev>[-_.]?(?<devl>dev)[-_.]?(?<devn>[0-9]+)?)?"
              + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern RELEASE = Pattern.compile("[0-9]+(?:\\.[0-9]+)*");

  /**
   * @param text a version as written in metadata or a file name
   * @return the version, or empty if the text is not a PEP 440 version
   */
  public static Optional<Pep440Version> parse(String text) {
    if (text == null || text.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    Matcher m = GRAMMAR.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder();
    String epoch = m.group("epoch");
    if (epoch != null && !number(epoch).equals("0")) {
      sb.append(number(epoch)).append('!');
    }
    List<String> release = new ArrayList<>();
    // The grammar allows no empty part: every one is kept (-1), none is dropped silently.
    for (String part : m.group("release").split("\\.", -1)) {
      release.add(number(part));
    }
    sb.append(String.join(".", release));
    if (m.group("pre") != null) {
      String label =
          switch (m.group("prel").toLowerCase(Locale.ROOT)) {
            case "alpha", "a" -> "a";
            case "beta", "b" -> "b";
            default -> "rc";
          };
      sb.append(label).append(number(m.group("pren")));
    }
    if (m.group("post") != null) {
      sb.append(".post")
          .append(number(m.group("postn1") != null ? m.group("postn1") : m.group("postn2")));
    }
    if (m.group("dev") != null) {
      sb.append(".dev").append(number(m.group("devn")));
    }
    if (m.group("local") != null) {
      sb.append('+').append(m.group("local").toLowerCase(Locale.ROOT).replaceAll("[-_.]", "."));
    }
    return Optional.of(new Pep440Version(sb.toString()));
  }

  /** Numbers are kept as text without leading zeros: PEP 440 puts no bound on them. */
  private static String number(String digits) {
    if (digits == null) {
      return "0";
    }
    int i = 0;
    while (i < digits.length() - 1 && digits.charAt(i) == '0') {
      i++;
    }
    return digits.substring(i);
  }

  /**
   * @param other another version
   * @return whether both are the same version under PEP 440 (trailing zero release components do
   *     not count: {@code 1.0 == 1.0.0})
   */
  public boolean sameAs(Pep440Version other) {
    return comparisonKey().equals(other.comparisonKey());
  }

  private String comparisonKey() {
    // Strip ".0" components at the end of the release segment, which starts after an epoch.
    int start = normalized.indexOf('!') + 1;
    Matcher m = RELEASE.matcher(normalized);
    m.region(start, normalized.length()).lookingAt();
    String release = m.group();
    while (release.endsWith(".0")) {
      release = release.substring(0, release.length() - 2);
    }
    return normalized.substring(0, start) + release + normalized.substring(m.end());
  }

  @Override
  public String toString() {
    return normalized;
  }
}
