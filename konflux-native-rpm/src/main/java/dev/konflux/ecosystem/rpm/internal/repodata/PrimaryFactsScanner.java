package dev.konflux.ecosystem.rpm.internal.repodata;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads what an update decides on from one committed primary record without a StAX reader: a StAX
 * reader made per record was most of an update's parsing time (50,000 records, one each). Only the
 * plain form is read here, the form createrepo_c and our writer give: no entity or character
 * reference, comment, CDATA section, processing instruction or carriage return, names of plain
 * ASCII characters, every attribute quoted and separated by white space, and no control character.
 * Anything else (and anything this scanner finds odd) returns {@code null}, and the record is
 * parsed with StAX as before, so that what is accepted, and every error, stay StAX's. The fields
 * are those StAX reads ({@link ExistingRepodataReader#primaryFacts}): the direct children of {@code
 * <package>} up to the one that completes checksum, location, size and time.
 */
final class PrimaryFactsScanner {
  private final byte[] b;
  private final int len;
  private final String what;
  private int pos;

  private PrimaryFactsScanner(byte[] b, int len, String what) {
    this.b = b;
    this.len = len;
    this.what = what;
  }

  /**
   * @param bytes a record's bytes, from {@code <package} to its end tag
   * @param length how many of them
   * @param what names the file in messages
   * @return the facts, or {@code null} to parse the record with StAX
   * @throws InvalidInputException for the errors StAX's path reports on a well-formed record
   */
  static ExistingRepodataReader.@Nullable PrimaryFacts scan(byte[] bytes, int length, String what)
      throws InvalidInputException {
    if (!plain(bytes, length)) {
      return null;
    }
    return new PrimaryFactsScanner(bytes, length, what).facts();
  }

  /**
   * Whether the record has only the plain form: no {@code &}, {@code <!}, {@code <?}, {@code ]]>},
   * carriage return or control character, and valid UTF-8.
   */
  private static boolean plain(byte[] b, int len) {
    boolean ascii = true;
    for (int i = 0; i < len; i++) {
      int c = b[i];
      if (c < 0) {
        ascii = false;
      } else if (c < 0x20) {
        if (c != '\n' && c != '\t') {
          return false;
        }
      } else if (c == '&' || c == 0x7f) {
        return false;
      } else if (c == '<' && i + 1 < len && (b[i + 1] == '!' || b[i + 1] == '?')) {
        return false;
      } else if (c == ']' && i + 2 < len && b[i + 1] == ']' && b[i + 2] == '>') {
        return false;
      }
    }
    if (ascii) {
      return true;
    }
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      utf8.decode(ByteBuffer.wrap(b, 0, len));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** A parsed tag: its name, attributes (names and values as written), and kind. */
  private static final class Tag {
    String name = "";
    boolean end;
    boolean empty;
    final String[] names = new String[8];
    final String[] values = new String[8];
    int attributes;

    @Nullable String attribute(String n) {
      for (int i = 0; i < attributes; i++) {
        if (names[i].equals(n)) {
          return values[i];
        }
      }
      return null;
    }
  }

  private ExistingRepodataReader.@Nullable PrimaryFacts facts() throws InvalidInputException {
    Tag t = new Tag();
    if (!tag(t) || t.end || t.empty || !t.name.equals("package")) {
      return null;
    }
    String type = t.attribute("type");
    if (!"rpm".equals(type)) {
      // as the StAX path reports it
      throw new InvalidInputException(
          what
              + ": package of type "
              + RepodataWriter.printable(String.valueOf(type))
              + " is not supported");
    }
    String name = null;
    String arch = null;
    String evr = null;
    String pkgId = null;
    String href = null;
    long size = -1;
    long fileTime = -1;
    while (pkgId == null || href == null || size < 0 || fileTime < 0) {
      if (!toNextTag() || !tag(t)) {
        return null;
      }
      if (t.end) {
        // the package ended before everything was found: StAX reports it
        return null;
      }
      switch (t.name) {
        case "name" -> {
          name = text(t);
          if (name == null) {
            return null;
          }
        }
        case "arch" -> {
          arch = text(t);
          if (arch == null) {
            return null;
          }
        }
        case "version" -> {
          String epoch = t.attribute("epoch");
          evr =
              (epoch == null || epoch.isEmpty() ? "0" : epoch)
                  + ":"
                  + t.attribute("ver")
                  + "-"
                  + t.attribute("rel");
          if (!skip(t)) {
            return null;
          }
        }
        case "checksum" -> {
          String checksumType = t.attribute("type");
          String hex = text(t);
          if (hex == null) {
            return null;
          }
          if (!"sha256".equals(checksumType)) {
            throw new InvalidInputException(
                what
                    + ": only sha256 checksums are supported, found "
                    + RepodataWriter.printable(String.valueOf(checksumType)));
          }
          try {
            pkgId = new Digest(Digest.SHA256, hex.trim()).hex();
          } catch (IllegalArgumentException e) {
            throw new InvalidInputException(what + ": " + e.getMessage(), e);
          }
        }
        case "time" -> {
          fileTime = number(t, "file");
          if (!skip(t)) {
            return null;
          }
        }
        case "size" -> {
          size = number(t, "package");
          if (!skip(t)) {
            return null;
          }
        }
        case "location" -> {
          if (t.attribute("xml:base") != null) {
            throw new InvalidInputException(what + ": packages with xml:base are not supported");
          }
          href = t.attribute("href");
          if (href == null) {
            throw new InvalidInputException(what + ": element location lacks href");
          }
          if (!skip(t)) {
            return null;
          }
        }
        default -> {
          if (!skip(t)) {
            return null;
          }
        }
      }
    }
    return new ExistingRepodataReader.PrimaryFacts(
        href, pkgId, size, fileTime, name + "-" + evr + "." + arch);
  }

  private long number(Tag t, String attribute) throws InvalidInputException {
    String v = t.attribute(attribute);
    if (v == null) {
      throw new InvalidInputException(what + ": element " + t.name + " lacks " + attribute);
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n < 0) {
        throw new NumberFormatException("negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          what + ": " + attribute + " is not a number: " + RepodataWriter.printable(v));
    }
  }

  /** Skips text up to the next {@code <}; false at the end. */
  private boolean toNextTag() {
    while (pos < len && b[pos] != '<') {
      pos++;
    }
    return pos < len;
  }

  /**
   * The text of the element whose start tag {@code t} is, which must be followed by its end tag
   * with nothing but text between (StAX's getElementText); null otherwise.
   */
  private @Nullable String text(Tag t) {
    if (t.empty) {
      return "";
    }
    String name = t.name;
    int start = pos;
    if (!toNextTag()) {
      return null;
    }
    int end = pos;
    if (!tag(t) || !t.end || !t.name.equals(name)) {
      return null;
    }
    return new String(b, start, end - start, StandardCharsets.UTF_8);
  }

  /** Skips the element whose start tag {@code t} is, with end tags matched by name. */
  private boolean skip(Tag t) {
    if (t.empty) {
      return true;
    }
    String[] open = new String[16];
    int depth = 0;
    open[depth++] = t.name;
    while (depth > 0) {
      if (!toNextTag() || !tag(t)) {
        return false;
      }
      if (t.end) {
        if (!t.name.equals(open[--depth])) {
          return false;
        }
      } else if (!t.empty) {
        if (depth == open.length) {
          return false;
        }
        open[depth++] = t.name;
      }
    }
    return true;
  }

  /** Parses the tag at {@code pos} (a {@code <}) into {@code t}; false if it is not plain. */
  private boolean tag(Tag t) {
    if (pos >= len || b[pos] != '<') {
      return false;
    }
    pos++;
    t.end = pos < len && b[pos] == '/';
    if (t.end) {
      pos++;
    }
    String n = name();
    if (n == null) {
      return false;
    }
    t.name = n;
    t.attributes = 0;
    t.empty = false;
    while (true) {
      boolean space = false;
      while (pos < len && isSpace(b[pos])) {
        pos++;
        space = true;
      }
      if (pos >= len) {
        return false;
      }
      if (b[pos] == '>') {
        pos++;
        return true;
      }
      if (b[pos] == '/' && !t.end) {
        if (pos + 1 < len && b[pos + 1] == '>') {
          pos += 2;
          t.empty = true;
          return true;
        }
        return false;
      }
      if (!space || t.end || t.attributes == t.names.length) {
        return false;
      }
      String a = name();
      if (a == null || pos >= len || b[pos] != '=') {
        return false;
      }
      pos++;
      if (pos >= len || (b[pos] != '"' && b[pos] != '\'')) {
        return false;
      }
      byte quote = b[pos++];
      int start = pos;
      while (pos < len && b[pos] != quote) {
        // XML normalises white space in attribute values and forbids '<': StAX's business
        if (b[pos] == '<' || b[pos] == '\n' || b[pos] == '\t') {
          return false;
        }
        pos++;
      }
      if (pos >= len) {
        return false;
      }
      String v = new String(b, start, pos - start, StandardCharsets.UTF_8);
      pos++;
      for (int i = 0; i < t.attributes; i++) {
        if (t.names[i].equals(a)) {
          return false;
        }
      }
      t.names[t.attributes] = a;
      t.values[t.attributes] = v;
      t.attributes++;
    }
  }

  /** A plain ASCII name at {@code pos}, or null. */
  private @Nullable String name() {
    int start = pos;
    while (pos < len && isNameChar(b[pos], pos == start)) {
      pos++;
    }
    if (pos == start) {
      return null;
    }
    return new String(b, start, pos - start, StandardCharsets.ISO_8859_1);
  }

  private static boolean isNameChar(byte c, boolean first) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':') {
      return true;
    }
    return !first && ((c >= '0' && c <= '9') || c == '-' || c == '.');
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\n' || c == '\t';
  }
}
