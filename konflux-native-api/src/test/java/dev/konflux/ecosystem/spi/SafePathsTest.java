package dev.konflux.ecosystem.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SafePathsTest {

  @Test
  void acceptsPlainRelativePaths() throws Exception {
    assertEquals("a/b/c.rpm", SafePaths.relative("a/b/c.rpm", "title"));
  }

  @Test
  void rejectsTraversalAndAbsolutePaths() {
    for (String p :
        new String[] {
          "", "/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", "a/", "c:x", "a\\b", "a\0b"
        }) {
      assertThrows(InvalidInputException.class, () -> SafePaths.relative(p, "title"), p);
    }
  }

  @Test
  void rejectsTextNoFileNameCanHold() {
    // A lone surrogate (JSON "\ud800") has no UTF-8 form: resolving it would throw
    // InvalidPathException.
    assertThrows(InvalidInputException.class, () -> SafePaths.relative("a\uD800.rpm", "title"));
  }

  @Property(tries = 500)
  void whateverIsAcceptedResolvesUnderADirectory(@ForAll String path) {
    String safe;
    try {
      safe = SafePaths.relative(path, "title");
    } catch (InvalidInputException expected) {
      return;
    }
    Path root = Path.of("/staging");
    Path resolved;
    try {
      resolved = root.resolve(safe);
    } catch (InvalidPathException e) {
      throw new AssertionError(
          "accepted " + UntrustedText.quoted(path) + " but it is not a path", e);
    }
    if (!resolved.normalize().startsWith(root) || resolved.normalize().equals(root)) {
      throw new AssertionError(
          "accepted " + UntrustedText.quoted(path) + " resolving outside: " + resolved);
    }
  }
}
