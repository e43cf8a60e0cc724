package dev.konflux.ecosystem.sigstore;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.jspecify.annotations.Nullable;

/** Reads trusted-root keys and verifies signatures with the JDK, the way Sigstore signs. */
final class Keys {
  private Keys() {}

  /**
   * @param raw the key bytes: SubjectPublicKeyInfo DER, or PKCS#1 RSAPublicKey for {@code PKCS1_*}
   * @param keyDetails the trusted root's key details
   * @return the key, or null when it is of a kind we cannot read
   */
  static @Nullable PublicKey parse(byte[] raw, String keyDetails) {
    byte[] spki = raw;
    if (keyDetails.startsWith("PKCS1_RSA")) {
      try {
        spki =
            new SubjectPublicKeyInfo(
                    new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                    raw)
                .getEncoded("DER");
      } catch (java.io.IOException | RuntimeException e) {
        return null;
      }
    }
    for (String alg : new String[] {"EC", "RSA", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(spki));
      } catch (GeneralSecurityException | RuntimeException e) {
        // try the next kind
      }
    }
    return null;
  }

  /**
   * @return the JDK signature algorithm for a message signed with this key, hashing it first
   */
  static String signatureAlgorithm(PublicKey key) {
    if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getOrder().bitLength();
      return bits > 384 ? "SHA512withECDSA" : bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
    }
    if (key instanceof RSAPublicKey) {
      return "SHA256withRSA";
    }
    return "Ed25519";
  }

  /**
   * @return the JDK digest algorithm this key's signatures use
   */
  static String hashAlgorithm(PublicKey key) {
    String s = signatureAlgorithm(key);
    return s.startsWith("SHA512") ? "SHA-512" : s.startsWith("SHA384") ? "SHA-384" : "SHA-256";
  }

  static boolean verify(String algorithm, PublicKey key, byte[] data, byte[] signature) {
    try {
      Signature v = Signature.getInstance(algorithm);
      v.initVerify(key);
      v.update(data);
      return v.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      // A malformed signature is as good as a wrong one.
      return false;
    }
  }

  /** Verifies with the key's own algorithm over the data. */
  static boolean verify(PublicKey key, byte[] data, byte[] signature) {
    return verify(signatureAlgorithm(key), key, data, signature);
  }

  // DER DigestInfo prefixes (RFC 8017 §9.2 note 1), for RSA over a precomputed digest.
  private static final byte[] SHA256_INFO =
      java.util.HexFormat.of().parseHex("3031300d060960864801650304020105000420");
  private static final byte[] SHA384_INFO =
      java.util.HexFormat.of().parseHex("3041300d060960864801650304020205000430");
  private static final byte[] SHA512_INFO =
      java.util.HexFormat.of().parseHex("3051300d060960864801650304020305000440");

  /**
   * Verifies a signature over a message of which only the digest is known.
   *
   * @param key ECDSA or RSA key (Ed25519 cannot verify a digest: false)
   * @param javaHash the digest's algorithm
   * @param digest the digest
   * @param signature the signature
   * @return whether it verifies
   */
  static boolean verifyPrehashed(PublicKey key, String javaHash, byte[] digest, byte[] signature) {
    if (key instanceof ECPublicKey) {
      return verify("NONEwithECDSA", key, digest, signature);
    }
    if (key instanceof RSAPublicKey) {
      byte[] prefix =
          switch (javaHash) {
            case "SHA-256" -> SHA256_INFO;
            case "SHA-384" -> SHA384_INFO;
            default -> SHA512_INFO;
          };
      byte[] info = new byte[prefix.length + digest.length];
      System.arraycopy(prefix, 0, info, 0, prefix.length);
      System.arraycopy(digest, 0, info, prefix.length, digest.length);
      return verify("NONEwithRSA", key, info, signature);
    }
    return false;
  }

  static byte[] hash(String javaAlg, byte[]... parts) {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance(javaAlg);
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
