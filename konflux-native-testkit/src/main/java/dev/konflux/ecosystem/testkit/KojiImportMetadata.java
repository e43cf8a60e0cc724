package dev.konflux.ecosystem.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The Koji content-generator metadata ({@code cg_import.json}, metadata_version 0) that a Konflux
 * RPM build attaches: {@code build{name,version,release,epoch}}, one buildroot and one {@code
 * output[]} entry per RPM and log with its sha256.
 *
 * @param name build name
 * @param version build version
 * @param release build release
 * @param epoch build epoch or {@code null}
 * @param buildTime start and end time of the build
 * @param outputs the files
 */
record KojiImportMetadata(
    String name,
    String version,
    String release,
    @Nullable Integer epoch,
    Instant buildTime,
    List<Output> outputs) {

  static final Instant DEFAULT_BUILD_TIME = Instant.parse("2024-01-01T00:00:00Z");

  /**
   * @param filename base file name
   * @param arch architecture ({@code src}, {@code noarch}, {@code x86_64}…)
   * @param sha256 hex sha256 of the file
   * @param size file size
   * @param type {@code rpm} or {@code log}
   */
  record Output(String filename, String arch, String sha256, long size, String type) {}

  byte[] toBytes() {
    ObjectNode root = OciJson.object();
    root.put("metadata_version", 0);
    ObjectNode build = root.putObject("build");
    build.put("name", name);
    build.put("version", version);
    build.put("release", release);
    if (epoch == null) {
      build.putNull("epoch");
    } else {
      build.put("epoch", epoch);
    }
    build.put(
        "source",
        "git+https://git.test.invalid/rpms/" + name + "#0000000000000000000000000000000000000000");
    build.put("start_time", buildTime.getEpochSecond());
    build.put("end_time", buildTime.getEpochSecond());
    build.putObject("extra").putObject("typeinfo").putNull("rpm");
    ArrayNode buildroots = root.putArray("buildroots");
    ObjectNode buildroot = buildroots.addObject();
    buildroot.put("id", 1);
    ObjectNode host = buildroot.putObject("host");
    host.put("os", "linux");
    host.put("arch", "x86_64");
    ObjectNode generator = buildroot.putObject("content_generator");
    generator.put("name", "konflux");
    generator.put("version", "0.1");
    ObjectNode container = buildroot.putObject("container");
    container.put("type", "none");
    container.put("arch", "x86_64");
    buildroot.putArray("tools");
    buildroot.putArray("components");
    buildroot.putObject("extra");
    ArrayNode output = root.putArray("output");
    for (Output o : outputs) {
      ObjectNode entry = output.addObject();
      entry.put("buildroot_id", 1);
      entry.put("filename", o.filename());
      entry.put("filesize", o.size());
      entry.put("arch", o.arch());
      entry.put("checksum_type", "sha256");
      entry.put("checksum", o.sha256());
      entry.put("type", o.type());
    }
    return OciJson.bytes(root);
  }
}
