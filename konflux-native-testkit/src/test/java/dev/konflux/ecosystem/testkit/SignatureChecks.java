package dev.konflux.ecosystem.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Verification written independently of the signers (own PEM reading, own PAE), so a bug in the
 * testkit's signing code cannot hide itself.
 */
final class SignatureChecks {
  private SignatureChecks() {}

  static PublicKey readPem(Path file) throws IOException, GeneralSecurityException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    if (!text.startsWith("-----BEGIN PUBLIC KEY-----\n")
        || !text.endsWith("-----END PUBLIC KEY-----\n")) {
      throw new AssertionError("not a PEM public key file: " + text);
    }
    String body = text.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
    return KeyFactory.getInstance("EC")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
  }

  static boolean verifies(PublicKey key, byte[] message, byte[] der)
      throws GeneralSecurityException {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initVerify(key);
    s.update(message);
    try {
      return s.verify(der);
    } catch (SignatureException e) {
      return false;
    }
  }

  static byte[] pae(String type, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] t = type.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(("DSSEv1 " + t.length + " ").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(t);
    out.writeBytes((" " + body.length + " ").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** What a DSSE envelope holds and whether its (single) signature verifies. */
  record DsseResult(String payloadType, JsonNode statement, int signatureCount, boolean verified) {}

  static DsseResult checkDsse(JsonNode envelope, PublicKey key) throws Exception {
    String type = envelope.get("payloadType").asText();
    byte[] payload = Base64.getDecoder().decode(envelope.get("payload").asText());
    JsonNode sigs = envelope.get("signatures");
    boolean verified = false;
    for (JsonNode sig : sigs) {
      verified |=
          verifies(key, pae(type, payload), Base64.getDecoder().decode(sig.get("sig").asText()));
    }
    return new DsseResult(type, OciJson.tree(payload), sigs.size(), verified);
  }
}
