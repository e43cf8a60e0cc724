package dev.konflux.ecosystem.maven.internal.metadata;

import dev.konflux.ecosystem.maven.internal.pom.InvalidPomException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

/**
 * Reads and writes artifact-level {@code maven-metadata.xml} with the JDK's StAX, DTDs and external
 * entities off (as for POMs). Maven's own metadata model (maven-repository-metadata) reads through
 * plexus' XPP3 parser, not a parser we can lock down the same way, and the format is six elements,
 * so the XML is written here; the version order comes from Maven ({@link ArtifactMetadata}).
 */
public final class MetadataXml {
  private static final DateTimeFormatter LAST_UPDATED =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_.+-]{1,255}");
  private static final int MAX_VERSIONS = 100_000;

  private static final XMLInputFactory INPUT = newInput();

  private static XMLInputFactory newInput() {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    return f;
  }

  private MetadataXml() {}

  /**
   * @param in a {@code maven-metadata.xml} (bounded by the caller)
   * @return its group, artifact and versions
   * @throws InvalidPomException (reused for any invalid Maven XML) if it is not usable
   * @throws IOException if reading fails
   */
  public static ArtifactMetadata read(InputStream in) throws InvalidPomException, IOException {
    String groupId = null;
    String artifactId = null;
    List<String> versions = new ArrayList<>();
    Deque<String> path = new ArrayDeque<>();
    StringBuilder text = new StringBuilder();
    try {
      XMLStreamReader r =
          INPUT.createXMLStreamReader(
              dev.konflux.ecosystem.maven.internal.pom.XmlTextDecoder.reader(in));
      while (r.hasNext()) {
        switch (r.next()) {
          case XMLStreamConstants.DTD,
              XMLStreamConstants.ENTITY_REFERENCE,
              XMLStreamConstants.ENTITY_DECLARATION ->
              throw new InvalidPomException("declares or uses entities");
          case XMLStreamConstants.START_ELEMENT -> {
            path.addLast(r.getLocalName());
            if (path.size() > 16) {
              throw new InvalidPomException("nests elements too deep");
            }
            text.setLength(0);
          }
          case XMLStreamConstants.CHARACTERS,
              XMLStreamConstants.CDATA,
              XMLStreamConstants.SPACE -> {
            if (text.length() < 1024) {
              text.append(r.getText(), 0, Math.min(r.getTextLength(), 1024));
            }
          }
          case XMLStreamConstants.END_ELEMENT -> {
            String p = String.join("/", path);
            String value = text.toString().trim();
            switch (p) {
              case "metadata/groupId" -> groupId = value;
              case "metadata/artifactId" -> artifactId = value;
              case "metadata/versioning/versions/version" -> {
                if (!VERSION.matcher(value).matches()) {
                  throw new InvalidPomException("lists an invalid version");
                }
                if (versions.size() >= MAX_VERSIONS) {
                  throw new InvalidPomException("lists more than " + MAX_VERSIONS + " versions");
                }
                versions.add(value);
              }
              default -> {}
            }
            path.removeLast();
            text.setLength(0);
          }
          default -> {}
        }
      }
    } catch (XMLStreamException e) {
      throw new InvalidPomException("is not well-formed XML");
    }
    if (groupId == null || artifactId == null) {
      throw new InvalidPomException("names no groupId or artifactId");
    }
    return new ArtifactMetadata(groupId, artifactId, versions);
  }

  /**
   * Writes the metadata with {@code latest}, {@code release}, {@code versions} and {@code
   * lastUpdated}.
   *
   * @param metadata what to write
   * @param lastUpdated the release time
   * @param out where; not closed
   * @throws IOException if writing fails
   */
  public static void write(ArtifactMetadata metadata, Instant lastUpdated, OutputStream out)
      throws IOException {
    try {
      XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
      w.writeCharacters("\n");
      w.writeStartElement("metadata");
      element(w, 1, "groupId", metadata.groupId());
      element(w, 1, "artifactId", metadata.artifactId());
      indent(w, 1);
      w.writeStartElement("versioning");
      if (metadata.latest().isPresent()) {
        element(w, 2, "latest", metadata.latest().get());
      }
      if (metadata.release().isPresent()) {
        element(w, 2, "release", metadata.release().get());
      }
      indent(w, 2);
      w.writeStartElement("versions");
      for (String v : metadata.versions()) {
        element(w, 3, "version", v);
      }
      indent(w, 2);
      w.writeEndElement();
      element(w, 2, "lastUpdated", LAST_UPDATED.format(lastUpdated));
      indent(w, 1);
      w.writeEndElement();
      w.writeCharacters("\n");
      w.writeEndElement();
      w.writeCharacters("\n");
      w.writeEndDocument();
      w.flush();
      w.close();
    } catch (XMLStreamException e) {
      throw new IOException("writing maven-metadata.xml failed", e);
    }
  }

  private static void element(XMLStreamWriter w, int depth, String name, String value)
      throws XMLStreamException {
    indent(w, depth);
    w.writeStartElement(name);
    w.writeCharacters(value);
    w.writeEndElement();
  }

  private static void indent(XMLStreamWriter w, int depth) throws XMLStreamException {
    w.writeCharacters("\n" + "  ".repeat(depth));
  }
}
