package dev.konflux.ecosystem.rpm.internal.repodata;

import java.io.IOException;

/** Writes {@code other.xml}: the changelogs. */
final class OtherXmlWriter {
  private OtherXmlWriter() {}

  static final String FOOTER = "</otherdata>";

  static void header(XmlWriter xml, long count) throws IOException {
    xml.declaration();
    xml.start("", "otherdata");
    xml.attribute("xmlns", RepodataNamespaces.OTHER);
    xml.attribute("packages", Long.toString(count));
    xml.endStart("\n");
  }

  static void writePackage(XmlWriter xml, PackageEntry p) throws IOException {
    writePackageStart(xml, p);
    for (ChangelogEntry c : p.changelogs()) {
      xml.start("  ", "changelog");
      xml.attribute("author", c.author());
      xml.attribute("date", Long.toString(c.date()));
      xml.endStart("");
      xml.text(c.text());
      xml.raw("</changelog>\n");
    }
    xml.end("", "package");
  }

  /** The package element and version line that filelists and other share. */
  static void writePackageStart(XmlWriter xml, PackageEntry p) throws IOException {
    xml.start("", "package");
    xml.attribute("pkgid", p.pkgId());
    xml.attribute("name", p.name());
    xml.attribute("arch", p.arch());
    xml.endStart("\n");
    xml.start("  ", "version");
    xml.attribute("epoch", Long.toString(p.epoch()));
    xml.attribute("ver", p.version());
    xml.attribute("rel", p.release());
    xml.endEmpty();
  }
}
