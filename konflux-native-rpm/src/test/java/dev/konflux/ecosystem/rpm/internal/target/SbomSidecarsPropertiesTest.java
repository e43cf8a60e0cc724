package dev.konflux.ecosystem.rpm.internal.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.rpm.internal.repodata.ExtraMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * Component names come from the snapshot: whatever they hold, the sidecar is one safe file name in
 * {@code sboms/} and the record types are valid and unique.
 */
class SbomSidecarsPropertiesTest {
  private static final String SAFE_NAME = "[A-Za-z0-9_-][A-Za-z0-9._-]*";
  private static final String TYPE = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";

  @Property(tries = 500)
  void fileNamesAreSafeAndRecordTypesUnique(
      @ForAll @Size(min = 1, max = 6) List<@StringLength(max = 300) String> components)
      throws Exception {
    List<String> hrefs = new ArrayList<>();
    for (String component : components) {
      Digest md = Digest.sha256Of(component.getBytes(StandardCharsets.UTF_8));
      Descriptor layer =
          new Descriptor(
              MediaTypes.CYCLONEDX_XML,
              Digest.sha256Of(("x" + component).getBytes(StandardCharsets.UTF_8)),
              10,
              null,
              Map.of());
      Descriptor config =
          Descriptor.of(MediaTypes.OCI_EMPTY, Digest.parse(MediaTypes.OCI_EMPTY_DIGEST), 2);
      Manifest m =
          new Manifest(
              md, 100, MediaTypes.OCI_MANIFEST, null, config, List.of(layer), null, Map.of());
      ComponentArtifact artifact =
          new ComponentArtifact(
              component,
              ArtifactReference.parse("registry.test.invalid/ns/c@" + md),
              md,
              m,
              List.of());
      String href = SbomSidecars.href(artifact, layer.digest(), layer.mediaType());
      assertTrue(href.startsWith("sboms/"), href);
      String name = href.substring("sboms/".length());
      assertTrue(
          name.matches(SAFE_NAME) && name.length() <= 255 && name.endsWith(".cdx.xml"), name);
      hrefs.add(href);
    }
    List<ExtraMetadata> records =
        SbomSidecars.records(
            hrefs,
            List.of(
                new ExtraMetadata("sbom", "sboms/old.spdx"),
                new ExtraMetadata("updateinfo-extra", "notes.xml")));
    Set<String> types = new HashSet<>();
    for (ExtraMetadata r : records) {
      assertTrue(r.type().matches(TYPE), r.type());
      assertTrue(types.add(r.type()), "twice: " + r.type());
    }
    assertEquals(new HashSet<>(hrefs).size() + 2, records.size(), records.toString());
  }
}
