package dev.konflux.ecosystem.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code konflux-native} launcher script, run on a copy of itself in a temporary tree with a
 * stub {@code java} and a stub {@code mvnw} that log their arguments: the real checkout's build and
 * start-up archive ({@code examples/target/cds}) are never touched.
 */
class LauncherScriptTest {
  private static final Path SCRIPT =
      Path.of("..").toAbsolutePath().normalize().resolve("konflux-native");
  private static final Instant BUILT = Instant.now().minus(Duration.ofMinutes(30));

  @TempDir Path tmp;
  private Path tree;
  private Path jdk;
  private Path javaLog;
  private Path buildLog;

  @BeforeEach
  void tree() throws IOException {
    tree = Files.createDirectories(tmp.resolve("tree"));
    Files.copy(SCRIPT, tree.resolve("konflux-native"));
    executable(tree.resolve("konflux-native"));
    buildLog = tmp.resolve("build.log");
    Files.writeString(tree.resolve("mvnw"), "#!/bin/sh\necho \"$@\" >> '" + buildLog + "'\n", UTF8);
    executable(tree.resolve("mvnw"));
    Path src = Files.createDirectories(tree.resolve("mod/src/main/java"));
    old(Files.writeString(tree.resolve("pom.xml"), "<project/>", UTF8));
    old(Files.writeString(tree.resolve("mod/pom.xml"), "<project/>", UTF8));
    old(Files.writeString(src.resolve("A.java"), "class A {}", UTF8));
    Path target = Files.createDirectories(tree.resolve("examples/target/lib"));
    Files.writeString(target.resolve("dep-1.0.jar"), "dep", UTF8);
    Path examplesTarget = target.getParent();
    Files.writeString(examplesTarget.resolve("konflux-native-examples-0.1.0.jar"), "cli", UTF8);
    Files.writeString(
        examplesTarget.resolve("konflux-native-examples-0.1.0-sources.jar"), "src", UTF8);
    Files.setLastModifiedTime(
        Files.writeString(examplesTarget.resolve("cli.stamp"), "", UTF8), FileTime.from(BUILT));

    // A JDK's three files that key the archive, and a java that logs each start on one line and
    // writes the archive it is asked to make.
    jdk = tmp.resolve("jdk");
    Files.createDirectories(jdk.resolve("lib/server"));
    // Older than any time the test sets later: the key has a resolution of a second.
    old(Files.writeString(jdk.resolve("lib/modules"), "modules", UTF8));
    old(Files.writeString(jdk.resolve("lib/server/libjvm.so"), "libjvm", UTF8));
    javaLog = tmp.resolve("java.log");
    Files.createDirectories(jdk.resolve("bin"));
    Files.writeString(
        jdk.resolve("bin/java"),
        "#!/bin/sh\n"
            + "echo \"$*\" >> '"
            + javaLog
            + "'\n"
            + "for a in \"$@\"; do case \"$a\" in -XX:ArchiveClassesAtExit=*)"
            + " echo jsa > \"${a#*=}\" ;; esac; done\n",
        UTF8);
    executable(jdk.resolve("bin/java"));
  }

  @Test
  void keysTheArchiveOnTheJdksFilesWithoutStartingAJvmForIt() throws Exception {
    // Through a symbolic link, as /usr/bin/java is: the key follows it to the JDK's own files.
    Path link = Files.createDirectories(tmp.resolve("bin")).resolve("java");
    Files.createSymbolicLink(link, jdk.resolve("bin/java"));

    List<String> first = run(link);
    assertEquals(3, first.size(), "the jars prepared, a training run, then the command: " + first);
    assertTrue(first.get(0).contains("CdsJars"), first.get(0));
    assertTrue(first.get(1).contains("CdsTraining"), first.get(1));
    assertTrue(first.get(1).contains("-XX:ArchiveClassesAtExit="), first.get(1));
    String archive = archive(first.get(2));
    assertTrue(first.get(2).endsWith("KonfluxNativeCli --version"), first.get(2));
    for (String start : first) {
      assertFalse(start.matches(".*(^| )-version( |$).*"), "no java -version: " + start);
    }
    Path dir = Path.of(archive).getParent();
    assertEquals(tree.resolve("examples/target/cds"), dir.getParent());
    try (var lib = Files.list(dir.resolve("lib"))) {
      assertEquals(
          List.of("dep-1.0.jar", "konflux-native-examples-0.1.0.jar"),
          lib.map(p -> p.getFileName().toString()).sorted().toList(),
          "the CLI's jar (not its sources jar) and the dependencies");
    }

    List<String> second = run(link);
    assertEquals(1, second.size(), second.toString());
    assertEquals(archive, archive(second.get(0)), "the same JDK and jars: the same archive");

    // Another JDK build in the same place (its modules file changed): a new archive.
    Files.setLastModifiedTime(jdk.resolve("lib/modules"), FileTime.from(Instant.now()));
    List<String> third = run(link);
    assertEquals(3, third.size(), "prepared and trained again: " + third);
    String next = archive(third.get(2));
    assertNotEquals(archive, next);
    assertFalse(Files.exists(dir), "the archive of the earlier JDK is removed");
    assertFalse(Files.exists(buildLog), "nothing was built: the sources are older than the build");
  }

