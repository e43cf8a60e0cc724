package dev.konflux.ecosystem.bom.placement;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.bom.SbomSource;
import dev.konflux.ecosystem.spi.UntrustedText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.jspecify.annotations.Nullable;

/**
 * PEP 770 SBOMs in wheels: lists the SBOMs a wheel carries under {@code
 * <name>-<version>.dist-info/sboms/} (the report the Python target publishes) and, on request,
 * writes a copy of a wheel with one more SBOM there and its line in {@code RECORD}. Other entries
 * are copied raw (still compressed, byte for byte); {@code RECORD} is rewritten last, as the wheel
 * format wants.
 */
public final class WheelSboms {
  private static final String SBOMS = "sboms/";
  private static final long MAX_RECORD = 16L << 20;
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

  private WheelSboms() {}

  /**
   * @param wheel a wheel file
   * @return the SBOMs it carries, in entry order
   * @throws InvalidInputException if it is no readable wheel (no single {@code .dist-info} with a
   *     RECORD)
   */
  public static List<WheelSbom> list(Path wheel) throws InvalidInputException {
    try (ZipFile zip = ZipFile.builder().setPath(wheel).get()) {
      String distInfo = distInfo(zip, wheel);
      Map<String, String[]> record = record(zip, distInfo, wheel);
      List<WheelSbom> out = new ArrayList<>();
      for (ZipArchiveEntry e : Collections.list(zip.getEntriesInPhysicalOrder())) {
        if (e.isDirectory() || !e.getName().startsWith(distInfo + SBOMS)) {
          continue;
        }
        MessageDigest sha256 = Digest.newMessageDigest(Digest.SHA256);
        long size;
        try (InputStream in = new DigestInputStream(zip.getInputStream(e), sha256)) {
          size = in.transferTo(OutputStream.nullOutputStream());
        }
        byte[] raw = sha256.digest();
        String[] line = record.get(e.getName());
        boolean recorded =
            line != null
                && line.length >= 3
                && line[1].equals(recordHash(raw))
                && line[2].equals(Long.toString(size));
        out.add(new WheelSbom(e.getName(), Digest.sha256(raw), size, recorded));
      }
      return out;
    } catch (IOException e) {
      throw new InvalidInputException(
          "reading wheel " + wheel.getFileName() + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code output}: the wheel with {@code <dist-info>/sboms/<fileName>} added and listed in
   * RECORD. Refuses a wheel that already has that entry, and a wheel with a RECORD signature
   * ({@code RECORD.jws}, {@code RECORD.p7s}) that the change would break.
   *
   * @param wheel the input wheel
   * @param output where to write the new wheel (atomically; may not be the input)
   * @param fileName the SBOM's file name, e.g. {@code konflux.spdx.json}
   * @param sbom the SBOM's bytes
   * @param source the SBOM document, for the result
   * @return the written wheel
   * @throws InvalidInputException if the wheel or the file name cannot be used
   * @throws OutputException if writing fails
   */
  public static InjectedWheel inject(
      Path wheel, Path output, String fileName, byte[] sbom, SbomSource source)
      throws InvalidInputException, OutputException {
    if (!FILE_NAME.matcher(fileName).matches()) {
      throw new InvalidInputException("unsafe SBOM file name " + UntrustedText.quoted(fileName));
    }
    @Nullable Path tmp = null;
    try (ZipFile zip = ZipFile.builder().setPath(wheel).get()) {
      String distInfo = distInfo(zip, wheel);
      String entryName = distInfo + SBOMS + fileName;
      String recordName = distInfo + "RECORD";
      if (zip.getEntry(entryName) != null) {
        throw new InvalidInputException(
            "wheel " + wheel.getFileName() + " already has " + entryName);
      }
      for (String signature : List.of("RECORD.jws", "RECORD.p7s")) {
        if (zip.getEntry(distInfo + signature) != null) {
          throw new InvalidInputException(
              "wheel "
                  + wheel.getFileName()
                  + " carries "
                  + signature
                  + "; adding an SBOM would invalidate it");
        }
      }
      byte[] record = readBounded(zip, zip.getEntry(recordName), wheel);
      String line =
          entryName + "," + recordHash(Digest.sha256Of(sbom).bytes()) + "," + sbom.length + "\n";
      byte[] newRecord = appendLine(record, line);

      Path dir = output.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, ".wheel-", ".tmp");
      MessageDigest sha256 = Digest.newMessageDigest(Digest.SHA256);
      try (OutputStream file = new DigestOutputStream(Files.newOutputStream(tmp), sha256);
          ZipArchiveOutputStream out = new ZipArchiveOutputStream(file)) {
        for (ZipArchiveEntry e : Collections.list(zip.getEntriesInPhysicalOrder())) {
          if (e.getName().equals(recordName)) {
            continue;
          }
          try (InputStream raw = zip.getRawInputStream(e)) {
            out.addRawArchiveEntry(e, raw);
          }
        }
        putDeflated(out, entryName, sbom);
        putDeflated(out, recordName, newRecord);
        out.finish();
      }
      long size = Files.size(tmp);
      AtomicFiles.move(tmp, output);
      return new InjectedWheel(output, Digest.sha256(sha256.digest()), size, entryName, source);
    } catch (InvalidInputException e) {
      AtomicFiles.deleteQuietly(tmp);
      throw e;
    } catch (IOException e) {
      AtomicFiles.deleteQuietly(tmp);
      throw new OutputException(
          "adding an SBOM to wheel " + wheel.getFileName() + " failed: " + e.getMessage(), e);
    }
  }

  private static void putDeflated(ZipArchiveOutputStream out, String name, byte[] bytes)
      throws IOException {
    ZipArchiveEntry entry = new ZipArchiveEntry(name);
    entry.setMethod(ZipArchiveEntry.DEFLATED);
    entry.setTime(315532800000L); // 1980-01-01, the zip epoch: reproducible output
    out.putArchiveEntry(entry);
    out.write(bytes);
    out.closeArchiveEntry();
  }

  private static byte[] appendLine(byte[] record, String line) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(record.length + line.length() + 1);
    b.writeBytes(record);
    if (record.length > 0 && record[record.length - 1] != '\n') {
      b.write('\n');
    }
    b.writeBytes(line.getBytes(StandardCharsets.UTF_8));
    return b.toByteArray();
  }

