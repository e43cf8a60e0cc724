package dev.konflux.ecosystem.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's promises that can rot: its Embedding program compiles exactly as written against the
 * modules it names, its Maven coordinates exist, and the bill of materials lists every library
 * module at the reactor's version. Updating the README's code block is all a change of the API
 * needs here: the test reads the block from the README itself.
 */
class ReadmeTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** Modules that are no library: the CLI, the benchmarks and the bill of materials itself. */
  private static final Set<String> NOT_LIBRARIES =
      Set.of("examples", "benchmarks", "konflux-native-dependencies");

  @TempDir Path tmp;

  private static String readme() throws IOException {
    return Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
  }

  /** The fenced blocks of one language under the given second-level heading. */
  private static List<String> blocks(String markdown, String heading, String language) {
    int start = markdown.indexOf("\n## " + heading + "\n");
    assertTrue(start >= 0, "README has no section " + heading);
    int end = markdown.indexOf("\n## ", start + 1);
    String section = markdown.substring(start, end < 0 ? markdown.length() : end);
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("(?s)\n```" + language + "\n(.*?)\n```").matcher(section);
    while (m.find()) {
      blocks.add(m.group(1) + "\n");
    }
    return blocks;
  }

  @Test
  void embeddingProgramCompilesAsWritten() throws Exception {
    List<String> java = blocks(readme(), "Embedding", "java");
    assertEquals(1, java.size(), "one java block in Embedding");
    String source = java.get(0);
    Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
    assertTrue(name.find(), "the snippet declares a public class");
    Path file = tmp.resolve(name.group(1) + ".java");
    Files.writeString(file, source, StandardCharsets.UTF_8);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjects(file);
      // The test class path holds api, rpm and sigstore: the modules the README tells users to add.
      List<String> options =
          List.of(
              "-classpath",
              System.getProperty("java.class.path"),
              "-d",
              Files.createDirectories(tmp.resolve("classes")).toString(),
              "-Xlint:all",
              "-Werror");
      boolean ok = javac.getTask(diagnostics, files, null, options, null, units).call();
      assertTrue(ok, "README's Embedding program does not compile:\n" + diagnostics);
    }
    assertTrue(Files.isRegularFile(tmp.resolve("classes/" + name.group(1) + ".class")));
  }

  @Test
  void mavenCoordinatesExistAndTheBomListsEveryLibraryModule() throws Exception {
    String rootPom = Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
    String version =
        firstTag(
            rootPom.substring(rootPom.indexOf("<artifactId>konflux-native-parent</artifactId>")),
            "version");
    Set<String> libraries = new TreeSet<>();
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(rootPom);
    while (module.find()) {
      if (!NOT_LIBRARIES.contains(module.group(1))) {
        String pom =
            Files.readString(
                ROOT.resolve(module.group(1)).resolve("pom.xml"), StandardCharsets.UTF_8);
        String afterParent = pom.substring(pom.indexOf("</parent>"));
        libraries.add(firstTag(afterParent, "artifactId"));
      }
    }
    assertTrue(libraries.contains("konflux-native-api"), libraries.toString());

    String bom =
        Files.readString(
            ROOT.resolve("konflux-native-dependencies/pom.xml"), StandardCharsets.UTF_8);
    assertEquals(
        "konflux-native-dependencies",
        firstTag(bom.substring(bom.indexOf("</modelVersion>")), "artifactId"));
    assertEquals(
        version,
        firstTag(bom.substring(bom.indexOf("</modelVersion>")), "version"),
        "the BOM's version is the reactor's");
    Set<String> listed = new TreeSet<>();
    Matcher dep =
        Pattern.compile(
                "<artifactId>([^<]+)</artifactId>\\s*<version>\\$\\{project.version}</version>")
            .matcher(bom);
    while (dep.find()) {
      listed.add(dep.group(1));
    }
    assertEquals(libraries, listed, "konflux-native-dependencies must list every library module");

    for (String xml : blocks(readme(), "Embedding", "xml")) {
      Matcher a = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(xml);
      while (a.find()) {
        assertTrue(
            a.group(1).equals("konflux-native-dependencies") || libraries.contains(a.group(1)),
            "README names an artifact that does not exist: " + a.group(1));
      }
      assertTrue(
          !xml.contains("<version>") || xml.contains("<version>" + version + "</version>"),
          "README's BOM version is not " + version);
    }
  }

  @Test
  void everyRpmOptionIsInTheOptionsTable() throws Exception {
    String readme = readme();
    int table = readme.indexOf("### Target options");
    assertTrue(table >= 0);
    for (String key : new dev.konflux.ecosystem.rpm.RpmTarget().optionKeys()) {
      assertTrue(
          readme.indexOf("| `" + key + "` |", table) > 0, "option " + key + " is not documented");
    }
  }

  @Test
  void everyMavenOptionIsInTheOptionsTable() throws Exception {
    String readme = readme();
    int table = readme.indexOf("### Target options");
    assertTrue(table >= 0);
    // Through ServiceLoader, as the CLI finds it (this module's main code does not use it).
    dev.konflux.ecosystem.spi.EcosystemTarget maven =
        java.util.ServiceLoader.load(dev.konflux.ecosystem.spi.EcosystemTarget.class).stream()
            .map(java.util.ServiceLoader.Provider::get)
            .filter(t -> t.ecosystem().equals("maven"))
            .findFirst()
            .orElseThrow();
    assertTrue(maven.optionKeys().contains("maven.centralBundle"));
    for (String key : maven.optionKeys()) {
      assertTrue(
          readme.indexOf("| `" + key + "` |", table) > 0, "option " + key + " is not documented");
    }
  }

  private static String firstTag(String xml, String tag) {
    Matcher m = Pattern.compile("<" + tag + ">([^<]+)</" + tag + ">").matcher(xml);
    assertTrue(m.find(), "no <" + tag + ">");
    return m.group(1).trim();
  }
}
