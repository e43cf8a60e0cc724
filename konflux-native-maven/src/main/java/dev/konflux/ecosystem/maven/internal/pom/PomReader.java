package dev.konflux.ecosystem.maven.internal.pom;

import dev.konflux.ecosystem.spi.UntrustedText;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * Reads a POM's coordinates with the JDK's StAX parser, DTDs and external entities off. A document
 * with a DOCTYPE (which is how external entities and entity-expansion bombs arrive) or with an
 * entity reference other than the five predefined ones is invalid: a deployed POM has neither.
 * Messages name the line and column only, never parser text, which can echo content.
 */
public final class PomReader {
  /** Deepest element nesting accepted (real POMs stay under 10). */
  static final int MAX_DEPTH = 64;

  /** Longest text of a field we keep, in characters. */
  static final int MAX_VALUE = 1024;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,255}");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_.+-]{1,255}");

  private static final XMLInputFactory FACTORY = newFactory();

  private static XMLInputFactory newFactory() {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    f.setXMLResolver(
        (publicId, systemId, base, ns) -> {
          throw new XMLStreamException("external resources are not read");
        });
    return f;
  }

  /**
   * @param in the POM bytes (bounded by the caller); not closed
   * @return its coordinates and Central fields
   * @throws InvalidPomException if it is not a usable POM
   * @throws IOException if reading fails
   */
  public Pom read(InputStream in) throws InvalidPomException, IOException {
    Fields f = new Fields();
    XMLStreamReader r;
    try {
      r = FACTORY.createXMLStreamReader(XmlTextDecoder.reader(in));
    } catch (XMLStreamException e) {
      throw new InvalidPomException("is not well-formed XML");
    }
    Deque<String> path = new ArrayDeque<>();
    StringBuilder text = new StringBuilder();
    try {
      while (r.hasNext()) {
        int event = r.next();
        switch (event) {
          case XMLStreamConstants.DTD ->
              throw new InvalidPomException(
                  "has a DOCTYPE declaration"
                      + at(r.getLocation())
                      + "; POMs must not declare DTDs or entities");
          case XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION ->
              throw new InvalidPomException(
                  "uses an entity"
                      + at(r.getLocation())
                      + "; POMs must not declare or use entities");
          case XMLStreamConstants.START_ELEMENT -> {
            String name = r.getLocalName();
            if (path.isEmpty() && !"project".equals(name)) {
              throw new InvalidPomException("has root element other than <project>");
            }
            path.addLast(name);
            if (path.size() > MAX_DEPTH) {
              throw new InvalidPomException("nests elements deeper than " + MAX_DEPTH);
            }
            text.setLength(0);
            f.start(path);
          }
          case XMLStreamConstants.CHARACTERS,
              XMLStreamConstants.CDATA,
              XMLStreamConstants.SPACE -> {
            if (text.length() <= MAX_VALUE) {
              text.append(
                  r.getText(), 0, Math.min(r.getTextLength(), MAX_VALUE + 1 - text.length()));
            }
          }
          case XMLStreamConstants.END_ELEMENT -> {
            f.end(path, text);
            path.removeLast();
            text.setLength(0);
          }
          default -> {
            // comments, processing instructions, document start/end carry nothing we use
          }
        }
      }
    } catch (XMLStreamException e) {
      throw new InvalidPomException("is not well-formed XML" + at(e.getLocation()));
    } finally {
      try {
        r.close();
      } catch (XMLStreamException e) {
        // nothing held beyond the caller's stream
      }
    }
    return f.pom();
  }

  private static String at(@Nullable Location l) {
    return l == null || l.getLineNumber() < 0
        ? ""
        : " at line " + l.getLineNumber() + ", column " + l.getColumnNumber();
  }

  /** The direct children of {@code <project>} and {@code <project><parent>} we keep. */
  private static final class Fields {
    @Nullable String groupId;
    @Nullable String artifactId;
    @Nullable String version;
    @Nullable String packaging;
    @Nullable String parentGroupId;
    @Nullable String parentArtifactId;
    @Nullable String parentVersion;
    boolean name;
    boolean description;
    boolean url;
    boolean licenses;
    boolean developers;
    boolean scm;

    void start(Deque<String> path) {
      if (path.size() == 2 && "scm".equals(path.peekLast())) {
        scm = true;
      }
      if (path.size() == 3) {
        String parent = nth(path, 1);
        if ("licenses".equals(parent) && "license".equals(path.peekLast())) {
          licenses = true;
        } else if ("developers".equals(parent) && "developer".equals(path.peekLast())) {
          developers = true;
        }
      }
    }

    void end(Deque<String> path, StringBuilder text) throws InvalidPomException {
      String element = path.peekLast();
      if (path.size() == 2) {
        switch (element) {
          case "groupId" -> groupId = once(groupId, text, "groupId");
          case "artifactId" -> artifactId = once(artifactId, text, "artifactId");
          case "version" -> version = once(version, text, "version");
          case "packaging" -> packaging = once(packaging, text, "packaging");
          case "name" -> name = !text.toString().isBlank();
          case "description" -> description = !text.toString().isBlank();
          case "url" -> url = !text.toString().isBlank();
          default -> {}
        }
      } else if (path.size() == 3 && "parent".equals(nth(path, 1))) {
        switch (element) {
          case "groupId" -> parentGroupId = once(parentGroupId, text, "parent groupId");
          case "artifactId" -> parentArtifactId = once(parentArtifactId, text, "parent artifactId");
          case "version" -> parentVersion = once(parentVersion, text, "parent version");
          default -> {}
        }
      }
    }

    private static @Nullable String nth(Deque<String> path, int index) {
      int i = 0;
      for (String s : path) {
        if (i++ == index) {
          return s;
        }
      }
      return null;
    }

    private static String once(@Nullable String previous, StringBuilder text, String what)
        throws InvalidPomException {
      if (previous != null) {
        throw new InvalidPomException("has more than one " + what);
      }
      if (text.length() > MAX_VALUE) {
        throw new InvalidPomException(
            "has a " + what + " longer than " + MAX_VALUE + " characters");
      }
      return text.toString().trim();
    }

    Pom pom() throws InvalidPomException {
      String g = check(groupId != null ? groupId : parentGroupId, "groupId", ID);
      String a = check(artifactId, "artifactId", ID);
      String v = check(version != null ? version : parentVersion, "version", VERSION);
      String p =
          check(packaging == null || packaging.isEmpty() ? "jar" : packaging, "packaging", ID);
      String parent =
          parentGroupId != null && parentArtifactId != null && parentVersion != null
              ? parentGroupId + ":" + parentArtifactId + ":" + parentVersion
              : null;
      return new Pom(g, a, v, p, name, description, url, licenses, developers, scm, parent);
    }

    private static String check(@Nullable String value, String what, Pattern pattern)
        throws InvalidPomException {
      if (value == null || value.isEmpty()) {
        throw new InvalidPomException("has no " + what);
      }
      if (value.contains("${")) {
        throw new InvalidPomException(
            "has an unresolved property in its "
                + what
                + " "
                + UntrustedText.quoted(value)
                + "; deployed POMs carry literal coordinates");
      }
      if (!pattern.matcher(value).matches()) {
        throw new InvalidPomException("has an invalid " + what + " " + UntrustedText.quoted(value));
      }
      return value;
    }
  }
}
