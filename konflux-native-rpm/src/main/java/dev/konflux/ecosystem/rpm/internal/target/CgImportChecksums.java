package dev.konflux.ecosystem.rpm.internal.target;

import com.fasterxml.jackson.databind.JsonNode;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.spi.UntrustedText;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The file checksums of a Koji content-generator {@code cg_import.json}: {@code output[]} entries
 * with {@code filename}, {@code checksum_type} and {@code checksum}. Packages listed there must
 * hash to the stated value.
 */
final class CgImportChecksums {
  /** This module's own parser, with the project's limits for untrusted JSON. */
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      com.fasterxml.jackson.databind.json.JsonMapper.builder(
              com.fasterxml.jackson.core.JsonFactory.builder()
                  .streamReadConstraints(
                      com.fasterxml.jackson.core.StreamReadConstraints.builder()
                          .maxNestingDepth(dev.konflux.ecosystem.util.JsonLimits.MAX_NESTING_DEPTH)
                          .maxStringLength(dev.konflux.ecosystem.util.JsonLimits.MAX_STRING_LENGTH)
                          .maxNumberLength(dev.konflux.ecosystem.util.JsonLimits.MAX_NUMBER_LENGTH)
                          .build())
                  .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .build();

  private static com.fasterxml.jackson.databind.JsonNode jsonTree(byte[] bytes)
      throws java.io.IOException {
    com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(bytes);
    if (node == null || node.isMissingNode()) {
      throw new java.io.IOException("empty document");
    }
    return node;
  }

  /** One stated checksum. */
  record Checksum(String algorithm, String hex) {
    /**
     * @return a fresh digest for the algorithm
     */
    MessageDigest newDigest() {
      try {
        return MessageDigest.getInstance(
            switch (algorithm) {
              case "md5" -> "MD5";
              case "sha1" -> "SHA-1";
              case "sha256" -> "SHA-256";
              case "sha512" -> "SHA-512";
              default -> throw new IllegalStateException(algorithm);
            });
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static final CgImportChecksums NONE = new CgImportChecksums(Map.of());

  private final Map<String, Checksum> byFileName;

  private CgImportChecksums(Map<String, Checksum> byFileName) {
    this.byFileName = byFileName;
  }

  /**
   * @param json the document
   * @param what the layer, for messages
   * @return its checksums
   * @throws InvalidInputException if it is not a cg_import document with well-formed checksums
   */
  static CgImportChecksums parse(byte[] json, String what) throws InvalidInputException {
    JsonNode root;
    try {
      root = jsonTree(json);
    } catch (IOException e) {
      throw new InvalidInputException(what + " is not JSON: " + e.getMessage());
    }
    JsonNode output = root.path("output");
    if (!output.isArray()) {
      throw new InvalidInputException(what + " has no output[] list");
    }
    Map<String, Checksum> map = new HashMap<>();
    for (JsonNode o : output) {
      String name = o.path("filename").asText("");
      String type = o.path("checksum_type").asText("").toLowerCase(Locale.ROOT);
      String sum = o.path("checksum").asText("").toLowerCase(Locale.ROOT);
      if (name.isEmpty() || sum.isEmpty()) {
        continue;
      }
      int len =
          switch (type) {
            case "md5" -> 32;
            case "sha1" -> 40;
            case "sha256" -> 64;
            case "sha512" -> 128;
            default ->
                throw new InvalidInputException(
                    what
                        + " states an unsupported checksum type "
                        + UntrustedText.quoted(type)
                        + " for "
                        + UntrustedText.quoted(name));
          };
      if (sum.length() != len || !sum.matches("[0-9a-f]+")) {
        throw new InvalidInputException(
            what + " states a malformed " + type + " checksum for " + UntrustedText.quoted(name));
      }
      Checksum previous = map.put(name, new Checksum(type, sum));
      if (previous != null && !previous.equals(map.get(name))) {
        throw new InvalidInputException(
            what + " states two checksums for " + UntrustedText.quoted(name));
      }
    }
    return new CgImportChecksums(map);
  }

  /**
   * @param fileName a package file name
   * @return its stated checksum, if listed
   */
  Optional<Checksum> forFile(String fileName) {
    return Optional.ofNullable(byFileName.get(fileName));
  }
}
