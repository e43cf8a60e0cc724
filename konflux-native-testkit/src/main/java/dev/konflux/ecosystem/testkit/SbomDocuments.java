package dev.konflux.ecosystem.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.Descriptor;
import java.util.List;

/**
 * Minimal but valid SBOM documents describing an artifact's files: SPDX 2.3 JSON and CycloneDX 1.5
 * JSON. Timestamps and identifiers are derived from the inputs so output is reproducible.
 */
public final class SbomDocuments {
  private SbomDocuments() {}

  private static final String CREATED = "2024-01-01T00:00:00Z";

  /**
   * @param name the document / top package name
   * @param files the artifact's layers; titled ones become SPDX packages with their sha256
   * @return SPDX 2.3 JSON bytes ({@code text/spdx+json})
   */
  public static byte[] spdx(String name, List<Descriptor> files) {
    ObjectNode root = OciJson.object();
    root.put("spdxVersion", "SPDX-2.3");
    root.put("dataLicense", "CC0-1.0");
    root.put("SPDXID", "SPDXRef-DOCUMENT");
    root.put("name", name);
    root.put("documentNamespace", "https://konflux-ci.test.invalid/spdx/" + name);
    ObjectNode creation = root.putObject("creationInfo");
    creation.put("created", CREATED);
    creation.putArray("creators").add("Tool: konflux-native-testkit");
    ArrayNode packages = root.putArray("packages");
    ArrayNode relationships = root.putArray("relationships");
    int i = 0;
    for (Descriptor file : files) {
      String title = file.title().orElse(file.digest().toString());
      String id = "SPDXRef-Package-" + i++;
      ObjectNode p = packages.addObject();
      p.put("SPDXID", id);
      p.put("name", title.substring(title.lastIndexOf('/') + 1));
      p.put("downloadLocation", "NOASSERTION");
      p.put("filesAnalyzed", false);
      ObjectNode checksum = p.putArray("checksums").addObject();
      checksum.put("algorithm", "SHA256");
      checksum.put("checksumValue", file.digest().hex());
      ObjectNode rel = relationships.addObject();
      rel.put("spdxElementId", "SPDXRef-DOCUMENT");
      rel.put("relationshipType", "DESCRIBES");
      rel.put("relatedSpdxElement", id);
    }
    return OciJson.bytes(root);
  }

  /**
   * @param name the top component name
   * @param files the artifact's layers; each becomes a component with its sha256
   * @return CycloneDX 1.5 JSON bytes ({@code application/vnd.cyclonedx+json})
   */
  public static byte[] cycloneDx(String name, List<Descriptor> files) {
    ObjectNode root = OciJson.object();
    root.put("bomFormat", "CycloneDX");
    root.put("specVersion", "1.5");
    root.put("version", 1);
    ObjectNode metadata = root.putObject("metadata");
    metadata.put("timestamp", CREATED);
    ObjectNode component = metadata.putObject("component");
    component.put("type", "application");
    component.put("name", name);
    ArrayNode components = root.putArray("components");
    for (Descriptor file : files) {
      String title = file.title().orElse(file.digest().toString());
      ObjectNode c = components.addObject();
      c.put("type", "file");
      c.put("name", title.substring(title.lastIndexOf('/') + 1));
      ObjectNode hash = c.putArray("hashes").addObject();
      hash.put("alg", "SHA-256");
      hash.put("content", file.digest().hex());
    }
    return OciJson.bytes(root);
  }
}
