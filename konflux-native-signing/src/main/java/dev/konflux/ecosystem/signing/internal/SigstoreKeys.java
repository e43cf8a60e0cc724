package dev.konflux.ecosystem.signing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.spi.SigstoreKeySigner;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.jspecify.annotations.Nullable;

/**
 * Parses Sigstore EC P-256 private keys: PKCS#8, SEC1, and cosign's encrypted JSON (scrypt key
 * derivation, NaCl secretbox = XSalsa20 + Poly1305, all from Bouncy Castle: the JDK has none of the
 * three). The public key is computed from the private scalar, so a key file needs no public half.
 */
public final class SigstoreKeys {
  /** Upper bounds for cosign's scrypt parameters: an untrusted file must not ask for gigabytes. */
  private static final int MAX_LOG_N = 20;

  private static final int MAX_R = 32;
  private static final int MAX_P = 16;
  private static final ObjectMapper JSON = new ObjectMapper();

  private SigstoreKeys() {}

  /**
   * @param text the key file's text
   * @param passphrase passphrase for encrypted keys, or null
   * @param what name for messages
   * @return the signer
   * @throws InvalidInputException if it is not a usable key
   */
  public static SigstoreKeySigner parse(String text, @Nullable Secret passphrase, String what)
      throws InvalidInputException {
    Pem pem = Pem.first(text, what);
    byte[] pkcs8OrSec1;
    switch (pem.type()) {
      case "PRIVATE KEY", "EC PRIVATE KEY" -> pkcs8OrSec1 = pem.der();
      case "ENCRYPTED SIGSTORE PRIVATE KEY", "ENCRYPTED COSIGN PRIVATE KEY" ->
          pkcs8OrSec1 = decryptCosign(pem.der(), passphrase, what);
      case "ENCRYPTED PRIVATE KEY" ->
          throw new InvalidInputException(
              what
                  + " is a PKCS#8 encrypted key; decrypt it first (openssl pkcs8) or use a cosign-encrypted key");
      default ->
          throw new InvalidInputException(
              what + " holds a PEM " + pem.type() + ", not an EC private key");
    }
    BigInteger d = scalar(pkcs8OrSec1, pem.type().equals("EC PRIVATE KEY"), what);
    return signer(d, what);
  }

