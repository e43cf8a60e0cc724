package dev.konflux.ecosystem.rpm.internal.repodata;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.rpm.Fixtures;
import dev.konflux.ecosystem.rpm.internal.header.RpmPackageHeaders;
import dev.konflux.ecosystem.rpm.internal.header.RpmPackageReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Package headers are untrusted: whatever tags a header holds, mapping it gives an entry or an
 * {@link InvalidInputException}, never another exception.
 */
class PackageEntriesPropertiesTest {
  private static final StoredPackage STORED =
      new StoredPackage("p.rpm", SamplePackages.digestOf("p"), 1, 1, 1, 2);

  private static final int[] TAGS = {
    RpmTags.NAME,
    RpmTags.VERSION,
    RpmTags.RELEASE,
    RpmTags.ARCH,
    RpmTags.EPOCH,
    RpmTags.SOURCEPACKAGE,
    RpmTags.BASENAMES,
    RpmTags.DIRNAMES,
    RpmTags.DIRINDEXES,
    RpmTags.FILEMODES,
    RpmTags.FILEFLAGS,
    RpmTags.PROVIDENAME,
    RpmTags.PROVIDEFLAGS,
    RpmTags.PROVIDEVERSION,
    RpmTags.REQUIRENAME,
    RpmTags.REQUIREFLAGS,
    RpmTags.REQUIREVERSION,
    RpmTags.CHANGELOGTIME,
    RpmTags.CHANGELOGNAME,
    RpmTags.CHANGELOGTEXT,
    RpmTags.SIZE
  };

  @Property(tries = 500)
  void arbitraryTagValuesGiveAnEntryOrInvalidInput(
      @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 20) Integer> tagChoices,
      @ForAll("stringArrays") List<List<String>> strings,
      @ForAll("numberArrays") List<long[]> numbers) {
    MapHeaderValues h =
        new MapHeaderValues()
            .put(RpmTags.NAME, "n")
            .put(RpmTags.VERSION, "1")
            .put(RpmTags.RELEASE, "1")
            .put(RpmTags.ARCH, "noarch");
    for (int i = 0; i < tagChoices.size(); i++) {
      int tag = TAGS[tagChoices.get(i)];
      if (i % 2 == 0 && !strings.isEmpty()) {
        h.strings.put(tag, strings.get(i % strings.size()));
      } else if (!numbers.isEmpty()) {
        h.numbers.put(tag, numbers.get(i % numbers.size()));
      }
    }
    try {
      PackageEntries.fromHeader(h, STORED);
    } catch (InvalidInputException expected) {
      // fine
    }
  }

  @Property(tries = 300)
  void mutatedPackagesGiveAnEntryOrInvalidInput(
      @ForAll @IntRange(min = 0, max = 7000) int position,
      @ForAll byte value,
      @ForAll @IntRange(min = 1, max = 4) int span) {
    byte[] rpm = fixture();
    for (int i = position; i < Math.min(rpm.length, position + span); i++) {
      rpm[i] = value;
    }
    try {
      RpmPackageHeaders headers =
          new RpmPackageReader().readHeaders(new ByteArrayInputStream(rpm), "mutated.rpm");
      PackageEntries.fromHeader(
          new RpmHeaderValues(headers.header(), headers.signature()),
          new StoredPackage(
              "mutated.rpm",
              SamplePackages.digestOf("m"),
              rpm.length,
              1,
              headers.headerStart(),
              headers.headerEnd()));
    } catch (InvalidInputException expected) {
      // fine
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] fixture() {
    try {
      return Files.readAllBytes(Fixtures.rpm("hello-2.0-1.i686.rpm"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Provide
  Arbitrary<List<List<String>>> stringArrays() {
    Arbitrary<String> s =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(12),
            Arbitraries.of(
                "rpmlib(x)",
                "libc.so.6(GLIBC_2.3)",
                "libc.so.6(",
                "/etc/x",
                "1:2-3",
                "x:1",
                ":",
                "-",
                "/usr/bin/",
                ""));
    return s.list().ofMaxSize(5).list().ofMaxSize(4);
  }

  @Provide
  Arbitrary<List<long[]>> numberArrays() {
    return Arbitraries.longs().array(long[].class).ofMaxSize(5).list().ofMaxSize(4);
  }
}
