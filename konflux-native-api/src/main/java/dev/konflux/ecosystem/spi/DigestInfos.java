package dev.konflux.ecosystem.spi;

import java.io.IOException;
import java.util.HexFormat;
import java.util.Locale;

/** PKCS#1 {@code DigestInfo} prefixes (RFC 8017 section 9.2, note 1), for RSA digest signing. */
final class DigestInfos {
  private DigestInfos() {}

  static byte[] prefixed(String hashAlgorithm, byte[] digest) throws IOException {
    String prefix =
        switch (hashAlgorithm.toUpperCase(Locale.ROOT).replace("-", "")) {
          case "SHA224" -> "302d300d06096086480165030402040500041c";
          case "SHA256" -> "3031300d060960864801650304020105000420";
          case "SHA384" -> "3041300d060960864801650304020205000430";
          case "SHA512" -> "3051300d060960864801650304020305000440";
          default -> throw new IOException("no RSA DigestInfo for " + hashAlgorithm);
        };
    byte[] p = HexFormat.of().parseHex(prefix);
    byte[] out = new byte[p.length + digest.length];
    System.arraycopy(p, 0, out, 0, p.length);
    System.arraycopy(digest, 0, out, p.length, digest.length);
    return out;
  }
}
