package dev.konflux.ecosystem.rpm.internal.repodata;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** Writes {@code repomd.xml}, the index of a repository's metadata files. */
final class RepomdXmlWriter {
  private RepomdXmlWriter() {}

  static void write(Writer out, String revision, List<MetadataFile> records) throws IOException {
    XmlWriter xml = new XmlWriter(out);
    xml.declaration();
    xml.start("", "repomd");
    xml.attribute("xmlns", RepodataNamespaces.REPO);
    xml.attribute("xmlns:rpm", RepodataNamespaces.RPM);
    xml.endStart("\n");
    xml.textElement("  ", "revision", revision);
    for (MetadataFile r : records) {
      xml.start("  ", "data");
      xml.attribute("type", r.type());
      xml.endStart("\n");
      checksum(xml, "checksum", r.checksum().hex());
      if (r.openChecksum() != null) {
        checksum(xml, "open-checksum", r.openChecksum().hex());
      }
      xml.start("    ", "location");
      xml.attribute("href", r.locationHref());
      xml.endEmpty();
      xml.textElement("    ", "timestamp", Long.toString(r.timestamp()));
      xml.textElement("    ", "size", Long.toString(r.size()));
      if (r.openChecksum() != null) {
        xml.textElement("    ", "open-size", Long.toString(r.openSize()));
      }
      xml.end("  ", "data");
    }
    xml.end("", "repomd");
  }

  private static void checksum(XmlWriter xml, String element, String hex) throws IOException {
    xml.start("    ", element);
    xml.attribute("type", "sha256");
    xml.endStart(hex);
    xml.raw("</" + element + ">\n");
  }
}
