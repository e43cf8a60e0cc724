package dev.konflux.ecosystem.internal.verify;

import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.Digest;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.HexFormat;
import java.util.List;

/**
 * Verifies one signature with one {@link CosignPublicKey} using the JDK, the way cosign and
 * Sigstore sign: ECDSA (DER) with the curve's hash or SHA-256, RSA PKCS#1 v1.5 with SHA-256,
 * Ed25519 over the message itself. Every failure, including a malformed signature, is "false".
 */
public final class SignatureCheck {
  private SignatureCheck() {}

  // DER DigestInfo prefixes (RFC 8017 §9.2 note 1), for RSA over a precomputed digest.
  private static final byte[] SHA256_DIGEST_INFO =
      HexFormat.of().parseHex("3031300d060960864801650304020105000420");
  private static final byte[] SHA512_DIGEST_INFO =
      HexFormat.of().parseHex("3051300d060960864801650304020305000440");

  /**
   * @param key the key
   * @param data the signed bytes
   * @param signature the signature
   * @return whether it verifies
   */
  public static boolean verify(CosignPublicKey key, byte[] data, byte[] signature) {
    for (String algorithm : algorithms(key)) {
      if (run(algorithm, key, data, signature)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Verifies a signature over a message of which only the digest is known (a Sigstore message
   * signature over an OCI manifest). Ed25519 cannot verify a digest; it returns false.
   *
   * @param key the key
   * @param digest the message digest
   * @param signature the signature
   * @return whether it verifies
   */
  public static boolean verifyPrehashed(CosignPublicKey key, Digest digest, byte[] signature) {
    return switch (key.algorithm()) {
      case ECDSA_P256, ECDSA_P384, ECDSA_P521 ->
          run("NONEwithECDSA", key, digest.bytes(), signature);
      case RSA -> {
        byte[] prefix =
            Digest.SHA256.equals(digest.algorithm()) ? SHA256_DIGEST_INFO : SHA512_DIGEST_INFO;
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(prefix);
        info.writeBytes(digest.bytes());
        yield run("NONEwithRSA", key, info.toByteArray(), signature);
      }
      default -> false;
    };
  }

  private static List<String> algorithms(CosignPublicKey key) {
    return switch (key.algorithm()) {
      case ECDSA_P256 -> List.of("SHA256withECDSA");
      case ECDSA_P384 -> List.of("SHA384withECDSA", "SHA256withECDSA");
      case ECDSA_P521 -> List.of("SHA512withECDSA", "SHA256withECDSA");
      case RSA -> List.of("SHA256withRSA");
      case ED25519 -> List.of("Ed25519");
    };
  }

  private static boolean run(String algorithm, CosignPublicKey key, byte[] data, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(key.publicKey());
      verifier.update(data);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      // A malformed signature is as good as a wrong one: it does not verify.
      return false;
    }
  }
}
