package dev.konflux.ecosystem.rpm.internal.repodata;

import java.io.IOException;
import java.util.List;

/** Writes {@code filelists.xml}: every path of every package. */
final class FilelistsXmlWriter {
  private FilelistsXmlWriter() {}

  static void write(XmlWriter xml, List<PackageEntry> packages) throws IOException {
    xml.declaration();
    xml.start("", "filelists");
    xml.attribute("xmlns", RepodataNamespaces.FILELISTS);
    xml.attribute("packages", Integer.toString(packages.size()));
    xml.endStart("\n");
    for (PackageEntry p : packages) {
      OtherXmlWriter.writePackageStart(xml, p);
      for (PackageFile f : p.files()) {
        writeFile(xml, "  ", f);
      }
      xml.end("", "package");
    }
    xml.raw("</filelists>");
  }

  static void writeFile(XmlWriter xml, String indent, PackageFile f) throws IOException {
    xml.start(indent, "file");
    switch (f.type()) {
      case DIR -> xml.attribute("type", "dir");
      case GHOST -> xml.attribute("type", "ghost");
      case FILE -> {}
    }
    xml.endStart("");
    xml.text(f.path());
    xml.raw("</file>\n");
  }
}
