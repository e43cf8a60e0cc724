package dev.konflux.ecosystem.testkit;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.jspecify.annotations.Nullable;

/**
 * Reads the signature header of an RPM package and checks its OpenPGP header signature with a
 * public key, in process, so a test can assert that an output package is signed without running
 * {@code rpm -K}.
 *
 * <pre>{@code
 * RpmHeaderSignature.assertSignedBy(out.resolve("rpm/x86_64/foo-1.0-1.x86_64.rpm"), key.publicKeyArmored());
 * }</pre>
 *
 * <p>What is checked, as {@code rpm -K} does at signature level for a v4 package: the header
 * signature tags ({@code RSAHEADER} 268 or {@code DSAHEADER} 267, an OpenPGP signature over the
 * main header, magic included) verify with the key, and the {@code SHA256HEADER} digest (273), when
 * present, is the main header's SHA-256. The payload is not read: header-only signatures cover it
 * through the payload digest inside the signed header.
 *
 * <p>Hand-written because no Java library reads RPM signature headers; it is a test aid and reads
 * its input with fixed bounds (at most 64 Ki index entries and 256 MiB of header data).
 */
public final class RpmHeaderSignature {
  /** Tag of a header-only DSA, ECDSA or EdDSA OpenPGP signature. */
  public static final int DSAHEADER = 267;

  /** Tag of a header-only RSA OpenPGP signature. */
  public static final int RSAHEADER = 268;

  /** Tag of the main header's SHA-256, lower-case hex. */
  public static final int SHA256HEADER = 273;

  private static final int LEAD_MAGIC = 0xedabeedb;
  private static final int LEAD_SIZE = 96;
  private static final int HEADER_MAGIC = 0x8eade801;
  private static final int MAX_ENTRIES = 64 * 1024;
  private static final int MAX_DATA = 256 * 1024 * 1024;
  private static final int TYPE_STRING = 6;
  private static final int TYPE_BIN = 7;

  private final Path file;
  private final Map<Integer, byte[]> signatureTags;
  private final byte[] mainHeader;

  private RpmHeaderSignature(Path file, Map<Integer, byte[]> signatureTags, byte[] mainHeader) {
    this.file = file;
    this.signatureTags = signatureTags;
    this.mainHeader = mainHeader;
  }

  /**
   * Reads the lead, the signature header and the main header of a package.
   *
   * @param rpm the package file
   * @return what it holds
   * @throws IOException if the file cannot be read or is not an RPM v3/v4 package
   */
  public static RpmHeaderSignature read(Path rpm) throws IOException {
    try (InputStream in = Files.newInputStream(rpm)) {
      return read(in, rpm);
    }
  }

  static RpmHeaderSignature read(InputStream raw, Path file) throws IOException {
    DataInputStream in = new DataInputStream(raw);
    byte[] lead = readExactly(in, LEAD_SIZE, "lead");
    if (ByteBuffer.wrap(lead).getInt() != LEAD_MAGIC) {
      throw new IOException(file + " is not an RPM package (no lead magic)");
    }
    byte[] signature = readHeader(in, "signature header");
    // The signature header is padded to a multiple of 8 bytes.
    int pad = (8 - signature.length % 8) % 8;
    readExactly(in, pad, "signature header padding");
    byte[] main = readHeader(in, "main header");
    return new RpmHeaderSignature(file, entries(signature), main);
  }

  /**
   * @return the whole header, magic through data, exactly as stored
   */
  private static byte[] readHeader(DataInputStream in, String what) throws IOException {
    byte[] intro = readExactly(in, 16, what);
    ByteBuffer b = ByteBuffer.wrap(intro);
    if (b.getInt() != HEADER_MAGIC) {
      throw new IOException(what + " has no header magic");
    }
    b.getInt();
    int entries = b.getInt();
    int data = b.getInt();
    if (entries < 1 || entries > MAX_ENTRIES || data < 0 || data > MAX_DATA) {
      throw new IOException(what + " declares " + entries + " entries and " + data + " data bytes");
    }
    byte[] rest = readExactly(in, 16 * entries + data, what);
    byte[] whole = new byte[16 + rest.length];
    System.arraycopy(intro, 0, whole, 0, 16);
    System.arraycopy(rest, 0, whole, 16, rest.length);
    return whole;
  }