  private static BigInteger scalar(byte[] der, boolean sec1, String what)
      throws InvalidInputException {
    try {
      ECPrivateKey ec;
      if (sec1) {
        ec = ECPrivateKey.getInstance(der);
        ASN1ObjectIdentifier curve =
            ec.getParametersObject() instanceof ASN1ObjectIdentifier oid ? oid : null;
        if (curve != null && !curve.equals(SECObjectIdentifiers.secp256r1)) {
          throw new InvalidInputException(what + " is an EC key on curve " + curve + ", not P-256");
        }
      } else {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(der);
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(
            info.getPrivateKeyAlgorithm().getAlgorithm())) {
          throw new InvalidInputException(
              what
                  + " is not an EC private key (algorithm "
                  + info.getPrivateKeyAlgorithm().getAlgorithm()
                  + ")");
        }
        if (!SECObjectIdentifiers.secp256r1.equals(info.getPrivateKeyAlgorithm().getParameters())) {
          throw new InvalidInputException(what + " is an EC key on another curve than P-256");
        }
        ec = ECPrivateKey.getInstance(info.parsePrivateKey());
      }
      return ec.getKey();
    } catch (InvalidInputException e) {
      throw e;
    } catch (Exception e) {
      // Bouncy Castle's ASN.1 parser throws several unchecked types on malformed input.
      throw new InvalidInputException(what + " is not a valid EC private key (malformed DER)");
    }
  }

  private static SigstoreKeySigner signer(BigInteger d, String what) throws InvalidInputException {
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec("secp256r1"));
      ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
      if (d.signum() <= 0 || d.compareTo(spec.getOrder()) >= 0) {
        throw new InvalidInputException(what + " holds an EC private key out of range");
      }
      ECMultiplier mult = new FixedPointCombMultiplier();
      org.bouncycastle.math.ec.ECPoint q =
          mult.multiply(ECNamedCurveTable.getParameterSpec("secp256r1").getG(), d).normalize();
      KeyFactory kf = KeyFactory.getInstance("EC");
      PublicKey pub =
          kf.generatePublic(
              new ECPublicKeySpec(
                  new ECPoint(
                      q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()),
                  spec));
      PrivateKey priv = kf.generatePrivate(new ECPrivateKeySpec(d, spec));
      return SigstoreKeySigner.of(pub, priv);
    } catch (GeneralSecurityException e) {
      throw new InvalidInputException(
          what + " cannot be used as an EC P-256 key: " + e.getMessage());
    }
  }

  /** cosign's {@code encrypted} format (go-securesystemslib): JSON with kdf, cipher, ciphertext. */
  private static byte[] decryptCosign(byte[] json, @Nullable Secret passphrase, String what)
      throws InvalidInputException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (Exception e) {
      throw new InvalidInputException(what + " is not a cosign encrypted key (bad JSON)");
    }
    JsonNode kdf = root.path("kdf");
    JsonNode cipher = root.path("cipher");
    if (!"scrypt".equals(kdf.path("name").asText())
        || !"nacl/secretbox".equals(cipher.path("name").asText())) {
      throw new InvalidInputException(
          what + " uses an unsupported key encryption (want scrypt and nacl/secretbox)");
    }
    long n = kdf.path("params").path("N").asLong(-1);
    int r = kdf.path("params").path("r").asInt(-1);
    int p = kdf.path("params").path("p").asInt(-1);
    if (n < 2
        || Long.bitCount(n) != 1
        || n > (1L << MAX_LOG_N)
        || r < 1
        || r > MAX_R
        || p < 1
        || p > MAX_P) {
      throw new InvalidInputException(
          what
              + " has scrypt parameters out of bounds (N a power of two up to 2^"
              + MAX_LOG_N
              + ", r up to "
              + MAX_R
              + ", p up to "
              + MAX_P
              + ")");
    }
    byte[] salt = base64(kdf.path("salt"), "kdf.salt", what);
    byte[] nonce = base64(cipher.path("nonce"), "cipher.nonce", what);
    byte[] box = base64(root.path("ciphertext"), "ciphertext", what);
    if (nonce.length != 24 || box.length < 16) {
      throw new InvalidInputException(
          what + " has a malformed secretbox (nonce or ciphertext too short)");
    }
    byte[] pass = passphraseBytes(passphrase);
    byte[] key = SCrypt.generate(pass, salt, (int) n, r, p, 32);
    Arrays.fill(pass, (byte) 0);
    try {
      XSalsa20Engine xsalsa = new XSalsa20Engine();
      xsalsa.init(false, new ParametersWithIV(new KeyParameter(key), nonce));
      byte[] macKey = new byte[32];
      xsalsa.processBytes(
          new byte[32], 0, 32, macKey, 0); // first 32 keystream bytes: the Poly1305 key
      Poly1305 mac = new Poly1305();
      mac.init(new KeyParameter(macKey));
      mac.update(box, 16, box.length - 16);
      byte[] tag = new byte[16];
      mac.doFinal(tag, 0);
      if (!MessageDigest.isEqual(tag, Arrays.copyOf(box, 16))) {
        throw new InvalidInputException("cannot decrypt " + what + ": wrong or missing passphrase");
      }
      byte[] plain = new byte[box.length - 16];
      xsalsa.processBytes(box, 16, plain.length, plain, 0);
      return plain;
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  // Wipes the encoder's whole backing array (the passphrase), not just the readable part.
  @SuppressWarnings("ByteBufferBackingArray")
  private static byte[] passphraseBytes(@Nullable Secret passphrase) {
    if (passphrase == null) {
      return new byte[0];
    }
    char[] chars = passphrase.reveal();
    ByteBuffer buf = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    Arrays.fill(chars, '\0');
    byte[] out = new byte[buf.remaining()];
    buf.get(out);
    if (buf.hasArray()) {
      Arrays.fill(buf.array(), (byte) 0);
    }
    return out;
  }

  private static byte[] base64(JsonNode node, String field, String what)
      throws InvalidInputException {
    if (!node.isTextual()) {
      throw new InvalidInputException(what + " has no " + field);
    }
    try {
      return Base64.getDecoder().decode(node.textValue());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(what + ": " + field + " is not base64");
    }
  }

  /** The first PEM block of a text. */
  record Pem(String type, byte[] der) {
    static Pem first(String text, String what) throws InvalidInputException {
      int begin = text.indexOf("-----BEGIN ");
      if (begin < 0) {
        throw new InvalidInputException(what + " is not a PEM file (no -----BEGIN line)");
      }
      int typeEnd = text.indexOf("-----", begin + 11);
      if (typeEnd < 0 || typeEnd - begin > 64) {
        throw new InvalidInputException(what + " has a malformed PEM BEGIN line");
      }
      String type = text.substring(begin + 11, typeEnd);
      String endLine = "-----END " + type + "-----";
      int end = text.indexOf(endLine, typeEnd);
      if (end < 0) {
        throw new InvalidInputException(what + " has no " + "END line for its PEM block");
      }
      String body = text.substring(typeEnd + 5, end).replaceAll("\\s+", "");
      try {
        return new Pem(type, Base64.getDecoder().decode(body));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(what + ": the PEM block is not valid base64");
      }
    }
  }
}
