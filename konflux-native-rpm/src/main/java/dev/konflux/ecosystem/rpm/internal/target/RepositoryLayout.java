package dev.konflux.ecosystem.rpm.internal.target;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.rpm.internal.header.RpmPackage;
import dev.konflux.ecosystem.spi.UntrustedText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which repositories a package belongs to: source packages to {@code source}; {@code
 * -debuginfo}/{@code -debugsource} packages to {@code <arch>-debug} (when debug repositories are
 * on); {@code noarch} packages to every architecture repository; 32-bit x86 packages to {@code
 * x86_64} (multilib) unless {@code i686} is configured itself; other packages to the repository of
 * their architecture, which must be configured.
 */
final class RepositoryLayout {
  static final String SOURCE = "source";
  private static final Pattern DEBUG = Pattern.compile(".*-debug(info|source)(-.*)?");
  private static final Set<String> IX86 =
      Set.of("i386", "i486", "i586", "i686", "athlon", "pentium3", "pentium4");

  private final List<String> architectures;
  private final boolean debugRepositories;

  RepositoryLayout(List<String> architectures, boolean debugRepositories) {
    this.architectures = List.copyOf(new LinkedHashSet<>(architectures));
    this.debugRepositories = debugRepositories;
  }

  List<String> architectures() {
    return architectures;
  }

  /**
   * @param pkg the package
   * @param what the package, for messages
   * @return the repository names, at least one
   * @throws InvalidInputException if its architecture has no repository
   */
  List<String> repositoriesFor(RpmPackage pkg, String what) throws InvalidInputException {
    return repositoriesFor(pkg.isSource(), pkg.header().name(), pkg.header().arch(), what);
  }

  /**
   * @param source whether it is a source package
   * @param name the package name
   * @param arch the package architecture
   * @param what the package, for messages
   * @return the repository names, at least one
   * @throws InvalidInputException if its architecture has no repository
   */
  List<String> repositoriesFor(boolean source, String name, String arch, String what)
      throws InvalidInputException {
    if (source) {
      return List.of(SOURCE);
    }
    boolean debug = debugRepositories && DEBUG.matcher(name).matches();
    List<String> arches;
    if (arch.equals("noarch")) {
      arches = architectures;
    } else if (architectures.contains(arch)) {
      arches = List.of(arch);
    } else if (IX86.contains(arch) && architectures.contains("x86_64")) {
      arches = List.of("x86_64");
    } else {
      throw new InvalidInputException(
          what
              + " has architecture "
              + UntrustedText.quoted(arch)
              + ", which is not among the configured repositories "
              + architectures
              + " (option rpm.architectures)");
    }
    List<String> out = new ArrayList<>(arches.size());
    for (String a : arches) {
      out.add(debug ? a + "-debug" : a);
    }
    return out;
  }
}