  /** {@code sha256=<urlsafe base64 without padding>}, as RECORD writes hashes. */
  static String recordHash(byte[] sha256) {
    return "sha256=" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256);
  }

  /** The single top-level {@code *.dist-info/} directory that holds a RECORD. */
  private static String distInfo(ZipFile zip, Path wheel) throws InvalidInputException {
    String found = null;
    for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
      String n = e.getName();
      int slash = n.indexOf('/');
      if (slash > 0
          && n.substring(0, slash).endsWith(".dist-info")
          && n.substring(slash + 1).equals("RECORD")) {
        if (found != null) {
          throw new InvalidInputException(
              "wheel " + wheel.getFileName() + " has more than one .dist-info with a RECORD");
        }
        found = n.substring(0, slash + 1);
      }
    }
    if (found == null) {
      throw new InvalidInputException("wheel " + wheel.getFileName() + " has no .dist-info/RECORD");
    }
    return found;
  }

  private static Map<String, String[]> record(ZipFile zip, String distInfo, Path wheel)
      throws IOException, InvalidInputException {
    String text =
        new String(
            readBounded(zip, zip.getEntry(distInfo + "RECORD"), wheel), StandardCharsets.UTF_8);
    Map<String, String[]> out = new HashMap<>();
    for (String line : text.split("\n", -1)) {
      // SBOM paths are simple names; a quoted CSV path with commas is not an SBOM entry we list.
      String[] fields = line.strip().split(",", -1);
      if (fields.length >= 1 && !fields[0].isEmpty()) {
        out.put(fields[0], fields);
      }
    }
    return out;
  }

  private static byte[] readBounded(ZipFile zip, ZipArchiveEntry entry, Path wheel)
      throws IOException, InvalidInputException {
    try (InputStream in = zip.getInputStream(entry)) {
      byte[] bytes = in.readNBytes((int) MAX_RECORD + 1);
      if (bytes.length > MAX_RECORD) {
        throw new InvalidInputException(
            "wheel " + wheel.getFileName() + " has a RECORD larger than " + MAX_RECORD + " bytes");
      }
      return bytes;
    }
  }
}
