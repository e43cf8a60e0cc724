package dev.konflux.ecosystem.bom;

import java.util.List;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.cyclonedx.parsers.XmlParser;

/**
 * Validates CycloneDX bytes against the 1.6 schema with cyclonedx-core-java, independent of our
 * reader.
 */
final class CycloneDxValidation {
  private CycloneDxValidation() {}

  static List<String> json16(byte[] json) throws Exception {
    return new JsonParser()
        .validate(json, Version.VERSION_16).stream().map(Throwable::getMessage).toList();
  }

  static List<String> xml16(byte[] xml) throws Exception {
    return new XmlParser()
        .validate(xml, Version.VERSION_16).stream().map(Throwable::getMessage).toList();
  }
}
