package dev.konflux.ecosystem.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Two small unsigned RPMs bundled in the testkit jar, so a test can build a Konflux RPM build
 * artifact without bringing RPM files: {@value #NOARCH} and {@value #X86_64}. They were built by
 * this project with {@code rpmbuild} from the {@code konflux-hello.spec} and {@code native.spec}
 * files next to them in the jar (Apache-2.0, like the project).
 *
 * <pre>{@code
 * List<Path> rpms = SampleRpms.writeTo(tmp);
 * RpmBuildArtifact build = RpmBuildArtifact.create().withCgImport().tag("build");
 * rpms.forEach(build::addRpm);
 * }</pre>
 */
public final class SampleRpms {
  /** File name of the noarch sample package ({@code /usr/bin/konflux-hello}). */
  public static final String NOARCH = "konflux-hello-1.0-1.noarch.rpm";

  /** File name of the x86_64 sample package. */
  public static final String X86_64 = "konflux-hello-native-1.0-1.x86_64.rpm";

  private static final String RESOURCES = "/dev/konflux/ecosystem/testkit/rpms/";

  private SampleRpms() {}

  /**
   * @return the file names of the bundled packages, noarch first
   */
  public static List<String> names() {
    return List.of(NOARCH, X86_64);
  }

  /**
   * Copies the bundled packages into a directory.
   *
   * @param dir where to write them (created if missing)
   * @return the written files, in the order of {@link #names()}
   * @throws IOException if writing fails
   */
  public static List<Path> writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    for (String name : names()) {
      out.add(writeTo(dir, name));
    }
    return out;
  }

  /**
   * Copies one bundled package into a directory.
   *
   * @param dir where to write it (created if missing)
   * @param name {@link #NOARCH} or {@link #X86_64}
   * @return the written file
   * @throws IOException if writing fails
   * @throws IllegalArgumentException if there is no such sample
   */
  public static Path writeTo(Path dir, String name) throws IOException {
    if (!names().contains(name)) {
      throw new IllegalArgumentException("no sample RPM " + name + "; there are " + names());
    }
    Files.createDirectories(dir);
    Path target = dir.resolve(name);
    try (InputStream in = SampleRpms.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IOException("sample RPM " + name + " is missing from the testkit jar");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }
}
