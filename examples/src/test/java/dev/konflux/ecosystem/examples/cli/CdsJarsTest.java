package dev.konflux.ecosystem.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The launcher's jar preparation for class-data sharing, on the real picocli jar and made-up jars.
 */
class CdsJarsTest {
  @TempDir Path tmp;

  @Test
  void picocliBecomesArchivableClassFilesThatTheStrictVerifierAcceptsAndThatBehaveTheSame()
      throws Exception {
    Path original = picocliJar();
    Path jar = tmp.resolve("picocli.jar");
    Files.copy(original, jar);
    Map<String, byte[]> before = entries(jar);
    assertTrue(before.keySet().stream().anyMatch(n -> oldClass(n, before.get(n))), "precondition");

    try (URLClassLoader hierarchy =
        new URLClassLoader(
            new java.net.URL[] {original.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      // Java 8 class files (the launcher writes Java 6 ones): checked by their frames alone.
      assertTrue(CdsJars.prepare(jar, hierarchy, org.objectweb.asm.Opcodes.V1_8));
    }

    Map<String, byte[]> after = entries(jar);
    assertEquals(before.keySet(), after.keySet(), "the same entries, in the same order");
    for (Map.Entry<String, byte[]> e : after.entrySet()) {
      assertFalse(oldClass(e.getKey(), e.getValue()), e.getKey() + " is still a Java 5 class");
      if (!e.getKey().endsWith(".class")) {
        assertArrayEquals(before.get(e.getKey()), e.getValue(), e.getKey());
      }
    }
    // Every class verified by the type-checking verifier alone (a Java 8 class file has no
    // fall-back to the old one, which would hide wrong frames), then the CLI's help printed through
    // the rewritten picocli: the same text as through the original.
    long classes =
        after.keySet().stream()
            .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/"))
            .count();
    assertEquals(
        classes + "", run(jar, "dev.konflux.ecosystem.examples.cli.CdsJarsTest$LinkAll", jar));
    assertEquals(
        run(original, KonfluxNativeCli.class.getName(), "translate", "--help"),
        run(jar, KonfluxNativeCli.class.getName(), "translate", "--help"));
  }

  @Test
  void aSignedJarLosesItsSignatureFilesAndPerEntryDigestsAndNothingElse() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(
        "META-INF/MANIFEST.MF",
        bytes(
            "Manifest-Version: 1.0\r\nCreated-By: test\r\n\r\nName: a/B.class\r\n"
                + "SHA-256-Digest: AAAA\r\n\r\n"));
    entries.put("META-INF/SIGNER.SF", bytes("Signature-Version: 1.0\r\n"));
    entries.put("META-INF/SIGNER.RSA", new byte[] {1, 2, 3});
    entries.put("META-INF/maven/pom.properties", bytes("version=1\n"));
    entries.put("a/B.class", classHeader(52));
    Path jar = write(tmp.resolve("signed.jar"), entries);

    assertTrue(CdsJars.prepare(jar, ClassLoader.getPlatformClassLoader()));

    Map<String, byte[]> after = entries(jar);
    assertEquals(
        List.of("META-INF/MANIFEST.MF", "META-INF/maven/pom.properties", "a/B.class"),
        new ArrayList<>(after.keySet()));
    assertEquals(
        "Manifest-Version: 1.0\nCreated-By: test\n\n",
        new String(after.get("META-INF/MANIFEST.MF"), StandardCharsets.UTF_8));
    assertArrayEquals(entries.get("a/B.class"), after.get("a/B.class"));
    assertArrayEquals(
        entries.get("META-INF/maven/pom.properties"), after.get("META-INF/maven/pom.properties"));
  }

  @Test
  void aJarNeitherSignedNorOldIsLeftUntouched() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("META-INF/MANIFEST.MF", bytes("Manifest-Version: 1.0\n\n"));
    entries.put("a/B.class", classHeader(50));
    entries.put("META-INF/versions/9/module-info.class", classHeader(53));
    Path jar = write(tmp.resolve("plain.jar"), entries);
    FileTime time = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    Files.setLastModifiedTime(jar, time);
    byte[] before = Files.readAllBytes(jar);

    assertFalse(CdsJars.prepare(jar, ClassLoader.getPlatformClassLoader()));

    assertArrayEquals(before, Files.readAllBytes(jar));
    assertEquals(time, Files.getLastModifiedTime(jar));
  }

  @Test
  void aClassThatCannotBeRewrittenKeepsItsBytes() {
    byte[] broken = classHeader(49); // a Java 5 header and nothing after it
    assertArrayEquals(
        broken,
        CdsJars.upgraded(broken, ClassLoader.getPlatformClassLoader(), CdsJars.ARCHIVABLE_VERSION));
    assertTrue(CdsJars.isOldClass(new ZipEntry("a/B.class"), broken));
    assertFalse(CdsJars.isOldClass(new ZipEntry("META-INF/versions/9/a/B.class"), broken));
    assertFalse(CdsJars.isOldClass(new ZipEntry("a/B.txt"), broken));
    assertFalse(CdsJars.isOldClass(new ZipEntry("a/B.class"), classHeader(50)));
  }

  /** Loads and links (so verifies) every class of the jar named by the first argument. */
  public static final class LinkAll {
    private LinkAll() {}

    /**
     * @param args the jar
     * @throws IOException if it cannot be read
     */
    public static void main(String[] args) throws IOException, ClassNotFoundException {
      int linked = 0;
      try (ZipFile zip = new ZipFile(args[0])) {
        Enumeration<? extends ZipEntry> en = zip.entries();
        while (en.hasMoreElements()) {
          String name = en.nextElement().getName();
          if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
            String cls = name.substring(0, name.length() - 6).replace('/', '.');
            // Reflection on the declared methods links the class, which verifies it.
            Class<?> c = Class.forName(cls, false, LinkAll.class.getClassLoader());
            var unused = c.getDeclaredMethods();
            linked++;
          }
        }
      }
      System.out.print(linked);
    }
  }

  /**
   * Runs a main class in a new JVM whose class path has this jar instead of picocli's, with the old
   * verifier's fall-back off; returns its standard output, or its error output if it failed.
   */
  private String run(Path picocli, String main, Object... args) throws Exception {
    List<String> classPath = new ArrayList<>();
    classPath.add(picocli.toString());
    Path real = picocliJar();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (!Paths.get(entry).equals(real)) {
        classPath.add(entry);
      }
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(String.join(java.io.File.pathSeparator, classPath));
    command.add(main);
    for (Object a : args) {
      command.add(a.toString());
    }
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the JVM did not finish: " + command);
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), stderr);
    return Files.readString(out, StandardCharsets.UTF_8) + stderr;
  }

  private static Path picocliJar() throws URISyntaxException {
    return Paths.get(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static boolean oldClass(String name, byte[] bytes) {
    return CdsJars.isOldClass(new ZipEntry(name), bytes);
  }

  private static byte[] classHeader(int major) {
    return new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0, 0, (byte) major};
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, byte[]> entries(Path jar) throws IOException {
    Map<String, byte[]> m = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> en = zip.entries();
      while (en.hasMoreElements()) {
        ZipEntry e = en.nextElement();
        try (InputStream in = zip.getInputStream(e)) {
          m.put(e.getName(), in.readAllBytes());
        }
      }
    }
    return m;
  }

  private static Path write(Path jar, Map<String, byte[]> entries) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    return jar;
  }
}
