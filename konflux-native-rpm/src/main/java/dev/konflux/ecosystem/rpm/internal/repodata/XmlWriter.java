package dev.konflux.ecosystem.rpm.internal.repodata;

import java.io.IOException;
import java.io.Writer;

/**
 * A minimal streaming XML writer for repodata. The JDK's {@code XMLStreamWriter} leaves tabs,
 * newlines and carriage returns in attribute values unescaped (a reader then normalises them to
 * spaces) and passes characters XML 1.0 forbids straight through, so a changelog or description
 * with such bytes would come back different or not parse at all. This writer escapes the way
 * libxml2 (and so createrepo_c) does and replaces forbidden characters with U+FFFD. It keeps no
 * document in memory; callers write indentation themselves so that the layout matches
 * createrepo_c's.
 */
final class XmlWriter {
  private final Writer out;

  XmlWriter(Writer out) {
    this.out = out;
  }

  /** Writes {@code <?xml ...?>} and a newline. */
  void declaration() throws IOException {
    out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  }

  /** Writes markup that needs no escaping (indentation, tag names, newlines). */
  void raw(String s) throws IOException {
    out.write(s);
  }

  /**
   * Writes {@code indent<name}; follow with attributes and {@link #endStart} or {@link #endEmpty}.
   */
  void start(String indent, String name) throws IOException {
    out.write(indent);
    out.write('<');
    out.write(name);
  }

  /** Writes {@code name="value"} with the value escaped. */
  void attribute(String name, String value) throws IOException {
    out.write(' ');
    out.write(name);
    out.write("=\"");
    escape(value, true);
    out.write('"');
  }

  /** Closes a start tag: {@code >}, then {@code suffix}. */
  void endStart(String suffix) throws IOException {
    out.write('>');
    out.write(suffix);
  }

  /** Closes an empty element: {@code />} and a newline. */
  void endEmpty() throws IOException {
    out.write("/>\n");
  }

  /** Writes {@code </name>} and a newline. */
  void end(String indent, String name) throws IOException {
    out.write(indent);
    out.write("</");
    out.write(name);
    out.write(">\n");
  }

  /** Writes escaped character data. */
  void text(String s) throws IOException {
    escape(s, false);
  }

  /** Writes {@code indent<name>text</name>} and a newline. */
  void textElement(String indent, String name, String text) throws IOException {
    start(indent, name);
    out.write('>');
    escape(text, false);
    out.write("</");
    out.write(name);
    out.write(">\n");
  }

  private void escape(String s, boolean attribute) throws IOException {
    int n = s.length();
    int clean = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      String replacement = null;
      if (c < 0x20) {
        if (c == '\n') {
          replacement = attribute ? "&#10;" : null;
        } else if (c == '\t') {
          replacement = attribute ? "&#9;" : null;
        } else if (c == '\r') {
          replacement = "&#13;";
        } else {
          replacement = "\uFFFD";
        }
      } else if (c == '<') {
        replacement = "&lt;";
      } else if (c == '>') {
        replacement = "&gt;";
      } else if (c == '&') {
        replacement = "&amp;";
      } else if (c == '"' && attribute) {
        replacement = "&quot;";
      } else if (c >= 0xD800 && c <= 0xDFFF) {
        // a surrogate is legal only as a well-formed pair
        boolean pair =
            Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
        if (pair) {
          i++;
          continue;
        }
        replacement = "\uFFFD";
      } else if (c == 0xFFFE || c == 0xFFFF) {
        replacement = "\uFFFD";
      }
      if (replacement != null) {
        out.write(s, clean, i - clean);
        out.write(replacement);
        clean = i + 1;
      }
    }
    out.write(s, clean, n - clean);
  }
}
