package dev.konflux.ecosystem.rpm.internal.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.konflux.ecosystem.api.InvalidInputException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LayerTitleTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../x.rpm",
        "/etc/passwd",
        "a/../../b.rpm",
        "a\\b.rpm",
        "a\u0000.rpm",
        "",
        ".",
        "a//b.rpm",
        "a/./b.rpm",
        "x86_64/",
        "..",
        "a/..",
        "c:\\x.rpm",
        "a\nb.rpm"
      })
  void unsafeTitlesAreRejected(String title) {
    assertThrows(InvalidInputException.class, () -> LayerTitle.checkRelativePath(title, "layer"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"x86_64/foo-1.0-1.x86_64.rpm", "foo.rpm", "a/b/c..d.rpm", "src/foo-1.0-1.src.rpm"})
  void safeTitlesPass(String title) throws Exception {
    assertEquals(title, LayerTitle.checkRelativePath(title, "layer"));
  }

  @Property(tries = 500)
  void anyStringIsAcceptedOnlyIfSafe(@ForAll String title) {
    try {
      LayerTitle.checkRelativePath(title, "layer");
    } catch (InvalidInputException e) {
      return;
    }
    // Accepted: resolving it under a root must stay under the root.
    java.nio.file.Path root = java.nio.file.Path.of("/root-dir");
    java.nio.file.Path resolved = root.resolve(title).normalize();
    if (!resolved.startsWith(root) || resolved.equals(root)) {
      throw new AssertionError("accepted an escaping title: " + title);
    }
  }
}
