package dev.konflux.ecosystem.serve.internal;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * PEP 691 content negotiation for the simple repository: which of the PyPI target's index files
 * ({@code index.json} or {@code index.html}) answers a request, under which media type, from the
 * {@code Accept} header with its q-values. Media ranges ({@code *}{@code /*}, {@code text/*}) count
 * with the q-value of the most specific range that matches; ties go to the JSON form, then the
 * versioned HTML form. No {@code Accept} header gets {@code text/html} (what every pip reads); a
 * header accepting none of the three gets nothing (406).
 *
 * <p>One exception, for a client that would crash otherwise: pip before 23.2 (Debian 12's pip
 * 23.0.1) asks for the JSON form first but crashes on its dictionary-valued {@code
 * dist-info-metadata}/{@code core-metadata} keys, so when such a pip (by its {@code User-Agent},
 * {@code pip/23.0.1 …}) also accepts HTML, it gets the HTML form, which it reads correctly. The
 * static index solved the same problem by serving HTML only (see the PyPI module's README).
 */
public final class SimpleNegotiation {
  private static final int MAX_HEADER = 4096;
  private static final Pattern PIP = Pattern.compile("^pip/(\\d{1,4})\\.(\\d{1,4})(?:[.\\s]|$)");

  private SimpleNegotiation() {}

  /** A form of a simple index page. */
  public enum Form {
    /** PEP 691 JSON. */
    JSON("application/vnd.pypi.simple.v1+json", "index.json"),
    /** PEP 691's versioned HTML. */
    HTML_V1("application/vnd.pypi.simple.v1+html", "index.html"),
    /** PEP 503 HTML. */
    TEXT_HTML("text/html", "index.html");

    private final String mediaType;
    private final String file;

    Form(String mediaType, String file) {
      this.mediaType = mediaType;
      this.file = file;
    }

    /**
     * @return the media type the response carries
     */
    public String mediaType() {
      return mediaType;
    }

    /**
     * @return the index file with this form's content
     */
    public String file() {
      return file;
    }
  }

  /**
   * @param accept the {@code Accept} header, or {@code null}
   * @param userAgent the {@code User-Agent} header, or {@code null}
   * @return the form to answer with, or empty when none is acceptable (406)
   */
  public static Optional<Form> choose(@Nullable String accept, @Nullable String userAgent) {
    if (accept == null || accept.isBlank()) {
      return Optional.of(Form.TEXT_HTML);
    }
    if (accept.length() > MAX_HEADER) {
      accept = accept.substring(0, MAX_HEADER);
    }
    // Per form: the specificity of the most specific matching range, and its q-value.
    Map<Form, Integer> specificity = new EnumMap<>(Form.class);
    Map<Form, Double> q = new EnumMap<>(Form.class);
    for (String range : accept.split(",", 64)) {
      String[] parts = range.split(";", 16);
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      double weight = 1.0;
      for (int i = 1; i < parts.length; i++) {
        String param = parts[i].trim();
        if (param.length() > 2 && (param.startsWith("q=") || param.startsWith("Q="))) {
          weight = quality(param.substring(2).trim());
        }
      }
      for (Form f : Form.values()) {
        int s = match(type, f.mediaType());
        if (s >= 0 && s > specificity.getOrDefault(f, -1)) {
          specificity.put(f, s);
          q.put(f, weight);
        }
      }
    }
    Form best = best(q, Form.values());
    if (best == Form.JSON && oldPip(userAgent)) {
      Form html = best(q, new Form[] {Form.HTML_V1, Form.TEXT_HTML});
      if (html != null) {
        best = html;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The acceptable form with the highest q-value, the first listed on a tie. */
  private static @Nullable Form best(Map<Form, Double> q, Form[] candidates) {
    Form best = null;
    double bestQ = 0;
    for (Form f : candidates) {
      double v = q.getOrDefault(f, 0.0);
      if (v > bestQ) {
        best = f;
        bestQ = v;
      }
    }
    return best;
  }

  /** 2 exact, 1 {@code type/*}, 0 {@code *}{@code /*}, -1 no match. */
  private static int match(String range, String mediaType) {
    if (range.equals(mediaType)) {
      return 2;
    }
    if (range.equals("*/*")) {
      return 0;
    }
    int slash = mediaType.indexOf('/');
    return range.equals(mediaType.substring(0, slash) + "/*") ? 1 : -1;
  }

  /** A q-value (RFC 9110: 0 to 1, at most three decimals); anything else counts as 0. */
  private static double quality(String value) {
    if (!value.matches("(0(\\.\\d{0,3})?|1(\\.0{0,3})?)")) {
      return 0;
    }
    return Double.parseDouble(value);
  }

  /**
   * @return whether the client is a pip older than 23.2, which crashes on the JSON form
   */
  static boolean oldPip(@Nullable String userAgent) {
    if (userAgent == null) {
      return false;
    }
    Matcher m = PIP.matcher(userAgent);
    if (!m.find()) {
      return false;
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    return major < 23 || (major == 23 && minor < 2);
  }
}
