package dev.konflux.ecosystem.rpm.internal.repodata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

/**
 * The plain-form scanner of primary records is only a faster way to StAX's answer: on any bytes it
 * either declines (and StAX parses), or gives the facts StAX gives, or fails with StAX's message.
 */
class PrimaryFactsScannerPropertiesTest {
  private static final byte[] TRICKY = record(SamplePackages.tricky());
  private static final byte[] PLAIN = record(SamplePackages.plain("p", "Packages/p.rpm"));

  private static byte[] record(PackageEntry e) {
    try {
      StringWriter w = new StringWriter();
      PrimaryXmlWriter.writePackage(new XmlWriter(w), e);
      String s = w.toString().strip();
      return s.getBytes(StandardCharsets.UTF_8);
    } catch (java.io.IOException ex) {
      throw new ExceptionInInitializerError(ex);
    }
  }

  @Example
  void ourPlainRecordIsScannedWithoutStax() throws Exception {
    ExistingRepodataReader.PrimaryFacts fast =
        PrimaryFactsScanner.scan(PLAIN, PLAIN.length, "primary");
    assertNotNull(fast);
    assertEquals(ExistingRepodataReader.primaryFactsStax(PLAIN, PLAIN.length, "primary"), fast);
  }

  @Property(tries = 500)
  void mutatedRecordsGiveStaxsAnswer(@ForAll("mutations") Mutation m, @ForAll boolean tricky) {
    byte[] r = m.apply(tricky ? TRICKY : PLAIN);
    sameAsStax(r);
  }

  @Property(tries = 100)
  void writtenRecordsGiveStaxsAnswer(@ForAll("names") String name) {
    PackageEntry e = SamplePackages.plain(name, "Packages/" + name + ".rpm");
    sameAsStax(record(e));
  }

  private static void sameAsStax(byte[] r) {
    ExistingRepodataReader.@Nullable PrimaryFacts fast;
    String fastError = null;
    try {
      fast = PrimaryFactsScanner.scan(r, r.length, "primary");
    } catch (InvalidInputException e) {
      fast = null;
      fastError = e.getMessage();
    }
    if (fast == null && fastError == null) {
      return; // declined: StAX decides
    }
    ExistingRepodataReader.PrimaryFacts slow = null;
    String slowError = null;
    try {
      slow = ExistingRepodataReader.primaryFactsStax(r, r.length, "primary");
    } catch (InvalidInputException e) {
      slowError = e.getMessage();
    }
    assertEquals(slowError, fastError, new String(r, StandardCharsets.UTF_8));
    assertEquals(slow, fast, new String(r, StandardCharsets.UTF_8));
  }

  record Mutation(double start, double length, byte[] insert) {
    byte[] apply(byte[] doc) {
      int from = (int) (start * doc.length);
      int to = Math.min(doc.length, from + (int) (length * 16));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(doc, 0, from);
      out.write(insert, 0, insert.length);
      out.write(doc, to, doc.length - to);
      return out.toByteArray();
    }
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withChars('-', '.', '_', '+')
        .ofMinLength(1)
        .ofMaxLength(12);
  }

  @Provide
  Arbitrary<Mutation> mutations() {
    Arbitrary<byte[]> inserts =
        Arbitraries.oneOf(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(6),
            Arbitraries.of(
                    "",
                    "<",
                    ">",
                    "/",
                    "=",
                    "'",
                    "\"",
                    " ",
                    "\n",
                    "\t",
                    "\r",
                    "</package>",
                    "<package>",
                    "</name>",
                    "<name>",
                    "</location>",
                    "<location href=\"x\"/>",
                    "<time file=\"1\" build=\"2\"/>",
                    "<size package=\"-1\"/>",
                    "<size package=\"12\" package=\"13\"/>",
                    "<checksum type=\"md5\">",
                    "<checksum type=\"sha256\" pkgid=\"YES\">",
                    "xml:base=\"http://x/\"",
                    "type=\"src\"",
                    "<format>",
                    "</format>",
                    "<!-- c -->",
                    "<![CDATA[x]]>",
                    "&amp;",
                    "\u00e9",
                    "99999999999999999999",
                    "<a b='c'/>",
                    "a=\"b\"")
                .map(s -> s.getBytes(StandardCharsets.UTF_8)));
    return Combinators.combine(
            Arbitraries.doubles().between(0, 1), Arbitraries.doubles().between(0, 1), inserts)
        .as(Mutation::new);
  }
}
