package dev.konflux.ecosystem.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Makes the {@code konflux-native} launcher's private copies of the CLI's jars fit for its
 * class-data-sharing archive; the launcher runs it once per build, on the copies, before the
 * training run ({@link CdsTraining}). The JDK archives no class of a signed jar and no class file
 * older than Java 6, and every start loaded, parsed and verified those classes from the jars again:
 *
 * <ul>
 *   <li>A signed jar (Bouncy Castle's) loses its signature files and the manifest's per-entry
 *       digests. It is used as a library, never as a JCE provider, which would need them.
 *   <li>A class file older than Java 6 (picocli is compiled for Java 5, as are a few classes of
 *       Woodstox and ASM) is rewritten as a Java 6 class file with stack map frames computed by
 *       ASM, with its code unchanged. Picocli's 178 classes were otherwise checked by the old
 *       type-inferring verifier on every start: measured, a fifth of a one-second no-op release.
 *       Java 6 rather than 8: a class whose computed frames the verifier refused would fall back to
 *       the old verifier instead of failing. A class that ASM cannot rewrite keeps its bytes.
 * </ul>
 *
 * <p>Each jar is rewritten through a temporary file and moved into place; one that cannot be read
 * is left as it was (its classes are then loaded from it as before). The jars the CLI is built from
 * are never touched.
 */
public final class CdsJars {
  private static final Pattern SIGNATURE_FILE = Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)");
  private static final String MANIFEST = "META-INF/MANIFEST.MF";

  /** The first class file version the JDK's class-data sharing holds (Java 6). */
  static final int ARCHIVABLE_VERSION = Opcodes.V1_6;

  private CdsJars() {}

  /**
   * @param args the directory of jar copies to prepare
   * @throws IOException if the directory cannot be listed
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: CdsJars LIB_DIR");
    }
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of(args[0]), "*.jar")) {
      dir.forEach(jars::add);
    }
    // Frames are computed against the class hierarchy, which spans jars: one loader over them all.
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      urls[i] = jars.get(i).toUri().toURL();
    }
    try (URLClassLoader hierarchy =
        new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
      for (Path jar : jars) {
        try {
          prepare(jar, hierarchy);
        } catch (IOException | RuntimeException e) {
          // Left as it was: its classes load from the jar, as without an archive.
        }
      }
    }
  }

  /**
   * Rewrites one jar in place if it is signed or holds class files older than Java 6.
   *
   * @param jar the jar
   * @param hierarchy resolves the classes the jar's code refers to (for stack map frames)
   * @return whether the jar was rewritten
   * @throws IOException if it cannot be read or written
   */
  static boolean prepare(Path jar, ClassLoader hierarchy) throws IOException {
    return prepare(jar, hierarchy, ARCHIVABLE_VERSION);
  }

  /**
   * Like {@link #prepare(Path, ClassLoader)}, writing old classes as this class file version (a
   * test writes Java 8 ones, which the verifier checks by their frames alone, with no fall-back).
   */
  static boolean prepare(Path jar, ClassLoader hierarchy, int target) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      boolean signed = zip.stream().anyMatch(e -> SIGNATURE_FILE.matcher(e.getName()).matches());
      if (!signed && !hasOldClass(zip)) {
        return false;
      }
      Path tmp = Files.createTempFile(jar.getParent(), jar.getFileName().toString(), ".tmp");
      try {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
          Enumeration<? extends ZipEntry> entries = zip.entries();
          while (entries.hasMoreElements()) {
            ZipEntry e = entries.nextElement();
            if (SIGNATURE_FILE.matcher(e.getName()).matches()) {
              continue;
            }
            byte[] bytes;
            try (InputStream in = zip.getInputStream(e)) {
              bytes = in.readAllBytes();
            }
            if (signed && e.getName().equals(MANIFEST)) {
              bytes = mainSection(bytes);
            } else if (isOldClass(e, bytes)) {
              bytes = upgraded(bytes, hierarchy, target);
            }
            ZipEntry copy = new ZipEntry(e.getName());
            copy.setTime(e.getTime());
            out.putNextEntry(copy);
            out.write(bytes);
            out.closeEntry();
          }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        tmp = null;
        return true;
      } finally {
        if (tmp != null) {
          Files.deleteIfExists(tmp);
        }
      }
    }
  }

  private static boolean hasOldClass(ZipFile zip) throws IOException {
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      ZipEntry e = entries.nextElement();
      if (isClass(e)) {
        try (InputStream in = zip.getInputStream(e)) {
          if (isOldClass(e, in.readNBytes(8))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean isClass(ZipEntry e) {
    // Versioned entries of a multi-release jar are for newer JDKs already.
    return e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/");
  }

  /** A class file (magic CAFEBABE) whose major version is older than Java 6. */
  static boolean isOldClass(ZipEntry e, byte[] head) {
    return isClass(e)
        && head.length >= 8
        && (head[0] & 0xff) == 0xca
        && (head[1] & 0xff) == 0xfe
        && (head[2] & 0xff) == 0xba
        && (head[3] & 0xff) == 0xbe
        && ((head[6] & 0xff) << 8 | (head[7] & 0xff)) < ARCHIVABLE_VERSION;
  }

  /**
   * A signed jar's manifest without its per-entry sections, which hold the signature's digests only
   * (and would make the JDK take the jar as signed).
   */
  static byte[] mainSection(byte[] manifest) {
    String text = new String(manifest, StandardCharsets.UTF_8).replace("\r\n", "\n");
    int end = text.indexOf("\n\n");
    return ((end < 0 ? text.stripTrailing() : text.substring(0, end)) + "\n\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The same class as a class file of that version with stack map frames; its own bytes if ASM
   * cannot rewrite it (for example {@code jsr}, which frames cannot describe).
   */
  static byte[] upgraded(byte[] classFile, ClassLoader hierarchy, int target) {
    try {
      ClassReader reader = new ClassReader(classFile);
      ClassWriter writer =
          new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
              return hierarchy;
            }
          };
      reader.accept(
          new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(
                int version,
                int access,
                String name,
                String signature,
                String superName,
                String[] interfaces) {
              super.visit(target, access, name, signature, superName, interfaces);
            }
          },
          ClassReader.SKIP_FRAMES);
      return writer.toByteArray();
    } catch (RuntimeException e) {
      return classFile;
    }
  }
}
