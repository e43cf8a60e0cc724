package dev.konflux.ecosystem.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.net.URI;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class LinkHeaderTest {
  private static final URI BASE =
      URI.create("https://registry.example/v2/ns/repo/referrers/sha256:aa");

  @Test
  void resolvesARelativeNextLink() throws Exception {
    Optional<URI> next =
        LinkHeader.next("</v2/ns/repo/referrers/sha256:aa?n=2&last=x>; rel=\"next\"", BASE);
    assertEquals(
        URI.create("https://registry.example/v2/ns/repo/referrers/sha256:aa?n=2&last=x"),
        next.orElseThrow());
  }

  @Test
  void picksNextAmongSeveralLinksAndRelValues() throws Exception {
    Optional<URI> next =
        LinkHeader.next(
            "</v2/a?p=1>; rel=\"prev\", <https://registry.example/v2/a?p=3>; title=\"x\"; rel=\"last next\"",
            BASE);
    assertEquals(URI.create("https://registry.example/v2/a?p=3"), next.orElseThrow());
  }

  @Test
  void noNextMeansEmpty() throws Exception {
    assertTrue(LinkHeader.next(null, BASE).isEmpty());
    assertTrue(LinkHeader.next("", BASE).isEmpty());
    assertTrue(LinkHeader.next("</v2/a>; rel=prev", BASE).isEmpty());
  }

  @Test
  void refusesLinksToAnotherHostOrScheme() {
    assertThrows(
        InvalidInputException.class,
        () -> LinkHeader.next("<https://evil.example/v2/a>; rel=\"next\"", BASE));
    assertThrows(
        InvalidInputException.class,
        () -> LinkHeader.next("<http://registry.example/v2/a>; rel=\"next\"", BASE));
  }

  @Test
  void rejectsMalformedHeaders() {
    for (String bad :
        new String[] {
          "no-angle",
          "<unterminated; rel=next",
          "</a> rel=next",
          "</a>; =x",
          "</a>; rel=\"next",
          "<a b c>; rel=next"
        }) {
      assertThrows(InvalidInputException.class, () -> LinkHeader.next(bad, BASE), bad);
    }
  }

  @Property(tries = 2000)
  void arbitraryTextEitherParsesToTheSameOriginOrIsInvalidInput(@ForAll("headers") String header) {
    try {
      Optional<URI> next = LinkHeader.next(header, BASE);
      next.ifPresent(
          u -> {
            assertEquals("https", u.getScheme());
            assertEquals("registry.example", u.getRawAuthority());
          });
    } catch (InvalidInputException expected) {
      // the only failure allowed
    }
  }

  @Property(tries = 1000)
  void findsNextForAnyQuery(@ForAll("queries") String query) throws Exception {
    URI next =
        LinkHeader.next("</v2/ns/repo/referrers/sha256:aa?" + query + ">; rel=\"next\"", BASE)
            .orElseThrow();
    assertEquals(query, next.getRawQuery());
  }

  @Provide
  Arbitrary<String> headers() {
    Arbitrary<String> structured =
        Arbitraries.strings().withChars("<>;,=\" relnxt/:?&%ab").ofMaxLength(60);
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(200),
        structured,
        Arbitraries.strings().all().ofMaxLength(100));
  }

  @Provide
  Arbitrary<String> queries() {
    Arbitrary<String> word =
        Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(10);
    return Arbitraries.of("n", "last", "artifactType")
        .flatMap(k -> word.map(v -> k + "=" + v))
        .list()
        .ofMinSize(1)
        .ofMaxSize(3)
        .map(l -> String.join("&", l));
  }
}
