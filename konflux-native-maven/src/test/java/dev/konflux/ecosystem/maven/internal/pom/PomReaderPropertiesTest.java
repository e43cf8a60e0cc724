package dev.konflux.ecosystem.maven.internal.pom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Properties of the POM reader on generated and arbitrary input. */
class PomReaderPropertiesTest {

  @Provide
  Arbitrary<String> ids() {
    return Arbitraries.strings()
        .withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
        .ofMinLength(1)
        .ofMaxLength(40);
  }

  @Property(tries = 300)
  void readsTheCoordinatesItWasGiven(
      @ForAll("ids") String groupId,
      @ForAll("ids") String artifactId,
      @ForAll("ids") String version,
      @ForAll boolean inheritGroup,
      @ForAll boolean inheritVersion,
      @ForAll long seed)
      throws Exception {
    List<String> elements =
        new ArrayList<>(
            List.of(
                "<modelVersion>4.0.0</modelVersion>",
                "<artifactId>" + artifactId + "</artifactId>",
                "<name>n</name>",
                "<!-- a comment -->",
                "<dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><version>9</version></dependency></dependencies>",
                "<parent><groupId>"
                    + (inheritGroup ? groupId : "p.g")
                    + "</groupId><artifactId>parent</artifactId><version>"
                    + (inheritVersion ? version : "0")
                    + "</version></parent>"));
    if (!inheritGroup) {
      elements.add("<groupId>" + groupId + "</groupId>");
    }
    if (!inheritVersion) {
      elements.add("<version>" + version + "</version>");
    }
    Collections.shuffle(elements, new Random(seed));
    String xml =
        "<?xml version=\"1.0\"?>\n<project xmlns=\"http://maven.apache.org/POM/4.0.0\">"
            + String.join("\n  ", elements)
            + "</project>";
    Pom pom = new PomReader().read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    assertEquals(groupId, pom.groupId());
    assertEquals(artifactId, pom.artifactId());
    assertEquals(version, pom.version());
    assertEquals("jar", pom.packaging());
    assertTrue(pom.hasName());
  }

  @Property(tries = 500)
  void arbitraryBytesGiveAPomOrInvalidPomException(@ForAll @Size(max = 600) byte[] bytes)
      throws Exception {
    try {
      new PomReader().read(new ByteArrayInputStream(bytes));
    } catch (InvalidPomException expected) {
      // the only failure allowed
    }
  }

  @Property(tries = 300)
  void mutatedPomsGiveAPomOrInvalidPomException(
      @ForAll("ids") String groupId, @ForAll int position, @ForAll byte value) throws Exception {
    byte[] xml =
        ("<?xml version=\"1.0\"?><project><modelVersion>4.0.0</modelVersion><groupId>"
                + groupId
                + "</groupId><artifactId>a</artifactId><version>1</version></project>")
            .getBytes(StandardCharsets.UTF_8);
    xml[Math.floorMod(position, xml.length)] = value;
    try {
      new PomReader().read(new ByteArrayInputStream(xml));
    } catch (InvalidPomException expected) {
      // the only failure allowed
    }
  }

  @Property(tries = 200)
  void anyDoctypeIsRefusedAndNothingOfItLeaks(
      @ForAll("ids") String entity, @ForAll boolean external, @ForAll("ids") String secret) {
    String decl =
        external
            ? "<!ENTITY "
                + "e"
                + entity.replace('.', 'x')
                + " SYSTEM \"file:///tmp/"
                + secret
                + "\">"
            : "<!ENTITY " + "e" + entity.replace('.', 'x') + " \"" + secret + secret + "\">";
    String xml =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE project ["
            + decl
            + "]>\n<project><groupId>g</groupId>"
            + "<artifactId>a</artifactId><version>1</version><name>&e"
            + entity.replace('.', 'x')
            + ";</name></project>";
    InvalidPomException e =
        assertThrows(
            InvalidPomException.class,
            () ->
                new PomReader()
                    .read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
    assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    assertFalse(e.getMessage().contains(secret + secret), e.getMessage());
    assertFalse(e.getMessage().contains("/tmp/"), e.getMessage());
  }
}
