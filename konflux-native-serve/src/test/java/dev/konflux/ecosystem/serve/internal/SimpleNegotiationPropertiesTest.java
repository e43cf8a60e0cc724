package dev.konflux.ecosystem.serve.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.serve.internal.SimpleNegotiation.Form;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** PEP 691 negotiation on arbitrary and on pip's real Accept and User-Agent headers. */
class SimpleNegotiationPropertiesTest {
  private static final String PIP_ACCEPT =
      "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1,"
          + " text/html; q=0.01";

  @Property(tries = 3000)
  void anyHeaderGivesAFormItAcceptsOrNothing(
      @ForAll @StringLength(max = 200) String accept, @ForAll @StringLength(max = 40) String ua) {
    Optional<Form> f = SimpleNegotiation.choose(accept, ua);
    f.ifPresent(
        form ->
            assertTrue(
                accept.isBlank()
                    || accept.contains("*")
                    || accept.toLowerCase(java.util.Locale.ROOT).contains(form.mediaType()),
                accept + " -> " + form));
  }

  @Property(tries = 1000)
  void theHigherQValueWins(
      @ForAll @IntRange(min = 0, max = 1000) int json,
      @ForAll @IntRange(min = 0, max = 1000) int html) {
    String accept =
        "application/vnd.pypi.simple.v1+json;q="
            + q(json)
            + ", application/vnd.pypi.simple.v1+html;q="
            + q(html);
    Optional<Form> f = SimpleNegotiation.choose(accept, null);
    if (json == 0 && html == 0) {
      assertEquals(Optional.empty(), f);
    } else {
      assertEquals(json >= html ? Form.JSON : Form.HTML_V1, f.orElseThrow(), accept);
    }
  }

  @Property(tries = 500)
  void pipsBefore232GetHtmlAndNewerOnesJson(
      @ForAll @IntRange(min = 19, max = 30) int major,
      @ForAll @IntRange(min = 0, max = 9) int minor) {
    Form f =
        SimpleNegotiation.choose(PIP_ACCEPT, "pip/" + major + "." + minor + ".1 {}").orElseThrow();
    boolean old = major < 23 || (major == 23 && minor < 2);
    assertEquals(old ? Form.HTML_V1 : Form.JSON, f);
  }

  @Test
  void defaultsAndWildcards() {
    assertEquals(Form.TEXT_HTML, SimpleNegotiation.choose(null, null).orElseThrow());
    assertEquals(Form.JSON, SimpleNegotiation.choose("*/*", null).orElseThrow());
    assertEquals(Form.TEXT_HTML, SimpleNegotiation.choose("text/*", null).orElseThrow());
    assertEquals(
        Form.HTML_V1,
        SimpleNegotiation.choose("*/*;q=0.5, application/vnd.pypi.simple.v1+json;q=0", null)
            .orElseThrow());
    assertEquals(Optional.empty(), SimpleNegotiation.choose("image/png", null));
    assertEquals(
        Form.TEXT_HTML,
        SimpleNegotiation.choose(
                "application/vnd.pypi.simple.v1+json, text/html;q=0.5", "pip/23.0.1")
            .orElseThrow());
    // An old pip that accepts nothing else still gets JSON: nothing better to give.
    assertEquals(
        Form.JSON,
        SimpleNegotiation.choose("application/vnd.pypi.simple.v1+json", "pip/22.3").orElseThrow());
  }

  private static String q(int thousandths) {
    return thousandths == 1000 ? "1" : String.format(java.util.Locale.ROOT, "0.%03d", thousandths);
  }
}
