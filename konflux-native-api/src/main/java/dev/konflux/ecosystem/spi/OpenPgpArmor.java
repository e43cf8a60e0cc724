package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * OpenPGP ASCII armor (RFC 4880 section 6.2) for signatures and public keys, with the CRC-24
 * checksum line and no header lines, lines of 64 characters and {@code \n} line ends: the form
 * {@code gpg}, {@code rpm} and Maven read, and the bytes earlier releases wrote.
 */
public final class OpenPgpArmor {
  private static final String SIGNATURE = "PGP SIGNATURE";
  private static final String PUBLIC_KEY = "PGP PUBLIC KEY BLOCK";

  private OpenPgpArmor() {}

  /**
   * @param signature a binary signature packet, as {@link OpenPgpSigner#sign} returns it
   * @return the armored signature ({@code .asc} file content)
   */
  public static String armorSignature(byte[] signature) {
    return armor(SIGNATURE, signature);
  }

  /**
   * @param publicKey a binary transferable public key, as {@link OpenPgpSigner#publicKey()} returns
   *     it
   * @return the armored public key block (for example {@code RPM-GPG-KEY-*} content)
   */
  public static String armorPublicKey(byte[] publicKey) {
    return armor(PUBLIC_KEY, publicKey);
  }

  /**
   * Reads the first armored block of a text.
   *
   * @param text armored text; anything before the {@code -----BEGIN} line is ignored
   * @param what a name for messages (never the content)
   * @return the binary content
   * @throws InvalidInputException if there is no complete block, its base64 is broken or its
   *     checksum does not match
   */
  public static byte[] dearmor(String text, String what) throws InvalidInputException {
    int begin = text.indexOf("-----BEGIN PGP ");
    if (begin < 0) {
      throw new InvalidInputException(what + " holds no armored OpenPGP block");
    }
    String[] lines = text.substring(begin).split("\r?\n", -1);
    int i = 1;
    while (i < lines.length && !lines[i].isBlank()) {
      i++; // header lines ("Version: ...") up to the blank line
    }
    StringBuilder b64 = new StringBuilder();
    String crc = null;
    boolean ended = false;
    for (i++; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.startsWith("-----END PGP ")) {
        ended = true;
        break;
      }
      if (line.startsWith("=")) {
        crc = line.substring(1);
      } else {
        b64.append(line);
      }
    }
    if (!ended) {
      throw new InvalidInputException(what + ": armored OpenPGP block has no END line");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(b64.toString());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(what + ": armored OpenPGP block is not valid base64");
    }
    if (crc != null && !crc.equals(crc24Base64(bytes))) {
      throw new InvalidInputException(what + ": armored OpenPGP block fails its CRC-24 checksum");
    }
    return bytes;
  }

  private static String armor(String type, byte[] data) {
    StringBuilder sb = new StringBuilder(data.length * 4 / 3 + 128);
    sb.append("-----BEGIN ").append(type).append("-----\n\n");
    String b64 = Base64.getEncoder().encodeToString(data);
    for (int i = 0; i < b64.length(); i += 64) {
      sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
    }
    sb.append('=').append(crc24Base64(data)).append('\n');
    sb.append("-----END ").append(type).append("-----\n");
    return sb.toString();
  }

  /** RFC 4880 section 6.1. */
  private static String crc24Base64(byte[] data) {
    int crc = 0xB704CE;
    for (byte b : data) {
      crc ^= (b & 0xFF) << 16;
      for (int i = 0; i < 8; i++) {
        crc <<= 1;
        if ((crc & 0x1000000) != 0) {
          crc ^= 0x1864CFB;
        }
      }
    }
    crc &= 0xFFFFFF;
    ByteArrayOutputStream out = new ByteArrayOutputStream(3);
    out.write(crc >> 16);
    out.write(crc >> 8);
    out.write(crc);
    return new String(Base64.getEncoder().encode(out.toByteArray()), StandardCharsets.US_ASCII);
  }
}
