package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An {@link OpenPgpSigner} over a {@link DigestSigner}: this class builds the OpenPGP v4 signature
 * packet (hashed subpackets: creation time, issuer fingerprint, issuer key id; the RFC 4880
 * trailer) and asks the digest signer only for the signature value. Use it to sign with a key that
 * never leaves a KMS, an HSM or gpg-agent; the key-file signer of {@code konflux-native-signing}
 * uses it too, so every signer writes the same packets.
 *
 * <p>Written here rather than with Bouncy Castle so that the signer SPI needs the JDK only, and
 * because a signer must be able to start from a digest the caller has already computed, which
 * Bouncy Castle's signature generator cannot.
 */
public final class OpenPgpDigestSigner implements OpenPgpSigner {
  private static final int TAG_SIGNATURE = 2;
  private static final int TAG_PUBLIC_KEY = 6;
  private static final int TAG_USER_ID = 13;
  private static final int TAG_PUBLIC_SUBKEY = 14;

  private final byte[] publicKey;
  private final KeyPacket key;
  private final String hashAlgorithm;
  private final int hashId;
  private final DigestSigner signer;

  private OpenPgpDigestSigner(
      byte[] publicKey, KeyPacket key, String hashAlgorithm, DigestSigner signer)
      throws InvalidInputException {
    this.publicKey = publicKey.clone();
    this.key = key;
    this.hashAlgorithm = hashAlgorithm;
    this.hashId = hashId(hashAlgorithm);
    this.signer = Objects.requireNonNull(signer, "signer");
  }

  /**
   * Signs with SHA-256 as the given key.
   *
   * @param publicKey the binary transferable public key (primary key, user ids, subkeys)
   * @param keyId the key or subkey to sign as (16 or 40 hex digits, optionally {@code 0x}), or
   *     {@code null} for the primary key
   * @param signer signs digests with that key's private half
   * @return the signer
   * @throws InvalidInputException if the public key cannot be read, is not v4, or has no key with
   *     that id
   */
  public static OpenPgpDigestSigner of(
      byte[] publicKey, @Nullable String keyId, DigestSigner signer) throws InvalidInputException {
    return of(publicKey, keyId, "SHA-256", signer);
  }

  /**
   * @param publicKey the binary transferable public key (primary key, user ids, subkeys)
   * @param keyId the key to sign as, or {@code null} for the primary key
   * @param hashAlgorithm {@code SHA-256}, {@code SHA-384}, {@code SHA-512} or {@code SHA-224}
   * @param signer signs digests with that key's private half
   * @return the signer
   * @throws InvalidInputException if the public key cannot be read or the hash is not supported
   */
  public static OpenPgpDigestSigner of(
      byte[] publicKey, @Nullable String keyId, String hashAlgorithm, DigestSigner signer)
      throws InvalidInputException {
    String wanted = normaliseKeyId(keyId);
    for (KeyPacket k : keyPackets(publicKey)) {
      if (wanted == null ? !k.subkey : k.fingerprint.endsWith(wanted)) {
        if (!List.of(1, 3, 17, 19, 22, 27).contains(k.algorithmId)) {
          throw new InvalidInputException(
              "OpenPGP key "
                  + k.fingerprint
                  + " uses algorithm "
                  + k.algorithmId
                  + ", which cannot sign here (RSA, EdDSA, ECDSA and DSA can)");
        }
        return new OpenPgpDigestSigner(publicKey, k, hashAlgorithm, signer);
      }
    }
    throw new InvalidInputException(
        "the OpenPGP public key has no " + (wanted == null ? "primary key" : "key " + wanted));
  }

