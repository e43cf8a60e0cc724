package dev.konflux.ecosystem.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ArtifactReferenceTest {
  private static final String HEX = "0123456789abcdef".repeat(4);

  @Test
  void parsesRegistryReferences() throws Exception {
    RegistryReference r =
        (RegistryReference) ArtifactReference.parse("quay.io/ns/repo:v1@sha256:" + HEX);
    assertEquals("quay.io", r.registry());
    assertEquals("ns/repo", r.repository());
    assertEquals("v1", r.tagName());
    assertEquals("sha256:" + HEX, r.digestValue().toString());
    assertEquals("sha256:" + HEX, r.manifestReference());

    RegistryReference port = RegistryReference.parse("127.0.0.1:5000/a/b");
    assertEquals("127.0.0.1:5000", port.registry());
    assertEquals("latest", port.tagName());
    assertEquals("127.0.0.1:5000/a/b:latest", port.toString());
  }

  @Test
  void rejectsBadRegistryReferences() {
    for (String bad :
        new String[] {
          "",
          "repo",
          "quay.io/UPPER:tag",
          "quay.io/ns/repo:bad tag",
          "quay.io/ns//repo",
          "quay.io/ns/repo@sha256:zz",
          "/ns/repo",
          "quay.io/ns/repo:" + "t".repeat(200)
        }) {
      assertThrows(InvalidInputException.class, () -> ArtifactReference.parse(bad), bad);
    }
  }

  @Test
  void parsesLayoutReferences() throws Exception {
    LayoutReference l = (LayoutReference) ArtifactReference.parse("oci-layout:/tmp/x/layout:v2");
    assertEquals(Path.of("/tmp/x/layout"), l.path());
    assertEquals("v2", l.tagName());
    LayoutReference d = LayoutReference.parse("oci-layout:build.tar@sha256:" + HEX);
    assertTrue(d.isArchive());
    assertEquals("sha256:" + HEX, d.digestValue().toString());
    LayoutReference plain = LayoutReference.parse("oci-layout:./dir");
    assertEquals(null, plain.tagName());
    assertInstanceOf(LayoutReference.class, ArtifactReference.parse(d.toString()));
  }

  @Property
  void arbitraryTextParsesOrFailsTyped(@ForAll String text) {
    try {
      ArtifactReference.parse(text);
    } catch (InvalidInputException expected) {
      // the only allowed failure
    }
  }

  @Property
  void validRegistryReferencesRoundTrip(@ForAll("registryRefs") String text) throws Exception {
    ArtifactReference ref = ArtifactReference.parse(text);
    assertEquals(text, ref.toString());
    assertEquals(ref, ArtifactReference.parse(ref.toString()));
  }

  @Provide
  Arbitrary<String> registryRefs() {
    Arbitrary<String> host =
        Arbitraries.of("quay.io", "127.0.0.1:5000", "localhost:1", "registry.example.com");
    Arbitrary<String> component =
        Arbitraries.strings()
            .withChars("abcdefghijklmnopqrstuvwxyz0123456789")
            .ofMinLength(1)
            .ofMaxLength(10);
    Arbitrary<String> repo =
        component.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("/", l));
    Arbitrary<String> tag =
        Arbitraries.strings()
            .withChars("abcABC019_.-")
            .ofMinLength(1)
            .ofMaxLength(20)
            .filter(t -> Character.isLetterOrDigit(t.charAt(0)) || t.charAt(0) == '_');
    Arbitrary<String> digest =
        Arbitraries.strings().withChars("0123456789abcdef").ofLength(64).map(h -> "@sha256:" + h);
    return Combinators.combine(host, repo, tag, digest.injectNull(0.5))
        .as((h, r, t, d) -> h + "/" + r + ":" + t + (d == null ? "" : d));
  }
}
