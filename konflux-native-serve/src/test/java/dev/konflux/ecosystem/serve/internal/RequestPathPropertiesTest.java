package dev.konflux.ecosystem.serve.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

/**
 * The request-path check on arbitrary and hostile input: what it accepts is a safe relative path.
 */
class RequestPathPropertiesTest {

  @Property(tries = 2000)
  void anAcceptedPathIsRelativeWithoutDotSegmentsOrControls(
      @ForAll @StringLength(max = 300) String raw) {
    Optional<String> parsed = RequestPath.parse("/" + raw);
    parsed.ifPresent(RequestPathPropertiesTest::assertSafe);
  }

  @Property(tries = 2000)
  void percentEncodedInputNeverSmugglesASeparatorOrDotSegment(
      @ForAll @StringLength(max = 80) String text) {
    StringBuilder encoded = new StringBuilder("/");
    for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      encoded.append(String.format(java.util.Locale.ROOT, "%%%02X", b & 0xff));
    }
    Optional<String> parsed = RequestPath.parse(encoded.toString());
    parsed.ifPresent(
        p -> {
          assertSafe(p);
          assertFalse(p.contains("/"), "an encoded / became a separator: " + p);
        });
  }

  @Property
  void plainPlannedPathsAreKept(@ForAll("segments") List<String> segments) {
    String path = String.join("/", segments);
    assertEquals(Optional.of(path), RequestPath.parse("/" + path));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<List<String>> segments() {
    return net.jqwik.api.Arbitraries.strings()
        .withChars("abcxyz019._-+~")
        .ofMinLength(1)
        .ofMaxLength(20)
        .filter(s -> !s.equals(".") && !s.equals(".."))
        .list()
        .ofMinSize(1)
        .ofMaxSize(6);
  }

  @Property(tries = 1)
  void knownBadPathsAreRefused() {
    for (String bad :
        List.of(
            "/a/../b",
            "/..",
            "/a/./b",
            "/a//b",
            "/a%2Fb",
            "/a%2fb",
            "/a%5cb",
            "/a\\b",
            "/%00",
            "/a%",
            "/a%2",
            "/a%zz",
            "/%2e%2e/x",
            "/" + "x".repeat(RequestPath.MAX_RAW_LENGTH),
            "relative",
            "/a%c3%28")) {
      assertTrue(RequestPath.parse(bad).isEmpty(), bad);
    }
  }

  private static void assertSafe(String p) {
    assertFalse(p.startsWith("/"), p);
    assertFalse(p.contains("\\"), p);
    assertFalse(p.contains("//"), p);
    String body = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    if (!body.isEmpty()) {
      for (String s : body.split("/", -1)) {
        assertFalse(s.isEmpty() || s.equals(".") || s.equals(".."), p);
      }
    }
    assertTrue(p.chars().noneMatch(Character::isISOControl), p);
  }
}
