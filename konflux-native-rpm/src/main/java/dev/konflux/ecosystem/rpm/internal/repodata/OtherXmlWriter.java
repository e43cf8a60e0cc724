package dev.konflux.ecosystem.rpm.internal.repodata;

import java.io.IOException;
import java.util.List;

/** Writes {@code other.xml}: the changelogs. */
final class OtherXmlWriter {
  private OtherXmlWriter() {}

  static void write(XmlWriter xml, List<PackageEntry> packages) throws IOException {
    xml.declaration();
    xml.start("", "otherdata");
    xml.attribute("xmlns", RepodataNamespaces.OTHER);
    xml.attribute("packages", Integer.toString(packages.size()));
    xml.endStart("\n");
    for (PackageEntry p : packages) {
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
    xml.raw("</otherdata>");
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