  private static Map<Integer, byte[]> entries(byte[] header) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(header);
    int count = b.getInt(8);
    int dataStart = 16 + 16 * count;
    int dataLength = header.length - dataStart;
    Map<Integer, byte[]> out = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      int at = 16 + 16 * i;
      int tag = b.getInt(at);
      int type = b.getInt(at + 4);
      int offset = b.getInt(at + 8);
      int n = b.getInt(at + 12);
      if (offset < 0 || offset > dataLength) {
        throw new IOException("signature tag " + tag + " points outside the header data");
      }
      if (type == TYPE_BIN) {
        if (n < 0 || n > dataLength - offset) {
          throw new IOException("signature tag " + tag + " runs past the header data");
        }
        out.put(
            tag, java.util.Arrays.copyOfRange(header, dataStart + offset, dataStart + offset + n));
      } else if (type == TYPE_STRING) {
        int end = dataStart + offset;
        while (end < header.length && header[end] != 0) {
          end++;
        }
        if (end >= header.length) {
          throw new IOException("signature tag " + tag + " is an unterminated string");
        }
        out.put(tag, java.util.Arrays.copyOfRange(header, dataStart + offset, end));
      }
    }
    return out;
  }

  private static byte[] readExactly(DataInputStream in, int n, String what) throws IOException {
    byte[] b = new byte[n];
    try {
      in.readFully(b);
    } catch (EOFException e) {
      throw new IOException("the package ends inside its " + what, e);
    }
    return b;
  }

  /**
   * @return the tags of the signature header that this reader keeps (binary and string values)
   */
  public List<Integer> signatureTags() {
    return List.copyOf(signatureTags.keySet());
  }

  /**
   * @return whether the package carries a header-only OpenPGP signature (tag 267 or 268)
   */
  public boolean isSigned() {
    return signatureTags.containsKey(RSAHEADER) || signatureTags.containsKey(DSAHEADER);
  }

  /**
   * @return the key id (16 hex digits, lower case) of the header signature, if signed
   */
  public Optional<String> keyId() {
    try {
      List<PGPSignature> sigs = headerSignatures();
      return sigs.isEmpty()
          ? Optional.empty()
          : Optional.of(String.format(Locale.ROOT, "%016x", sigs.get(0).getKeyID()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * @param publicKeyArmored an armored OpenPGP public key (ring or collection)
   * @return null when every header signature verifies with a key of it and the header digest
   *     matches; otherwise why not
   */
  public @Nullable String problemWith(String publicKeyArmored) {
    if (!isSigned()) {
      return "has no header signature (tags present: " + signatureTags() + ")";
    }
    byte[] digest = signatureTags.get(SHA256HEADER);
    if (digest != null) {
      String actual = HexFormat.of().formatHex(sha256(mainHeader));
      if (!actual.equals(new String(digest, StandardCharsets.US_ASCII))) {
        return "SHA256HEADER does not match the main header";
      }
    }
    try {
      PGPPublicKeyRingCollection keys =
          new PGPPublicKeyRingCollection(
              PGPUtil.getDecoderStream(
                  new ByteArrayInputStream(publicKeyArmored.getBytes(StandardCharsets.US_ASCII))),
              new BcKeyFingerprintCalculator());
      for (PGPSignature sig : headerSignatures()) {
        PGPPublicKey key = keys.getPublicKey(sig.getKeyID());
        if (key == null) {
          return String.format(
              Locale.ROOT, "is signed by key %016x, not by the given key", sig.getKeyID());
        }
        sig.init(new BcPGPContentVerifierBuilderProvider(), key);
        sig.update(mainHeader);
        if (!sig.verify()) {
          return "header signature does not verify";
        }
      }
      return null;
    } catch (IOException | PGPException | RuntimeException e) {
      // Bouncy Castle reports some malformed packets as runtime exceptions.
      return "header signature cannot be checked: " + e.getMessage();
    }
  }

  /**
   * @param publicKeyArmored an armored OpenPGP public key
   * @return whether the package's header signature verifies with it
   */
  public boolean isSignedBy(String publicKeyArmored) {
    return problemWith(publicKeyArmored) == null;
  }

  /**
   * Fails a test unless the package's header signature verifies with the key.
   *
   * @param rpm the package
   * @param publicKeyArmored an armored OpenPGP public key
   * @throws AssertionError naming the package and the reason
   * @throws IOException if the package cannot be read
   */
  public static void assertSignedBy(Path rpm, String publicKeyArmored) throws IOException {
    String problem = read(rpm).problemWith(publicKeyArmored);
    if (problem != null) {
      throw new AssertionError(rpm + " " + problem);
    }
  }

  private List<PGPSignature> headerSignatures() throws IOException {
    List<PGPSignature> out = new ArrayList<>();
    for (int tag : List.of(RSAHEADER, DSAHEADER)) {
      byte[] packet = signatureTags.get(tag);
      if (packet == null) {
        continue;
      }
      Object o;
      try {
        o = new BcPGPObjectFactory(packet).nextObject();
      } catch (RuntimeException e) {
        throw new IOException(
            "signature tag " + tag + " of " + file + " is not an OpenPGP packet", e);
      }
      if (!(o instanceof PGPSignatureList list) || list.isEmpty()) {
        throw new IOException(
            "signature tag " + tag + " of " + file + " holds no OpenPGP signature");
      }
      out.add(list.get(0));
    }
    return out;
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "RpmHeaderSignature[" + file + ", tags " + signatureTags() + "]";
  }
}
