package dev.konflux.ecosystem.rpm.internal.repodata;

import java.io.IOException;

/** Writes {@code filelists.xml}: every path of every package. */
final class FilelistsXmlWriter {
  private FilelistsXmlWriter() {}

  static final String FOOTER = "</filelists>";

  static void header(XmlWriter xml, long count) throws IOException {
    xml.declaration();
    xml.start("", "filelists");
    xml.attribute("xmlns", RepodataNamespaces.FILELISTS);
    xml.attribute("packages", Long.toString(count));
    xml.endStart("\n");
  }

  static void writePackage(XmlWriter xml, PackageEntry p) throws IOException {
    OtherXmlWriter.writePackageStart(xml, p);
    for (PackageFile f : p.files()) {
      writeFile(xml, "  ", f);
    }
    xml.end("", "package");
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
