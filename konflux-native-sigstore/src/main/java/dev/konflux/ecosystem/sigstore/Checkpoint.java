package dev.konflux.ecosystem.sigstore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A transparency log checkpoint: a signed note (origin line, tree size, base64 root hash, optional
 * extension lines; a blank line; one or more signature lines {@code — name base64(keyhint||sig)}).
 * Lines of other signers (witness cosignatures) are allowed and ignored; one line must be the log's
 * own signature, by the log's name with the log's key hint (the first four bytes of its log id),
 * and verify over the note text.
 *
 * <p>Hand-written: no Java library in reach reads signed notes; the format is a few lines.
 */
record Checkpoint(
    String origin, long size, byte[] rootHash, byte[] text, List<SignatureLine> signatures) {

  record SignatureLine(String name, byte[] keyHint, byte[] signature) {}

  private static final int MAX_BYTES = 64 * 1024;

  static Checkpoint parse(String envelope) throws BundleRejection {
    if (envelope.length() > MAX_BYTES) {
      throw BundleRejection.rejected("checkpoint is too large");
    }
    int split = envelope.indexOf("\n\n");
    if (split < 0) {
      throw BundleRejection.rejected("checkpoint has no signature block");
    }
    String body = envelope.substring(0, split + 1);
    String[] lines = body.split("\n", -1);
    // lines ends with "" after the final newline
    if (lines.length < 4) {
      throw BundleRejection.rejected("checkpoint has fewer than three lines");
    }
    String origin = lines[0];
    if (origin.isEmpty()) {
      throw BundleRejection.rejected("checkpoint origin line is empty");
    }
    long size;
    byte[] root;
    try {
      if (!lines[1].matches("[0-9]{1,19}")) {
        throw new NumberFormatException();
      }
      size = Long.parseLong(lines[1]);
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw BundleRejection.rejected("checkpoint tree size or root hash is unreadable");
    }
    List<SignatureLine> sigs = new ArrayList<>();
    String rest = envelope.substring(split + 2);
    for (String line : rest.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      if (!line.startsWith("\u2014 ")) {
        throw BundleRejection.rejected("checkpoint signature line does not start with an em dash");
      }
      String[] parts = line.substring(2).split(" ", -1);
      if (parts.length != 2) {
        throw BundleRejection.rejected("checkpoint signature line is malformed");
      }
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(parts[1]);
      } catch (IllegalArgumentException e) {
        throw BundleRejection.rejected("checkpoint signature is not base64");
      }
      if (raw.length < 5) {
        throw BundleRejection.rejected("checkpoint signature is too short");
      }
      sigs.add(
          new SignatureLine(
              parts[0], Arrays.copyOf(raw, 4), Arrays.copyOfRange(raw, 4, raw.length)));
    }
    if (sigs.isEmpty()) {
      throw BundleRejection.rejected("checkpoint has no signature");
    }
    return new Checkpoint(
        origin, size, root, body.getBytes(StandardCharsets.UTF_8), List.copyOf(sigs));
  }

  /** Checks origin, size, root hash and the log's signature. */
  void verify(TrustedRoot.Log log, long treeSize, byte[] rootHash) throws BundleRejection {
    String host = log.host();
    // Rekor v1 origins are "host - treeID"; Rekor v2 origins are the host.
    if (!origin.equals(host) && !origin.startsWith(host + " - ")) {
      throw BundleRejection.rejected(
          "checkpoint origin " + Text.quoted(origin) + " is not log " + host);
    }
    if (size != treeSize) {
      throw BundleRejection.rejected(
          "checkpoint tree size " + size + " differs from the inclusion proof's " + treeSize);
    }
    if (!Arrays.equals(this.rootHash, rootHash)) {
      throw BundleRejection.rejected(
          "checkpoint root hash differs from the inclusion proof's root hash");
    }
    byte[] hint = Arrays.copyOf(log.logId(), 4);
    boolean named = false;
    for (SignatureLine s : signatures) {
      if (!s.name().equals(host) || !Arrays.equals(s.keyHint(), hint)) {
        continue; // a witness cosignature, or another log's
      }
      named = true;
      if (Keys.verify(log.key(), text, s.signature())) {
        return;
      }
    }
    throw BundleRejection.rejected(
        named
            ? "checkpoint signature does not verify with the key of log " + host
            : "checkpoint carries no signature of log " + host);
  }
}
