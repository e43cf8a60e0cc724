package dev.konflux.ecosystem.rpm.internal.repodata;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code <package>} records of a committed {@code primary}, {@code filelists} or {@code other}
 * file, one at a time, as the raw (decompressed) bytes from {@code <package} to its end tag, so
 * that an update can copy unchanged records through without building them into objects. The file is
 * untrusted: its stored bytes are hashed and counted while streaming and compared with its {@code
 * repomd.xml} record by {@link #finish} (call it before using what was copied), the decompressed
 * size and each record are bounded, markup is tokenised (tags with quoted attributes, comments,
 * CDATA sections, processing instructions) and must nest; no DTD is accepted. Records are checked
 * further by whoever reads their fields (primary records are parsed with StAX).
 */
final class MetadataRecords implements Closeable {
  /** The most bytes one record may have. */
  static final int MAX_RECORD = 64 << 20;

  private final MetadataFile record;
  private final String what;
  private final String rootName;
  private final ExistingRepodataReader.HashingInputStream stored;
  private final InputStream open;
  private final byte[] chunk = new byte[64 << 10];
  private int pos;
  private int lim;
  private byte[] buf = new byte[16 << 10];
  private int len;
  private boolean ended;
  private long records;

  private MetadataRecords(
      MetadataFile record,
      String what,
      String rootName,
      ExistingRepodataReader.HashingInputStream stored,
      InputStream open) {
    this.record = record;
    this.what = what;
    this.rootName = rootName;
    this.stored = stored;
    this.open = open;
  }

  /**
   * Opens a metadata file named by {@code repomd.xml} and reads up to its first record.
   *
   * @param root the repository root
   * @param record its {@code repomd.xml} record
   * @param rootName the root element's name
   * @param namespace the root element's default namespace
   * @param maxOpenBytes the most decompressed bytes the file may have
   */
  static MetadataRecords open(
      Path root, MetadataFile record, String rootName, String namespace, long maxOpenBytes)
      throws InvalidInputException, IOException {
    RepodataWriter.checkLocation(record.locationHref(), record.type() + " metadata");
    Path file = root.resolve(record.locationHref());
    String what = record.type() + " metadata " + record.locationHref();
    ExistingRepodataReader.HashingInputStream stored;
    try {
      stored =
          new ExistingRepodataReader.HashingInputStream(
              Files.newInputStream(file), record.size(), what);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(what + " named in repomd.xml does not exist", e);
    }
    MetadataRecords r = null;
    try {
      // the decompressor must not close the hashing stream: its rest is drained by finish()
      InputStream shielded =
          new FilterInputStream(stored) {
            @Override
            public void close() {}
          };
      InputStream decompressed;
      try {
        decompressed = MetadataCompression.decompress(new BufferedInputStream(shielded, 64 << 10));
      } catch (IOException e) {
        throw new InvalidInputException(what + " cannot be read: " + e.getMessage(), e);
      }
      r =
          new MetadataRecords(
              record,
              what,
              rootName,
              stored,
              new ExistingRepodataReader.BoundedInputStream(decompressed, maxOpenBytes));
      r.prolog(namespace);
      return r;
    } finally {
      if (r == null) {
        stored.close();
      }
    }
  }

  String what() {
    return what;
  }

  /**
   * Moves to the next {@code <package>} record; other elements between records are skipped.
   *
   * @return false after the root's end tag
   */
  boolean next() throws InvalidInputException, IOException {
    while (!ended) {
      skipWhitespace();
      int c = read();
      if (c < 0) {
        throw malformed("ends inside <" + rootName + ">");
      }
      if (c != '<') {
        throw malformed("has text between packages");
      }
      int d = peek();
      if (d == '/') {
        len = 0;
        append('<');
        tag();
        if (!rootName.equals(name())) {
          throw malformed("closes <" + rootName + "> with " + printableName());
        }
        ended = true;
        epilog();
        return false;
      }
      if (d == '!' || d == '?') {
        len = 0;
        append('<');
        special(false);
        continue;
      }
      len = 0;
      append('<');
      boolean empty = tag();
      String name = name();
      if (!empty) {
        content();
      }
      if (name.equals("package")) {
        records++;
        return true;
      }
    }
    return false;
  }

  /**
   * @return the current record's bytes (valid up to {@link #length})
   */
  byte[] bytes() {
    return buf;
  }

  /**
   * @return the current record's length
   */
  int length() {
    return len;
  }

  /**
   * @return the records read so far
   */
  long records() {
    return records;
  }

  /** Writes the current record. */
  void copyTo(OutputStream out) throws IOException {
    out.write(buf, 0, len);
  }

  /**
   * The current record's {@code pkgid} attribute (as filelists and other carry it), checked to be a
   * SHA-256.
   */
  String pkgId() throws InvalidInputException {
    String v = startTagAttributes().get("pkgid");
    if (v == null) {
      throw malformed("has a package without pkgid");
    }
    try {
      return new Digest(Digest.SHA256, v).hex();
    } catch (IllegalArgumentException e) {
      throw malformed("has a pkgid that is not a sha256: " + RepodataWriter.printable(v));
    }
  }

  /**
   * Reads to the end and checks the stored bytes against the size and SHA-256 that {@code
   * repomd.xml} records.
   */
  void finish() throws InvalidInputException, IOException {
    try {
      while (next()) {
        // records after the last one used are still part of the file
      }
      open.transferTo(OutputStream.nullOutputStream());
      stored.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new InvalidInputException(what + " cannot be read: " + e.getMessage(), e);
    }
    if (record.size() >= 0 && stored.count() != record.size()) {
      throw new InvalidInputException(
          what + " has " + stored.count() + " bytes, repomd.xml says " + record.size());
    }
    Digest actual = stored.digest();
    if (!actual.equals(record.checksum())) {
      throw new InvalidInputException(
          what + " has checksum " + actual + ", repomd.xml says " + record.checksum());
    }
  }

  @Override
  public void close() throws IOException {
    stored.close();
  }

  // ---------------------------------------------------------------- tokenising

  private void prolog(String namespace) throws InvalidInputException, IOException {
    int first = peek();
    if (first == 0xEF) { // a UTF-8 byte order mark
      if (read() != 0xEF || read() != 0xBB || read() != 0xBF) {
        throw malformed("does not start with XML");
      }
    }
    while (true) {
      skipWhitespace();
      if (read() != '<') {
        throw malformed("does not start with <" + rootName + ">");
      }
      int d = peek();
      if (d == '!' || d == '?') {
        len = 0;
        append('<');
        special(true);
        continue;
      }
      len = 0;
      append('<');
      boolean empty = tag();
      if (!rootName.equals(name())) {
        throw malformed("has the root element " + printableName() + ", not " + rootName);
      }
      String ns = startTagAttributes().get("xmlns");
      if (!namespace.equals(ns)) {
        throw malformed("root element is not " + rootName + " of " + namespace);
      }
      if (empty) {
        ended = true;
        epilog();
      }
      return;
    }
  }

  /** After the root's end: only whitespace, comments and processing instructions. */
  private void epilog() throws InvalidInputException, IOException {
    while (true) {
      skipWhitespace();
      int c = read();
      if (c < 0) {
        return;
      }
      int d = peek();
      if (c != '<' || (d != '!' && d != '?')) {
        throw malformed("has content after </" + rootName + ">");
      }
      len = 0;
      append('<');
      special(false);
    }
  }

  /**
   * After {@code <} of {@code <!} or {@code <?}: a comment, a CDATA section (inside records only)
   * or a processing instruction, appended to the buffer. A DOCTYPE is refused.
   */
  private void special(boolean prolog) throws InvalidInputException, IOException {
    int c = read();
    append(c);
    if (c == '?') {
      until("?>");
      return;
    }
    if (matches("--")) {
      until("-->");
    } else if (!prolog && matches("[CDATA[")) {
      until("]]>");
    } else {
      throw malformed("has a DOCTYPE or other declaration, which is not accepted");
    }
  }

  /** Consumes and appends {@code s} if the input continues with it. */
  private boolean matches(String s) throws IOException, InvalidInputException {
    for (int i = 0; i < s.length(); i++) {
      if (peek() != s.charAt(i)) {
        if (i == 0) {
          return false;
        }
        throw malformed("has a malformed declaration");
      }
      append(read());
    }
    return true;
  }

  /** Appends up to and including {@code end}. */
  private void until(String end) throws IOException, InvalidInputException {
    int n = end.length();
    while (true) {
      int c = read();
      if (c < 0) {
        throw malformed("ends inside a comment, CDATA section or processing instruction");
      }
      append(c);
      if (c == end.charAt(n - 1) && len >= n) {
        boolean match = true;
        for (int i = 0; i < n - 1 && match; i++) {
          match = buf[len - n + i] == end.charAt(i);
        }
        if (match) {
          return;
        }
      }
    }
  }

  /**
   * After {@code <}: a start or end tag up to {@code >} (quote-aware), appended.
   *
   * @return whether it is an empty-element tag ({@code />})
   */
  private boolean tag() throws IOException, InvalidInputException {
    int quote = 0;
    while (true) {
      if (pos == lim && !fill()) {
        throw malformed("ends inside a tag");
      }
      // scanned in the chunk and appended in runs: a byte at a time was most of the splitting
      int start = pos;
      while (pos < lim) {
        int c = chunk[pos++] & 0xff;
        if (quote != 0) {
          if (c == quote) {
            quote = 0;
          }
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '<') {
          append(chunk, start, pos - start);
          throw malformed("has '<' inside a tag");
        } else if (c == '>') {
          append(chunk, start, pos - start);
          return len >= 2 && buf[len - 2] == '/' && buf[1] != '/';
        }
      }
      append(chunk, start, pos - start);
    }
  }

  /** After a start tag that is not empty: everything up to and including the matching end tag. */
  private void content() throws IOException, InvalidInputException {
    int depth = 1;
    while (depth > 0) {
      if (pos == lim && !fill()) {
        throw malformed("ends inside a package");
      }
      // text up to the next '<', appended as one run
      int start = pos;
      while (pos < lim && chunk[pos] != '<') {
        pos++;
      }
      if (pos > start) {
        append(chunk, start, pos - start);
        continue;
      }
      int c = read();
      append(c);
      int d = peek();
      if (d == '!' || d == '?') {
        special(false);
      } else if (d == '/') {
        tag();
        depth--;
      } else if (!tag()) {
        depth++;
      }
    }
  }

  /** The name of the tag at the start of the buffer. */
  private String name() {
    int start = buf[1] == '/' ? 2 : 1;
    int end = start;
    while (end < len && !isNameEnd(buf[end])) {
      end++;
    }
    return new String(buf, start, end - start, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static boolean isNameEnd(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '>' || b == '/';
  }

  private String printableName() {
    return RepodataWriter.printable(name());
  }

  /** The attributes of the start tag at the start of the buffer, values as written. */
  private Map<String, String> startTagAttributes() throws InvalidInputException {
    Map<String, String> out = new HashMap<>();
    int i = 1;
    while (i < len && !isNameEnd(buf[i])) {
      i++;
    }
    while (true) {
      while (i < len && isSpace(buf[i])) {
        i++;
      }
      if (i >= len || buf[i] == '>' || buf[i] == '/') {
        return out;
      }
      int nameStart = i;
      while (i < len && buf[i] != '=' && !isSpace(buf[i])) {
        i++;
      }
      String name =
          new String(buf, nameStart, i - nameStart, java.nio.charset.StandardCharsets.UTF_8);
      while (i < len && isSpace(buf[i])) {
        i++;
      }
      if (i >= len || buf[i] != '=') {
        throw malformed("has an attribute without a value");
      }
      i++;
      while (i < len && isSpace(buf[i])) {
        i++;
      }
      if (i >= len || (buf[i] != '"' && buf[i] != '\'')) {
        throw malformed("has an unquoted attribute");
      }
      byte quote = buf[i++];
      int valueStart = i;
      while (i < len && buf[i] != quote) {
        i++;
      }
      out.put(
          name,
          new String(buf, valueStart, i - valueStart, java.nio.charset.StandardCharsets.UTF_8));
      i++;
    }
  }

  private static boolean isSpace(int b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  private void skipWhitespace() throws InvalidInputException {
    while (isSpace(peek())) {
      pos++;
    }
  }

  private int peek() throws InvalidInputException {
    if (pos == lim && !fill()) {
      return -1;
    }
    return chunk[pos] & 0xff;
  }

  private int read() throws InvalidInputException {
    if (pos == lim && !fill()) {
      return -1;
    }
    return chunk[pos++] & 0xff;
  }

  private boolean fill() throws InvalidInputException {
    int n;
    try {
      n = open.read(chunk, 0, chunk.length);
    } catch (IOException e) {
      throw new InvalidInputException(what + " cannot be read: " + e.getMessage(), e);
    }
    if (n <= 0) {
      pos = lim = 0;
      return false;
    }
    pos = 0;
    lim = n;
    return true;
  }

  private void append(byte[] from, int offset, int count) throws InvalidInputException {
    if (len + count > buf.length) {
      if (len + count > MAX_RECORD) {
        throw malformed("has a package record of more than " + MAX_RECORD + " bytes");
      }
      buf = Arrays.copyOf(buf, Math.min(MAX_RECORD, Math.max(len + count, len * 2)));
    }
    System.arraycopy(from, offset, buf, len, count);
    len += count;
  }

  private void append(int c) throws InvalidInputException {
    if (len == buf.length) {
      if (len >= MAX_RECORD) {
        throw malformed("has a package record of more than " + MAX_RECORD + " bytes");
      }
      buf = Arrays.copyOf(buf, Math.min(MAX_RECORD, len * 2));
    }
    buf[len++] = (byte) c;
  }

  private InvalidInputException malformed(String message) {
    return new InvalidInputException(what + " is not well-formed metadata: it " + message);
  }

  /** For tests and messages: the current record as text. */
  @Override
  public String toString() {
    return what + " record " + records;
  }
}
