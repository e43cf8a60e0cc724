package dev.konflux.ecosystem.sigstore;

import java.util.Arrays;
import java.util.List;

/** RFC 9162 §2.1.3.2 inclusion proof verification (SHA-256, leaf prefix 0x00, node prefix 0x01). */
final class MerkleProof {
  private MerkleProof() {}

  static byte[] leafHash(byte[] leaf) {
    return Keys.hash("SHA-256", new byte[] {0}, leaf);
  }

  /**
   * @return whether the path proves {@code leafHash} at {@code index} in a tree of {@code size}
   *     with {@code root}
   */
  static boolean verify(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
    if (index < 0 || index >= size) {
      return false;
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : path) {
      if (p.length != 32 || sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = Keys.hash("SHA-256", new byte[] {1}, p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = Keys.hash("SHA-256", new byte[] {1}, r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && Arrays.equals(r, root);
  }
}
