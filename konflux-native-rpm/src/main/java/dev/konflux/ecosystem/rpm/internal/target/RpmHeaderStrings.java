package dev.konflux.ecosystem.rpm.internal.target;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.rpm.internal.header.RpmHeader;
import dev.konflux.ecosystem.rpm.internal.header.RpmTags;
import dev.konflux.ecosystem.spi.UntrustedText;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Checks a package's name, version, release and architecture the way rpmbuild checks a spec's
 * preamble ({@code build/parsePreamble.c}, {@code rpmCharCheck}), and that the file it is published
 * under is the one rpmbuild would have written for that header, {@code
 * <name>-<version>-<release>.<arch>.rpm} ({@code src} or {@code nosrc} for source packages). A
 * header's digests prove only that nobody changed it after it was made, not that what it says is
 * possible: a hand-made header with a {@code /} in its name would otherwise become a path in a
 * repository's metadata.
 *
 * <p>Rules (ASCII only, as rpm's {@code risalnum}):
 *
 * <ul>
 *   <li>name: letters, digits and {@code . - _ +}, starting with a letter, digit or {@code _};
 *   <li>version and release: letters, digits and {@code . _ + ~ ^} (no {@code -}, which would make
 *       the NEVRA ambiguous);
 *   <li>none empty, none with {@code ..};
 *   <li>rpmbuild also lets {@code % { }} through with a warning about an unexpanded macro; they are
 *       refused here, because such a package is a build mistake and {@code %} in a repository's
 *       location is percent-decoded by clients;
 *   <li>arch: one of {@link #KNOWN_ARCHITECTURES}, the configured architecture repositories, or the
 *       extra architectures configured ({@code rpm.extraArchitectures});
 *   <li>the file name at most 255 bytes (a file system's name limit), so each string is bounded.
 * </ul>
 */
final class RpmHeaderStrings {
  /** Architectures from rpm's {@code rpmrc} tables that packages are built for. */
  static final Set<String> KNOWN_ARCHITECTURES =
      Set.of(
          "noarch",
          "i386",
          "i486",
          "i586",
          "i686",
          "athlon",
          "geode",
          "pentium3",
          "pentium4",
          "x86_64",
          "x86_64_v2",
          "x86_64_v3",
          "x86_64_v4",
          "amd64",
          "ia32e",
          "em64t",
          "aarch64",
          "armv5tel",
          "armv5tejl",
          "armv6l",
          "armv6hl",
          "armv7l",
          "armv7hl",
          "armv7hnl",
          "armv8l",
          "armv8hl",
          "ppc",
          "ppc64",
          "ppc64le",
          "ppc64p7",
          "ppc64pseries",
          "ppc64iseries",
          "s390",
          "s390x",
          "riscv64",
          "loongarch64",
          "mips",
          "mipsel",
          "mips64",
          "mips64el",
          "mipsr6",
          "mipsr6el",
          "mips64r6",
          "mips64r6el",
          "sparc",
          "sparcv8",
          "sparcv9",
          "sparcv9v",
          "sparc64",
          "sparc64v",
          "alpha",
          "alphaev5",
          "alphaev56",
          "alphaev6",
          "alphaev67",
          "ia64",
          "sh3",
          "sh4",
          "sh4a",
          "m68k",
          "xtensa");

  private static final int FILE_NAME_LIMIT = 255;

  private final Set<String> architectures;

  /**
   * @param extra architectures accepted besides the known ones (configured repositories, options)
   */
  RpmHeaderStrings(Collection<String> extra) {
    TreeSet<String> all = new TreeSet<>(KNOWN_ARCHITECTURES);
    all.addAll(extra);
    this.architectures = Set.copyOf(all);
  }

  /**
   * @param header the package's main header
   * @param source whether it is a source package (lead or header say so)
   * @param fileName the name it is published under
   * @param what the package, for messages
   * @throws InvalidInputException if a string is one rpmbuild would refuse, or the file name does
   *     not agree with the header
   */
  void check(RpmHeader header, boolean source, String fileName, String what)
      throws InvalidInputException {
    String name = header.string(RpmTags.NAME).orElse("");
    String version = header.string(RpmTags.VERSION).orElse("");
    String release = header.string(RpmTags.RELEASE).orElse("");
    String arch = header.string(RpmTags.ARCH).orElse("");
    checkName(name, what);
    checkVersionOrRelease("version", version, what);
    checkVersionOrRelease("release", release, what);
    if (!architectures.contains(arch)) {
      throw new InvalidInputException(
          what
              + ": its header's arch "
              + UntrustedText.quoted(arch)
              + " is not a known architecture (add it to the option rpm.extraArchitectures if it is one)");
    }
    String fileArch =
        source
            ? (header.has(RpmTags.NOSOURCE) || header.has(RpmTags.NOPATCH) ? "nosrc" : "src")
            : arch;
    String expected = name + "-" + version + "-" + release + "." + fileArch + ".rpm";
    if (expected.getBytes(StandardCharsets.UTF_8).length > FILE_NAME_LIMIT) {
      throw new InvalidInputException(
          what
              + ": its header's name, version, release and arch make a file name of "
              + expected.length()
              + " characters, more than "
              + FILE_NAME_LIMIT);
    }
    if (!expected.equals(fileName)) {
      throw new InvalidInputException(
          what
              + ": it is published as "
              + UntrustedText.quoted(fileName)
              + " but its header says "
              + UntrustedText.quoted(expected));
    }
  }

  private static void checkName(String name, String what) throws InvalidInputException {
    String problem = null;
    if (name.isEmpty()) {
      problem = "is empty";
    } else if (!isAlnum(name.charAt(0)) && name.charAt(0) != '_') {
      problem = "does not start with a letter, digit or _";
    } else {
      problem = badCharacter(name, ".-_+");
    }
    if (problem != null) {
      throw new InvalidInputException(
          what
              + ": its header's name "
              + UntrustedText.quoted(name)
              + " "
              + problem
              + " (rpmbuild allows letters, digits and . - _ +)");
    }
  }

  private static void checkVersionOrRelease(String field, String value, String what)
      throws InvalidInputException {
    String problem = value.isEmpty() ? "is empty" : badCharacter(value, "._+~^");
    if (problem != null) {
      throw new InvalidInputException(
          what
              + ": its header's "
              + field
              + " "
              + UntrustedText.quoted(value)
              + " "
              + problem
              + " (rpmbuild allows letters, digits and . _ + ~ ^)");
    }
  }

  /**
   * @return what is wrong with {@code value}, or {@code null} if nothing is
   */
  private static @Nullable String badCharacter(String value, String allowed) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!isAlnum(c) && allowed.indexOf(c) < 0) {
        return String.format(java.util.Locale.ROOT, "has the character U+%04X", (int) c);
      }
    }
    if (value.contains("..")) {
      return "has \"..\"";
    }
    return null;
  }

  private static boolean isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
