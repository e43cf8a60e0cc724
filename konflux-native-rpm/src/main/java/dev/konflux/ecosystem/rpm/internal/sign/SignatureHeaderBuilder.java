package dev.konflux.ecosystem.rpm.internal.sign;

import dev.konflux.ecosystem.rpm.internal.header.RpmTagType;
import dev.konflux.ecosystem.rpm.internal.header.RpmTags;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lays out a new signature header the way rpm writes one: the region entry (tag 62) first, then the
 * entries sorted by tag, data in tag order with each value aligned to its type, and the 16-byte
 * region trailer sealing all entries as the last data bytes.
 */
final class SignatureHeaderBuilder {

  private record Value(RpmTagType type, int count, byte[] data) {}

  private final Map<Integer, Value> values = new TreeMap<>();

  /**
   * Adds an entry with data already in on-disk form.
   *
   * @param tag the tag
   * @param type its type
   * @param count its element count
   * @param data its bytes (strings with their NULs)
   * @return this
   */
  SignatureHeaderBuilder raw(int tag, RpmTagType type, int count, byte[] data) {
    if (tag <= RpmTags.HEADER_SIGNATURES) {
      throw new IllegalArgumentException("tag " + tag + " would sort before the region entry");
    }
    values.put(tag, new Value(type, count, data.clone()));
    return this;
  }

  /**
   * @param tag the tag
   * @param value a string
   * @return this
   */
  SignatureHeaderBuilder string(int tag, String value) {
    byte[] s = value.getBytes(StandardCharsets.UTF_8);
    byte[] d = new byte[s.length + 1];
    System.arraycopy(s, 0, d, 0, s.length);
    return raw(tag, RpmTagType.STRING, 1, d);
  }

  /**
   * @param tag the tag
   * @param value bytes
   * @return this
   */
  SignatureHeaderBuilder bin(int tag, byte[] value) {
    return raw(tag, RpmTagType.BIN, value.length, value);
  }

  /**
   * @return the header bytes: magic, index count, data size, index, data (no padding)
   */
  byte[] build() {
    int il = values.size() + 1;
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    ByteBuffer index = ByteBuffer.allocate(16 * il);
    index.position(16); // the region entry goes first, once the data size is known
    for (Map.Entry<Integer, Value> e : values.entrySet()) {
      Value v = e.getValue();
      int width =
          switch (v.type()) {
            case INT16 -> 2;
            case INT32 -> 4;
            case INT64 -> 8;
            default -> 1;
          };
      while (data.size() % width != 0) {
        data.write(0);
      }
      index.putInt(e.getKey()).putInt(v.type().code()).putInt(data.size()).putInt(v.count());
      data.writeBytes(v.data());
    }
    int trailerOffset = data.size();
    ByteBuffer trailer = ByteBuffer.allocate(16);
    trailer
        .putInt(RpmTags.HEADER_SIGNATURES)
        .putInt(RpmTagType.BIN.code())
        .putInt(-16 * il)
        .putInt(16);
    data.writeBytes(trailer.array());
    index.position(0);
    index
        .putInt(RpmTags.HEADER_SIGNATURES)
        .putInt(RpmTagType.BIN.code())
        .putInt(trailerOffset)
        .putInt(16);
    byte[] d = data.toByteArray();
    ByteBuffer out = ByteBuffer.allocate(16 + 16 * il + d.length);
    out.put(new byte[] {(byte) 0x8e, (byte) 0xad, (byte) 0xe8, 0x01, 0, 0, 0, 0});
    out.putInt(il).putInt(d.length).put(index.array()).put(d);
    return out.array();
  }
}
