package dev.konflux.ecosystem.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

  @Test
  void parsesADistributionBearerChallenge() throws Exception {
    AuthChallenge c =
        AuthChallenge.parse(
            "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:ns/repo:pull\"");
    assertTrue(c.isBearer());
    assertEquals(
        Map.of(
            "realm",
            "https://auth.docker.io/token",
            "service",
            "registry.docker.io",
            "scope",
            "repository:ns/repo:pull"),
        c.parameters());
  }

  @Test
  void parsesBasicAndIsCaseInsensitiveOnSchemeAndNames() throws Exception {
    AuthChallenge c = AuthChallenge.parse("BASIC Realm=\"konflux testkit\"");
    assertTrue(c.isBasic());
    assertEquals("konflux testkit", c.parameter("realm").orElseThrow());
  }

  @Test
  void acceptsSpacesTokensAndEscapes() throws Exception {
    AuthChallenge c =
        AuthChallenge.parse("Bearer  realm = \"a\\\"b\" , service=quay.io,scope=\"x y\"");
    assertEquals("a\"b", c.parameter("realm").orElseThrow());
    assertEquals("quay.io", c.parameter("service").orElseThrow());
    assertEquals("x y", c.parameter("scope").orElseThrow());
  }

  @Test
  void stopsAtASecondChallenge() throws Exception {
    AuthChallenge c = AuthChallenge.parse("Bearer realm=\"r\", Basic realm=\"b\"");
    assertEquals(Map.of("realm", "r"), c.parameters());
  }

  @Test
  void rejectsMalformedHeaders() {
    for (String bad :
        new String[] {
          "",
          "   ",
          "=x",
          "Bearer realm=\"unterminated",
          "Bearer realm=",
          "Bearer realm=\"a\" service=\"b\"",
          "Bearer realm=\"a\",realm=\"b\"",
          "Bearer realm=\"a\\"
        }) {
      assertThrows(InvalidInputException.class, () -> AuthChallenge.parse(bad), bad);
    }
  }

  @Property(tries = 2000)
  void arbitraryTextEitherParsesOrIsInvalidInput(@ForAll("headers") String header) {
    try {
      AuthChallenge c = AuthChallenge.parse(header);
      assertTrue(!c.scheme().isEmpty());
    } catch (InvalidInputException expected) {
      // the only failure allowed
    }
  }

  @Property(tries = 1000)
  void roundTripsQuotedParameters(@ForAll("values") String realm, @ForAll("values") String service)
      throws Exception {
    String header = "Bearer realm=\"" + quote(realm) + "\",service=\"" + quote(service) + "\"";
    AuthChallenge c = AuthChallenge.parse(header);
    assertEquals(realm, c.parameter("realm").orElseThrow());
    assertEquals(service, c.parameter("service").orElseThrow());
  }

  private static String quote(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Provide
  Arbitrary<String> headers() {
    Arbitrary<String> structured =
        Arbitraries.strings().withChars("Bearer realm=\"\\,; \tabc:/").ofMaxLength(60);
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(200),
        structured,
        Arbitraries.strings().all().ofMaxLength(100));
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40);
  }
}