  @Test
  void rebuildsForChangedSourcesOnlyWhereTheBuildReadsThem() throws Exception {
    // A Java file outside every module's src (say an output left in the checkout) is not a source.
    Path stray = Files.createDirectories(tree.resolve("out/generated")).resolve("Stray.java");
    Files.writeString(stray, "class Stray {}", UTF8);
    run(jdk.resolve("bin/java"));
    assertFalse(Files.exists(buildLog), "a stray .java file outside src made a build");

    Files.setLastModifiedTime(
        tree.resolve("mod/src/main/java/A.java"), FileTime.from(Instant.now()));
    run(jdk.resolve("bin/java"));
    assertTrue(Files.readString(buildLog, UTF8).contains("-pl examples -am package"));
    Files.delete(buildLog);
    run(jdk.resolve("bin/java"));
    assertFalse(Files.exists(buildLog), "the build's stamp is newer now");

    Files.setLastModifiedTime(
        tree.resolve("mod/pom.xml"), FileTime.from(Instant.now().plusSeconds(5)));
    run(jdk.resolve("bin/java"));
    assertTrue(Files.exists(buildLog), "a changed pom.xml makes a build");
  }

  @Test
  void askedForAJdk25InstalledRunsTheCliWithItsAotCache() throws Exception {
    // /usr/lib/jvm with a Java 25 (the stub, writing the cache it is asked to make).
    Path jvms = Files.createDirectories(tmp.resolve("jvm"));
    Path jdk25 = jvms.resolve("temurin-25-jdk-amd64");
    Files.createDirectories(jdk25.resolve("lib/server"));
    old(Files.writeString(jdk25.resolve("lib/modules"), "modules 25", UTF8));
    old(Files.writeString(jdk25.resolve("lib/server/libjvm.so"), "libjvm 25", UTF8));
    Files.createDirectories(jdk25.resolve("bin"));
    Files.writeString(
        jdk25.resolve("bin/java"),
        "#!/bin/sh\n"
            + "echo \"25 $*\" >> '"
            + javaLog
            + "'\n"
            + "for a in \"$@\"; do case \"$a\" in -XX:AOTCacheOutput=*)"
            + " echo aot > \"${a#*=}\" ;; esac; done\n",
        UTF8);
    executable(jdk25.resolve("bin/java"));
    // The java on the PATH is the Java 17 stub.
    Path path = Files.createDirectories(tmp.resolve("path"));
    Files.createSymbolicLink(path.resolve("java"), jdk.resolve("bin/java"));
    String systemPath = path + ":" + System.getenv("PATH");

    Map<String, String> aot =
        Map.of(
            "KONFLUX_NATIVE_JDKS", jvms.toString(), "PATH", systemPath, "KONFLUX_NATIVE_AOT", "1");
    List<String> first = run(null, aot);
    assertEquals(3, first.size(), "the jars prepared, a training run, then the command: " + first);
    for (String start : first) {
      assertTrue(start.startsWith("25 "), "Java 25 runs: " + start);
    }
    assertTrue(first.get(1).contains("-XX:AOTCacheOutput="), first.get(1));
    assertTrue(first.get(2).contains("-XX:AOTCache="), first.get(2));
    assertTrue(first.get(2).contains("--enable-native-access=ALL-UNNAMED"), first.get(2));
    assertTrue(first.get(2).endsWith("KonfluxNativeCli --version"), first.get(2));
    List<String> second = run(null, aot);
    assertEquals(1, second.size(), "the cache is made once: " + second);
    assertTrue(second.get(0).contains("-XX:AOTCache="), second.get(0));

    // Not asked for: the java on the PATH, with the CDS archive.
    List<String> off =
        run(null, Map.of("KONFLUX_NATIVE_JDKS", jvms.toString(), "PATH", systemPath));
    assertFalse(off.get(off.size() - 1).startsWith("25 "), off.toString());
    archive(off.get(off.size() - 1));
  }

  /** Runs {@code konflux-native --version} with this java; returns the java starts it logged. */
  private List<String> run(Path java) throws Exception {
    return run(java, Map.of());
  }

  /**
   * Runs {@code konflux-native --version} with this java (or the one the launcher finds, for {@code
   * null}) and these variables; returns the java starts it logged.
   */
  private List<String> run(@Nullable Path java, Map<String, String> env) throws Exception {
    Files.deleteIfExists(javaLog);
    ProcessBuilder pb =
        new ProcessBuilder("bash", tree.resolve("konflux-native").toString(), "--version")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("launcher.out").toFile());
    pb.environment().remove("KONFLUX_NATIVE_JAVA");
    if (java != null) {
      pb.environment().put("KONFLUX_NATIVE_JAVA", java.toString());
    }
    pb.environment().remove("KONFLUX_NATIVE_CDS");
    pb.environment().remove("KONFLUX_NATIVE_CDS_TRAIN");
    pb.environment().remove("KONFLUX_NATIVE_AOT");
    pb.environment().remove("KONFLUX_NATIVE_JDKS");
    pb.environment().remove("KONFLUX_NATIVE_JAVA_OPTS");
    pb.environment().putAll(env);
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not finish");
    String out = Files.readString(tmp.resolve("launcher.out"), UTF8);
    assertEquals(0, p.exitValue(), out);
    return Files.exists(javaLog) ? Files.readAllLines(javaLog, UTF8) : List.of();
  }

  private static String archive(String javaStart) {
    Matcher m = Pattern.compile("-XX:SharedArchiveFile=(\\S+)").matcher(javaStart);
    assertTrue(m.find(), javaStart);
    return m.group(1);
  }

  private static void old(Path file) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(BUILT.minus(Duration.ofHours(1))));
  }

  private static void executable(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}
