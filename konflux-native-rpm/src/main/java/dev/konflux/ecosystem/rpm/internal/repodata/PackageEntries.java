package dev.konflux.ecosystem.rpm.internal.repodata;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.rpm.internal.header.RpmPackage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns RPM headers into {@link PackageEntry} values with createrepo_c's rules, so that dnf sees
 * the same packages in our metadata as in createrepo_c's:
 *
 * <ul>
 *   <li>requirements on {@code rpmlib(...)}, on the package's own "primary" files, and on
 *       capabilities it provides itself are left out, as are exact duplicates;
 *   <li>of the {@code libc.so.6} requirements only the highest version is kept;
 *   <li>a requirement is {@code pre} if it carries PREREQ, pre/post script or pre/post transaction
 *       flags;
 *   <li>dependency versions {@code [epoch:]version[-release]} are split, epoch defaulting to 0;
 *       ones with a non-numeric epoch are dropped;
 *   <li>the newest {@value #CHANGELOG_LIMIT} changelog entries are kept, oldest first, equal times
 *       made distinct by counting up, authors' trailing spaces removed;
 *   <li>source packages get the architecture {@code src}.
 * </ul>
 */
public final class PackageEntries {

  /** createrepo_c's default {@code --changelog-limit}. */
  public static final int CHANGELOG_LIMIT = 10;

  private PackageEntries() {}

  /**
   * Maps one package's header tags to its repodata entry.
   *
   * @param header the package's header tags
   * @param stored where the package file is and what it hashes to
   * @return the entry
   * @throws InvalidInputException if the header lacks name, version, release or arch, or its file
   *     and dependency arrays do not line up
   */
  public static PackageEntry fromHeader(HeaderValues header, StoredPackage stored)
      throws InvalidInputException {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(stored, "stored");
    try {
      return map(header, stored);
    } catch (IllegalArgumentException e) {
      // a tag of an unexpected type, or a value our model refuses
      throw new InvalidInputException(
          "package " + stored.locationHref() + " cannot be listed: " + e.getMessage(), e);
    }
  }

  /**
   * Maps a parsed package to its repodata entry.
   *
   * @param pkg the package as written to the repository (headers, size, SHA-256)
   * @param locationHref its path relative to the repository root
   * @param fileTime its file modification time, seconds since the epoch
   * @return the entry
   * @throws InvalidInputException if the header lacks what repodata needs
   */
  public static PackageEntry fromPackage(RpmPackage pkg, String locationHref, long fileTime)
      throws InvalidInputException {
    return fromHeader(
        new RpmHeaderValues(pkg.header(), pkg.signature()),
        new StoredPackage(
            locationHref,
            pkg.sha256(),
            pkg.fileSize(),
            fileTime,
            pkg.headerStart(),
            pkg.headerEnd()));
  }

  private static PackageEntry map(HeaderValues header, StoredPackage stored)
      throws InvalidInputException {
    String where = stored.locationHref();
    String name = required(header, RpmTags.NAME, "name", where);
    Long sourcePackage = header.number(RpmTags.SOURCEPACKAGE);
    String arch =
        sourcePackage != null && sourcePackage != 0
            ? "src"
            : required(header, RpmTags.ARCH, "arch", where);
    Long epoch = header.number(RpmTags.EPOCH);
    List<PackageFile> files = files(header, where);

    PackageEntry.Builder b =
        PackageEntry.builder()
            .name(name)
            .arch(arch)
            .epoch(epoch == null ? 0 : epoch)
            .version(required(header, RpmTags.VERSION, "version", where))
            .release(required(header, RpmTags.RELEASE, "release", where))
            .checksum(stored.checksum())
            .summary(header.string(RpmTags.SUMMARY))
            .description(header.string(RpmTags.DESCRIPTION))
            .packager(header.string(RpmTags.PACKAGER))
            .url(header.string(RpmTags.URL))
            .fileTime(stored.fileTime())
            .buildTime(orZero(header.number(RpmTags.BUILDTIME)))
            .packageSize(stored.size())
            .installedSize(first(header, RpmTags.LONGSIZE, RpmTags.SIZE))
            .archiveSize(archiveSize(header))
            .locationHref(stored.locationHref())
            .license(header.string(RpmTags.LICENSE))
            .vendor(header.string(RpmTags.VENDOR))
            .group(header.string(RpmTags.GROUP))
            .buildHost(header.string(RpmTags.BUILDHOST))
            .sourceRpm(header.string(RpmTags.SOURCERPM))
            .headerRange(stored.headerStart(), stored.headerEnd())
            .files(files)
            .changelogs(changelogs(header));
    dependencies(header, files, b);
    return b.build();
  }

  private static List<PackageFile> files(HeaderValues h, String where)
      throws InvalidInputException {
    List<String> basenames = h.strings(RpmTags.BASENAMES);
    if (basenames.isEmpty()) {
      return List.of();
    }
    List<String> dirnames = h.strings(RpmTags.DIRNAMES);
    long[] dirIndexes = h.numbers(RpmTags.DIRINDEXES);
    long[] modes = h.numbers(RpmTags.FILEMODES);
    long[] flags = h.numbers(RpmTags.FILEFLAGS);
    int n = basenames.size();
    if (dirIndexes.length != n
        || (modes.length != 0 && modes.length != n)
        || (flags.length != 0 && flags.length != n)) {
      throw new InvalidInputException(
          "package "
              + where
              + ": file arrays of the header differ in"
              + " length ("
              + n
              + " names, "
              + dirIndexes.length
              + " directory indexes)");
    }
    List<PackageFile> files = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long dir = dirIndexes[i];
      if (dir < 0 || dir >= dirnames.size()) {
        throw new InvalidInputException(
            "package "
                + where
                + ": file "
                + basenames.get(i)
                + " has directory index "
                + dir
                + " of "
                + dirnames.size());
      }
      String path = dirnames.get((int) dir) + basenames.get(i);
      long mode = modes.length == 0 ? 0 : modes[i];
      PackageFile.Type type;
      if ((mode & 0xF000) == 0x4000) {
        type = PackageFile.Type.DIR;
      } else if (flags.length != 0 && (flags[i] & RpmTags.FILE_GHOST) != 0) {
        type = PackageFile.Type.GHOST;
      } else {
        type = PackageFile.Type.FILE;
      }
      files.add(new PackageFile(path, type));
    }
    return files;
  }

  private record DepTags(DependencyKind kind, int name, int flags, int version) {}

  // createrepo_c's processing order: provides first (requires are checked against them)
  private static final List<DepTags> DEP_TAGS =
      List.of(
          new DepTags(
              DependencyKind.PROVIDES,
              RpmTags.PROVIDENAME,
              RpmTags.PROVIDEFLAGS,
              RpmTags.PROVIDEVERSION),
          new DepTags(
              DependencyKind.CONFLICTS,
              RpmTags.CONFLICTNAME,
              RpmTags.CONFLICTFLAGS,
              RpmTags.CONFLICTVERSION),
          new DepTags(
              DependencyKind.OBSOLETES,
              RpmTags.OBSOLETENAME,
              RpmTags.OBSOLETEFLAGS,
              RpmTags.OBSOLETEVERSION),
          new DepTags(
              DependencyKind.REQUIRES,
              RpmTags.REQUIRENAME,
              RpmTags.REQUIREFLAGS,
              RpmTags.REQUIREVERSION),
          new DepTags(
              DependencyKind.SUGGESTS,
              RpmTags.SUGGESTNAME,
              RpmTags.SUGGESTFLAGS,
              RpmTags.SUGGESTVERSION),
          new DepTags(
              DependencyKind.ENHANCES,
              RpmTags.ENHANCENAME,
              RpmTags.ENHANCEFLAGS,
              RpmTags.ENHANCEVERSION),
          new DepTags(
              DependencyKind.RECOMMENDS,
              RpmTags.RECOMMENDNAME,
              RpmTags.RECOMMENDFLAGS,
              RpmTags.RECOMMENDVERSION),
          new DepTags(
              DependencyKind.SUPPLEMENTS,
              RpmTags.SUPPLEMENTNAME,
              RpmTags.SUPPLEMENTFLAGS,
              RpmTags.SUPPLEMENTVERSION));

  private record SeenRequire(
      @Nullable DependencyFlags flags, @Nullable String version, boolean pre) {}

  private static void dependencies(HeaderValues h, List<PackageFile> files, PackageEntry.Builder b)
      throws InvalidInputException {
    Set<String> ownPaths = new HashSet<>();
    for (PackageFile f : files) {
      ownPaths.add(f.path());
    }
    Set<String> provided = new HashSet<>();
    for (DepTags tags : DEP_TAGS) {
      List<String> names = h.strings(tags.name());
      long[] flags = h.numbers(tags.flags());
      List<String> versions = h.strings(tags.version());
      // createrepo_c reads the triplet only when all three tags exist, up to the shortest
      if (names.isEmpty() || flags.length == 0 || versions.isEmpty()) {
        continue;
      }
      int n = Math.min(names.size(), Math.min(flags.length, versions.size()));
      boolean requires = tags.kind() == DependencyKind.REQUIRES;
      List<Dependency> list = new ArrayList<>();
      Map<String, SeenRequire> seenRequires = new HashMap<>();
      Dependency libcHighest = null;
      for (int i = 0; i < n; i++) {
        String depName = names.get(i);
        DependencyFlags cmp = DependencyFlags.fromRpmSense(flags[i]);
        String fullVersion = versions.get(i) == null ? "" : versions.get(i);
        String key = depName + (cmp == null ? "" : cmp.name()) + fullVersion;
        boolean pre = false;
        if (requires) {
          if (depName.startsWith("rpmlib(")) {
            continue;
          }
          if (depName.startsWith("/")
              && ownPaths.contains(depName)
              && PackageFile.isPrimary(depName)) {
            continue;
          }
          if (provided.contains(key)) {
            continue;
          }
          pre = (flags[i] & RpmTags.SENSE_PRE) != 0;
          SeenRequire seen = seenRequires.get(depName);
          if (seen != null
              && seen.flags() == cmp
              && java.util.Objects.equals(seen.version(), fullVersion)
              && seen.pre() == pre) {
            continue;
          }
        }
        String[] evr = splitEvr(fullVersion);
        if (evr == null) {
          continue; // non-numeric epoch: createrepo_c skips such a dependency
        }
        if (depName.isEmpty()) {
          continue; // createrepo_c writes no entry without a name
        }
        Dependency dep = new Dependency(depName, cmp, evr[0], evr[1], evr[2], pre);
        if (tags.kind() == DependencyKind.PROVIDES) {
          provided.add(key);
        }
        if (requires && depName.startsWith("libc.so.6")) {
          if (libcHighest == null || compareLibc(libcHighest.name(), depName) == 2) {
            libcHighest = dep;
          }
          continue;
        }
        list.add(dep);
        if (requires) {
          seenRequires.put(depName, new SeenRequire(cmp, fullVersion, pre));
        }
      }
      if (libcHighest != null) {
        list.add(libcHighest);
      }
      b.dependencies(tags.kind(), list);
    }
  }

  /**
   * Splits {@code [epoch:]version[-release]} like createrepo_c.
   *
   * @return epoch, version, release (null parts where absent), or {@code null} for a bad epoch
   */
  static String @Nullable [] splitEvr(@Nullable String text) {
    if (text == null || text.isEmpty()) {
      return new String[] {null, null, null};
    }
    String epoch = "0";
    String rest = text;
    int colon = text.indexOf(':');
    if (colon >= 0) {
      String e = text.substring(0, colon);
      if (!e.isEmpty()) {
        if (!e.matches("[ \\t\\n\\x0B\\f\\r]*[+-]?[0-9]+")) {
          return null;
        }
        epoch = e;
      }
      rest = text.substring(colon + 1);
    }
    int dash = rest.indexOf('-');
    if (dash < 0) {
      return new String[] {epoch, rest, null};
    }
    String release = rest.substring(dash + 1);
    return new String[] {epoch, rest.substring(0, dash), release.isEmpty() ? null : release};
  }

  /**
   * createrepo_c's order of {@code libc.so.6(...)} names: 0 same, 1 first higher, 2 second higher.
   */
  static int compareLibc(String a, String b) {
    int open1 = a.indexOf('(');
    int open2 = b.indexOf('(');
    if (open1 < 0 && open2 < 0) {
      return 0;
    }
    if (open1 < 0) {
      return 2;
    }
    if (open2 < 0) {
      return 1;
    }
    int close1 = a.indexOf(')', open1);
    int close2 = b.indexOf(')', open2);
    if (close1 < 0 && close2 < 0) {
      return 0;
    }
    if (close1 < 0) {
      return 2;
    }
    if (close2 < 0) {
      return 1;
    }
    int v1 = open1 + 1;
    int v2 = open2 + 1;
    if (v1 == close1 && v2 == close2) {
      return 0;
    }
    if (v1 == close1) {
      return 2;
    }
    if (v2 == close2) {
      return 1;
    }
    while (v1 < a.length() && !Character.isDigit(a.charAt(v1))) {
      v1++;
    }
    while (v2 < b.length() && !Character.isDigit(b.charAt(v2))) {
      v2++;
    }
    if (v1 > close1 && v2 > close2) {
      return 0;
    }
    if (v1 > close1) {
      return 2;
    }
    if (v2 > close2) {
      return 1;
    }
    int c =
        RpmVersions.compare(
            a.substring(v1, Math.max(v1, close1)), b.substring(v2, Math.max(v2, close2)));
    return c < 0 ? 2 : c;
  }

  private static List<ChangelogEntry> changelogs(HeaderValues h) {
    long[] times = h.numbers(RpmTags.CHANGELOGTIME);
    List<String> names = h.strings(RpmTags.CHANGELOGNAME);
    List<String> texts = h.strings(RpmTags.CHANGELOGTEXT);
    int n = Math.min(CHANGELOG_LIMIT, Math.min(times.length, Math.min(names.size(), texts.size())));
    long[] dates = new long[n];
    long lastTime = 0;
    for (int i = 0; i < n; i++) {
      long time = times[i];
      dates[i] = time;
      // entries with the same time as the one before: count the earlier ones up so that every
      // date is distinct (createrepo_c does this; dnf keys changelogs by date)
      if (lastTime == time) {
        long t = time;
        for (int j = i - 1; j >= 0 && dates[j] == t; j--) {
          dates[j]++;
          t++;
        }
      } else {
        lastTime = time;
      }
    }
    List<ChangelogEntry> out = new ArrayList<>(n);
    for (int i = n - 1; i >= 0; i--) {
      String author = names.get(i) == null ? "" : names.get(i);
      int end = author.length();
      while (end > 1 && author.charAt(end - 1) == ' ') {
        end--;
      }
      String text = texts.get(i) == null ? "" : texts.get(i);
      out.add(new ChangelogEntry(author.substring(0, end), dates[i], text));
    }
    return out;
  }

  private static String required(HeaderValues h, int tag, String what, String where)
      throws InvalidInputException {
    String v = h.string(tag);
    if (v == null || v.isEmpty()) {
      throw new InvalidInputException("package " + where + " has no " + what + " in its header");
    }
    return v;
  }

  private static long first(HeaderValues h, int... tags) {
    for (int tag : tags) {
      Long v = h.number(tag);
      if (v != null) {
        return v;
      }
    }
    return 0;
  }

  /**
   * The payload size: rpm moved it from the main header to the signature header, and merges the two
   * when it reads a package, 64-bit values first.
   */
  private static long archiveSize(HeaderValues h) {
    Long[] candidates = {
      h.number(RpmTags.LONGARCHIVESIZE),
      h.signatureNumber(RpmTags.LONGARCHIVESIZE),
      h.number(RpmTags.ARCHIVESIZE),
      h.signatureNumber(RpmTags.SIG_PAYLOADSIZE)
    };
    for (Long v : candidates) {
      if (v != null) {
        return v;
      }
    }
    return 0;
  }

  private static long orZero(@Nullable Long v) {
    return v == null ? 0 : v;
  }
}
