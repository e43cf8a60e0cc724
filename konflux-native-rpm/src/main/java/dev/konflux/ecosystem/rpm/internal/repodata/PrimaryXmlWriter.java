package dev.konflux.ecosystem.rpm.internal.repodata;

import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes {@code primary.xml}: identity, descriptions, sizes, location, dependencies and the
 * "primary" files of each package, laid out as createrepo_c lays it out.
 */
final class PrimaryXmlWriter {
  private PrimaryXmlWriter() {}

  static final String FOOTER = "</metadata>";

  static void header(XmlWriter xml, long count) throws IOException {
    xml.declaration();
    xml.start("", "metadata");
    xml.attribute("xmlns", RepodataNamespaces.COMMON);
    xml.attribute("xmlns:rpm", RepodataNamespaces.RPM);
    xml.attribute("packages", Long.toString(count));
    xml.endStart("\n");
  }

  static void writePackage(XmlWriter xml, PackageEntry p) throws IOException {
    xml.start("", "package");
    xml.attribute("type", "rpm");
    xml.endStart("\n");
    xml.textElement("  ", "name", p.name());
    xml.textElement("  ", "arch", p.arch());
    xml.start("  ", "version");
    xml.attribute("epoch", Long.toString(p.epoch()));
    xml.attribute("ver", p.version());
    xml.attribute("rel", p.release());
    xml.endEmpty();
    xml.start("  ", "checksum");
    xml.attribute("type", "sha256");
    xml.attribute("pkgid", "YES");
    xml.endStart(p.pkgId());
    xml.raw("</checksum>\n");
    xml.textElement("  ", "summary", p.summary());
    xml.textElement("  ", "description", p.description());
    xml.textElement("  ", "packager", p.packager());
    xml.textElement("  ", "url", p.url());
    xml.start("  ", "time");
    xml.attribute("file", Long.toString(p.fileTime()));
    xml.attribute("build", Long.toString(p.buildTime()));
    xml.endEmpty();
    xml.start("  ", "size");
    xml.attribute("package", Long.toString(p.packageSize()));
    xml.attribute("installed", Long.toString(p.installedSize()));
    xml.attribute("archive", Long.toString(p.archiveSize()));
    xml.endEmpty();
    xml.start("  ", "location");
    xml.attribute("href", p.locationHref());
    xml.endEmpty();
    xml.start("  ", "format");
    xml.endStart("\n");
    xml.textElement("    ", "rpm:license", p.license());
    xml.textElement("    ", "rpm:vendor", p.vendor());
    xml.textElement("    ", "rpm:group", p.group());
    xml.textElement("    ", "rpm:buildhost", p.buildHost());
    xml.textElement("    ", "rpm:sourcerpm", p.sourceRpm());
    xml.start("    ", "rpm:header-range");
    xml.attribute("start", Long.toString(p.headerStart()));
    xml.attribute("end", Long.toString(p.headerEnd()));
    xml.endEmpty();
    for (DependencyKind kind : DependencyKind.values()) {
      writeDependencies(xml, kind, p.dependencies(kind));
    }
    for (PackageFile f : p.files()) {
      if (PackageFile.isPrimary(f.path())) {
        FilelistsXmlWriter.writeFile(xml, "    ", f);
      }
    }
    xml.end("  ", "format");
    xml.end("", "package");
  }

  private static void writeDependencies(XmlWriter xml, DependencyKind kind, List<Dependency> deps)
      throws IOException {
    if (deps.isEmpty()) {
      return;
    }
    String element = "rpm:" + kind.element();
    xml.start("    ", element);
    xml.endStart("\n");
    for (Dependency d : deps) {
      xml.start("      ", "rpm:entry");
      xml.attribute("name", d.name());
      if (d.flags() != null) {
        xml.attribute("flags", d.flags().name());
        attributeIfPresent(xml, "epoch", d.epoch());
        attributeIfPresent(xml, "ver", d.version());
        attributeIfPresent(xml, "rel", d.release());
      }
      if (kind == DependencyKind.REQUIRES && d.pre()) {
        xml.attribute("pre", "1");
      }
      xml.endEmpty();
    }
    xml.end("    ", element);
  }

  private static void attributeIfPresent(XmlWriter xml, String name, @Nullable String value)
      throws IOException {
    if (value != null && !value.isEmpty()) {
      xml.attribute(name, value);
    }
  }
}
