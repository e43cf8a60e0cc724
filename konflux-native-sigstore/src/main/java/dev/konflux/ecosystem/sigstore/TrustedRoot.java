package dev.konflux.ecosystem.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A Sigstore {@code trusted_root.json}: Fulcio certificate authorities, transparency logs, CT logs
 * and timestamp authorities, each with its validity window (ends inclusive, an absent end is open).
 * Entries of a kind we cannot read (an unknown key type) are skipped: they vouch for nothing.
 */
record TrustedRoot(
    List<Authority> certificateAuthorities,
    List<Log> tlogs,
    List<Log> ctlogs,
    List<Authority> timestampAuthorities) {

  private static final int MAX_BYTES = 4 * 1024 * 1024;
  private static final String PUBLIC_GOOD = "public-good-trusted-root.json";

  /** A validity window; {@code end} null means open. */
  record Window(Instant start, @Nullable Instant end) {
    boolean contains(Instant t) {
      return !t.isBefore(start) && (end == null || !t.isAfter(end));
    }

    @Override
    public String toString() {
      return start + " to " + (end == null ? "(open)" : end.toString());
    }
  }

  /** A certificate authority (Fulcio or TSA): its chain, leaf-most first, root last. */
  record Authority(String uri, List<X509Certificate> chain, Window validFor) {}

  /** A log (transparency or CT): its key, id, base URL and window. */
  record Log(String baseUrl, byte[] logId, PublicKey key, String keyDetails, Window validFor) {
    /**
     * @return the host of the base URL, which names the log in its checkpoints
     */
    String host() {
      try {
        String h = URI.create(baseUrl).getHost();
        return h == null ? baseUrl : h;
      } catch (IllegalArgumentException e) {
        return baseUrl;
      }
    }
  }

  @Nullable Log tlog(byte[] logId) {
    return find(tlogs, logId);
  }

  @Nullable Log ctlog(byte[] logId) {
    return find(ctlogs, logId);
  }

  private static @Nullable Log find(List<Log> logs, byte[] id) {
    for (Log l : logs) {
      if (Arrays.equals(l.logId(), id)) {
        return l;
      }
    }
    return null;
  }

  static TrustedRoot load(Path file) throws BundleRejection {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw BundleRejection.unreadable(
            "trusted root " + file + " is larger than " + MAX_BYTES + " bytes");
      }
      return parse(Files.readAllBytes(file), "trusted root " + file);
    } catch (IOException e) {
      throw BundleRejection.unreadable("cannot read trusted root " + file + ": " + e.getMessage());
    }
  }

  /**
   * The Sigstore public-good trusted root shipped in the jar (see the module README for its
   * source).
   */
  static TrustedRoot publicGood() throws BundleRejection {
    try (InputStream in = TrustedRoot.class.getResourceAsStream(PUBLIC_GOOD)) {
      if (in == null) {
        throw new IllegalStateException(PUBLIC_GOOD + " is missing from the jar");
      }
      return parse(in.readAllBytes(), "shipped public-good trusted root");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + PUBLIC_GOOD, e);
    }
  }

  static TrustedRoot parse(byte[] json, String what) throws BundleRejection {
    JsonNode root = StrictJson.tree(json, what);
    String mt = StrictJson.text(root, "mediaType", what);
    if (!mt.startsWith("application/vnd.dev.sigstore.trustedroot")) {
      throw BundleRejection.unreadable(what + " has media type " + Text.quoted(mt));
    }
    List<Authority> cas =
        authorities(StrictJson.array(root, "certificateAuthorities", what, false), what);
    List<Authority> tsas =
        authorities(StrictJson.array(root, "timestampAuthorities", what, false), what);
    return new TrustedRoot(
        cas,
        logs(StrictJson.array(root, "tlogs", what, false), what),
        logs(StrictJson.array(root, "ctlogs", what, false), what),
        tsas);
  }

  private static List<Authority> authorities(JsonNode list, String what) throws BundleRejection {
    List<Authority> out = new ArrayList<>();
    for (JsonNode a : list) {
      JsonNode chain =
          StrictJson.array(StrictJson.object(a, "certChain", what), "certificates", what, true);
      List<X509Certificate> certs = new ArrayList<>();
      for (JsonNode c : chain) {
        certs.add(
            ParsedBundle.certificate(
                StrictJson.base64(c, "rawBytes", what), what + " certificate"));
      }
      if (certs.isEmpty()) {
        continue;
      }
      String uri = a.path("uri").asText("");
      out.add(new Authority(uri, List.copyOf(certs), window(a.get("validFor"), what)));
    }
    return List.copyOf(out);
  }

  private static List<Log> logs(JsonNode list, String what) throws BundleRejection {
    List<Log> out = new ArrayList<>();
    for (JsonNode l : list) {
      JsonNode pk = StrictJson.object(l, "publicKey", what);
      String details = pk.path("keyDetails").asText("");
      String raw = StrictJson.optionalText(pk, "rawBytes", what);
      if (raw == null) {
        continue;
      }
      PublicKey key = Keys.parse(StrictJson.decode(raw, what + " log key"), details);
      if (key == null) {
        continue;
      }
      byte[] id = StrictJson.base64(StrictJson.object(l, "logId", what), "keyId", what + " logId");
      out.add(
          new Log(
              l.path("baseUrl").asText(""), id, key, details, window(pk.get("validFor"), what)));
    }
    return List.copyOf(out);
  }

  private static Window window(JsonNode validFor, String what) throws BundleRejection {
    if (validFor == null || !validFor.isObject()) {
      return new Window(Instant.EPOCH, null);
    }
    try {
      Instant start =
          validFor.hasNonNull("start")
              ? Instant.parse(validFor.get("start").asText())
              : Instant.EPOCH;
      Instant end = validFor.hasNonNull("end") ? Instant.parse(validFor.get("end").asText()) : null;
      return new Window(start, end);
    } catch (DateTimeParseException e) {
      throw BundleRejection.unreadable(
          what
              + " has an unreadable validFor time "
              + Text.quoted(validFor.toString().toLowerCase(Locale.ROOT)));
    }
  }
}