  /**
   * Makes a transferable public key for an RSA key whose private half the caller keeps: the public
   * key packet, one user id and its positive self-certification (key flags: sign and certify),
   * signed through {@code signer}. What {@code rpm --import} and {@code gpg --import} need to trust
   * signatures by that key.
   *
   * @param key the RSA public key
   * @param created the key's creation time (part of its fingerprint: keep it fixed for a key)
   * @param userId for example {@code "Release <release@example.com>"}
   * @param signer signs digests with the matching private key
   * @return the binary transferable public key
   * @throws IOException if signing fails
   */
  public static byte[] selfCertifiedRsaKey(
      RSAPublicKey key, Instant created, String userId, DigestSigner signer) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(4);
    writeInt(body, created.getEpochSecond());
    body.write(1); // RSA (encrypt or sign)
    writeMpi(body, key.getModulus());
    writeMpi(body, key.getPublicExponent());
    KeyPacket packet;
    try {
      packet = KeyPacket.parse(body.toByteArray(), false);
    } catch (InvalidInputException e) {
      throw new IllegalStateException(
          "built an unreadable key packet", e); // a v4 packet, built just above
    }
    byte[] uid = userId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    MessageDigest md = newDigest("SHA-256");
    packet.hashInto(md);
    md.update((byte) 0xB4);
    md.update(int32(uid.length));
    md.update(uid);
    byte[] keyFlags = {0x03}; // certify other keys, sign data
    byte[] signature =
        signaturePacket(md, packet, 0x13, 8, "SHA-256", created, signer, subpacket(27, keyFlags));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writePacket(out, TAG_PUBLIC_KEY, body.toByteArray());
    writePacket(out, TAG_USER_ID, uid);
    out.write(signature);
    return out.toByteArray();
  }

  @Override
  public String fingerprint() {
    return key.fingerprint;
  }

  @Override
  public String keyId() {
    return key.fingerprint.substring(key.fingerprint.length() - 16);
  }

  @Override
  public Algorithm algorithm() {
    return key.algorithm();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public String hashAlgorithm() {
    return hashAlgorithm;
  }

  @Override
  public byte[] sign(MessageDigest data, Instant created) throws IOException {
    MessageDigest md;
    try {
      md = (MessageDigest) data.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalArgumentException(
          "the " + data.getAlgorithm() + " digest cannot be cloned", e);
    }
    if (!canonicalHash(md.getAlgorithm()).equals(canonicalHash(hashAlgorithm))) {
      throw new IllegalArgumentException(
          "signer hashes with " + hashAlgorithm + ", got a " + md.getAlgorithm() + " digest");
    }
    return signaturePacket(md, key, 0x00, hashId, hashAlgorithm, created, signer);
  }

  @Override
  public String toString() {
    return "OpenPgpDigestSigner[" + algorithm() + " " + fingerprint() + "]";
  }

  /**
   * Builds a v4 signature packet: {@code md} has been fed what precedes the signature's own hashed
   * part (the document, or key and user id for a certification).
   */
  private static byte[] signaturePacket(
      MessageDigest md,
      KeyPacket key,
      int type,
      int hashId,
      String hashAlgorithm,
      Instant created,
      DigestSigner signer,
      byte[]... extraHashed)
      throws IOException {
    ByteArrayOutputStream hashed = new ByteArrayOutputStream();
    hashed.write(subpacket(2, int32(created.getEpochSecond())));
    for (byte[] extra : extraHashed) {
      hashed.write(extra);
    }
    byte[] fpr = HexFormat.of().parseHex(key.fingerprint);
    byte[] issuerFpr = new byte[fpr.length + 1];
    issuerFpr[0] = 4;
    System.arraycopy(fpr, 0, issuerFpr, 1, fpr.length);
    hashed.write(subpacket(33, issuerFpr));
    hashed.write(subpacket(16, Arrays.copyOfRange(fpr, fpr.length - 8, fpr.length)));
    byte[] sub = hashed.toByteArray();

    ByteArrayOutputStream head = new ByteArrayOutputStream();
    head.write(4);
    head.write(type);
    head.write(key.algorithmId);
    head.write(hashId);
    head.write(sub.length >> 8);
    head.write(sub.length);
    head.write(sub);
    byte[] hashedPart = head.toByteArray();
    md.update(hashedPart);
    md.update(new byte[] {4, (byte) 0xFF});
    md.update(int32(hashedPart.length));
    byte[] digest = md.digest();
    byte[] value = signer.signDigest(hashAlgorithm, digest);
    if (value == null) {
      throw new IOException("the digest signer returned no signature");
    }

    ByteArrayOutputStream body = new ByteArrayOutputStream(hashedPart.length + value.length + 16);
    body.write(hashedPart);
    body.write(0);
    body.write(0); // no unhashed subpackets
    body.write(digest[0]);
    body.write(digest[1]);
    switch (key.algorithm()) {
      case RSA -> writeMpi(body, new BigInteger(1, value));
      case EDDSA -> {
        if (value.length != 64) {
          throw new IOException(
              "an Ed25519 signature has 64 bytes, the digest signer returned " + value.length);
        }
        if (key.algorithmId == 27) {
          body.write(value); // RFC 9580 Ed25519: native encoding
        } else {
          writeMpi(body, new BigInteger(1, Arrays.copyOfRange(value, 0, 32)));
          writeMpi(body, new BigInteger(1, Arrays.copyOfRange(value, 32, 64)));
        }
      }
      case ECDSA, DSA -> {
        BigInteger[] rs = derSignature(value);
        writeMpi(body, rs[0]);
        writeMpi(body, rs[1]);
      }
      default -> throw new IllegalStateException();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 3);
    writePacket(out, TAG_SIGNATURE, body.toByteArray());
    return out.toByteArray();
  }

  private static byte[] subpacket(int type, byte[] data) {
    byte[] out = new byte[data.length + 2];
    out[0] = (byte) (data.length + 1); // all our subpackets are shorter than 192 bytes
    out[1] = (byte) type;
    System.arraycopy(data, 0, out, 2, data.length);
    return out;
  }

  /** New-format packet header (RFC 4880 section 4.2.2), as Bouncy Castle writes signatures. */
  private static void writePacket(ByteArrayOutputStream out, int tag, byte[] body) {
    int len = body.length;
    out.write(0xC0 | tag);
    if (len < 192) {
      out.write(len);
    } else if (len <= 8383) {
      out.write(((len - 192) >> 8) + 192);
      out.write(len - 192);
    } else {
      out.write(0xFF);
      out.writeBytes(int32(len));
    }
    out.writeBytes(body);
  }

  private static void writeMpi(ByteArrayOutputStream out, BigInteger value) {
    byte[] bytes = value.toByteArray();
    int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
    int bits = value.bitLength();
    out.write(bits >> 8);
    out.write(bits);
    out.write(bytes, skip, bytes.length - skip);
  }

  private static void writeInt(ByteArrayOutputStream out, long value) {
    out.writeBytes(int32(value));
  }

  private static byte[] int32(long v) {
    return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
  }

  /** DER {@code SEQUENCE { INTEGER r, INTEGER s }}, as JCA and KMS return ECDSA and DSA values. */
  private static BigInteger[] derSignature(byte[] der) throws IOException {
    try {
      int[] pos = {0};
      if ((der[pos[0]++] & 0xFF) != 0x30) {
        throw new IOException("not a DER sequence");
      }
      int len = derLength(der, pos);
      if (pos[0] + len != der.length) {
        throw new IOException("DER sequence length does not match");
      }
      BigInteger r = derInteger(der, pos);
      BigInteger s = derInteger(der, pos);
      if (pos[0] != der.length || r.signum() <= 0 || s.signum() <= 0) {
        throw new IOException("DER sequence is not two positive integers");
      }
      return new BigInteger[] {r, s};
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new IOException("the digest signer returned a truncated DER signature");
    }
  }

  private static BigInteger derInteger(byte[] der, int[] pos) throws IOException {
    if (der[pos[0]++] != 0x02) {
      throw new IOException("not a DER integer");
    }
    int len = derLength(der, pos);
    if (len <= 0 || pos[0] + len > der.length) {
      throw new IOException("bad DER integer length");
    }
    BigInteger v = new BigInteger(Arrays.copyOfRange(der, pos[0], pos[0] + len));
    pos[0] += len;
    return v;
  }

  private static int derLength(byte[] der, int[] pos) throws IOException {
    int b = der[pos[0]++] & 0xFF;
    if (b < 0x80) {
      return b;
    }
    if (b == 0x81) {
      return der[pos[0]++] & 0xFF;
    }
    if (b == 0x82) {
      int len = ((der[pos[0]] & 0xFF) << 8) | (der[pos[0] + 1] & 0xFF);
      pos[0] += 2;
      return len;
    }
    throw new IOException("unsupported DER length");
  }

  private static int hashId(String name) throws InvalidInputException {
    return switch (canonicalHash(name)) {
      case "SHA256" -> 8;
      case "SHA384" -> 9;
      case "SHA512" -> 10;
      case "SHA224" -> 11;
      default -> throw new InvalidInputException("unsupported OpenPGP signature hash " + name);
    };
  }

  private static String canonicalHash(String name) {
    return name.toUpperCase(Locale.ROOT).replace("-", "");
  }

  private static MessageDigest newDigest(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static @Nullable String normaliseKeyId(@Nullable String keyId)
      throws InvalidInputException {
    if (keyId == null || keyId.isBlank()) {
      return null;
    }
    String k = keyId.strip().toUpperCase(Locale.ROOT);
    if (k.startsWith("0X")) {
      k = k.substring(2);
    }
    if (!k.matches("[0-9A-F]{8,40}")) {
      throw new InvalidInputException("OpenPGP key id must be hex: " + UntrustedText.quoted(keyId));
    }
    return k;
  }

  /** The public key and subkey packets of a transferable public key, in order. */
  private static List<KeyPacket> keyPackets(byte[] bytes) throws InvalidInputException {
    List<KeyPacket> keys = new ArrayList<>();
    int pos = 0;
    try {
      while (pos < bytes.length) {
        int hdr = bytes[pos++] & 0xFF;
        if ((hdr & 0x80) == 0) {
          throw new InvalidInputException("the OpenPGP public key is not binary OpenPGP data");
        }
        int tag;
        long len;
        if ((hdr & 0x40) != 0) {
          tag = hdr & 0x3F;
          int o1 = bytes[pos++] & 0xFF;
          if (o1 < 192) {
            len = o1;
          } else if (o1 < 224) {
            len = ((o1 - 192L) << 8) + (bytes[pos++] & 0xFF) + 192;
          } else if (o1 == 255) {
            len =
                ((bytes[pos] & 0xFFL) << 24)
                    | ((bytes[pos + 1] & 0xFF) << 16)
                    | ((bytes[pos + 2] & 0xFF) << 8)
                    | (bytes[pos + 3] & 0xFF);
            pos += 4;
          } else {
            throw new InvalidInputException("the OpenPGP public key uses partial body lengths");
          }
        } else {
          tag = (hdr >> 2) & 0x0F;
          int type = hdr & 3;
          if (type == 3) {
            throw new InvalidInputException(
                "the OpenPGP public key has a packet of indeterminate length");
          }
          int n = 1 << type;
          len = 0;
          for (int i = 0; i < n; i++) {
            len = (len << 8) | (bytes[pos++] & 0xFF);
          }
        }
        if (len > bytes.length - pos) {
          throw new InvalidInputException("the OpenPGP public key is truncated");
        }
        if (tag == TAG_PUBLIC_KEY || tag == TAG_PUBLIC_SUBKEY) {
          keys.add(
              KeyPacket.parse(
                  Arrays.copyOfRange(bytes, pos, pos + (int) len), tag == TAG_PUBLIC_SUBKEY));
        }
        pos += (int) len;
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new InvalidInputException("the OpenPGP public key is truncated");
    }
    if (keys.isEmpty()) {
      throw new InvalidInputException("the OpenPGP data holds no public key");
    }
    return keys;
  }

  /** One v4 public key or subkey packet body: its algorithm and fingerprint. */
  private record KeyPacket(byte[] body, boolean subkey, int algorithmId, String fingerprint) {
    static KeyPacket parse(byte[] body, boolean subkey) throws InvalidInputException {
      if (body.length < 6 || body[0] != 4) {
        throw new InvalidInputException("only v4 OpenPGP keys are supported");
      }
      MessageDigest sha1 = newDigest("SHA-1"); // the v4 fingerprint is defined as SHA-1
      sha1.update((byte) 0x99);
      sha1.update((byte) (body.length >> 8));
      sha1.update((byte) body.length);
      sha1.update(body);
      return new KeyPacket(
          body, subkey, body[5] & 0xFF, HexFormat.of().withUpperCase().formatHex(sha1.digest()));
    }

    void hashInto(MessageDigest md) {
      md.update((byte) 0x99);
      md.update((byte) (body.length >> 8));
      md.update((byte) body.length);
      md.update(body);
    }

    Algorithm algorithm() {
      return switch (algorithmId) {
        case 1, 3 -> Algorithm.RSA;
        case 22, 27 -> Algorithm.EDDSA;
        case 19 -> Algorithm.ECDSA;
        case 17 -> Algorithm.DSA;
        default ->
            throw new IllegalStateException("unsupported OpenPGP key algorithm " + algorithmId);
      };
    }
  }
}
