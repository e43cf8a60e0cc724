package dev.konflux.ecosystem.rpm.internal.sign;

import dev.konflux.ecosystem.rpm.internal.header.RpmHeader;
import dev.konflux.ecosystem.rpm.internal.header.RpmHeaderParser;
import dev.konflux.ecosystem.rpm.internal.header.RpmPackage;
import dev.konflux.ecosystem.rpm.internal.header.RpmPackageReader;
import dev.konflux.ecosystem.rpm.internal.header.RpmTagType;
import dev.konflux.ecosystem.rpm.internal.header.RpmTags;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;

/**
 * Makes packages whose main header says something rpmbuild would never write, with every digest
 * recomputed so that {@code rpm -K} calls them intact: header strings are replaced in place (same
 * length, so no offset moves), then a new signature header gets SHA1HEADER, SHA256HEADER, the MD5
 * of header and payload, and the sizes. The payload (and its digest in the main header) is
 * unchanged. This is what a hostile or broken build could hand over.
 */
public final class EditedHeaderPackages {
  private EditedHeaderPackages() {}

  /**
   * @param source an unsigned package
   * @param target where the edited package goes
   * @param edits main-header string tags and their new values (each as long as the old one, in
   *     UTF-8 bytes)
   * @return {@code target}
   * @throws Exception if the package cannot be read or an edit changes a length
   */
  public static Path edit(Path source, Path target, Map<Integer, String> edits) throws Exception {
    byte[] file = Files.readAllBytes(source);
    RpmPackage pkg = new RpmPackageReader().read(source);
    RpmHeader header = pkg.header();
    byte[] hdr = header.rawBytes();
    int dataStart = 16 + 16 * header.indexCount();
    for (Map.Entry<Integer, String> e : edits.entrySet()) {
      RpmHeader.Entry entry = header.entry(e.getKey()).orElseThrow();
      byte[] old = header.string(e.getKey()).orElseThrow().getBytes(StandardCharsets.UTF_8);
      byte[] now = e.getValue().getBytes(StandardCharsets.UTF_8);
      if (old.length != now.length) {
        throw new IllegalArgumentException(
            "tag " + e.getKey() + ": " + e.getValue() + " is not as long as the old value");
      }
      System.arraycopy(now, 0, hdr, dataStart + entry.offset(), now.length);
    }
    RpmHeader edited =
        new RpmHeaderParser().parse(hdr, RpmHeaderParser.Kind.MAIN, target.toString());
    byte[] payload = Arrays.copyOfRange(file, (int) pkg.headerEnd(), file.length);

    MessageDigest md5 = MessageDigest.getInstance("MD5");
    md5.update(hdr);
    md5.update(payload);
    SignatureHeaderBuilder sig =
        new SignatureHeaderBuilder()
            .string(RpmTags.SIG_SHA1, edited.sha1Hex())
            .string(RpmTags.SIG_SHA256, edited.sha256Hex())
            .bin(RpmTags.SIG_MD5, md5.digest())
            .raw(
                RpmTags.SIG_SIZE,
                RpmTagType.INT32,
                1,
                ByteBuffer.allocate(4).putInt(hdr.length + payload.length).array());
    RpmHeader oldSig = pkg.signature();
    for (int tag : new int[] {RpmTags.SIG_PAYLOADSIZE, RpmTags.SIG_LONGARCHIVESIZE}) {
      if (oldSig.has(tag)) {
        RpmHeader.Entry e = oldSig.entry(tag).orElseThrow();
        sig.raw(tag, e.type(), e.count(), oldSig.entryData(tag).orElseThrow());
      }
    }
    byte[] sigBytes = sig.build();
    RpmHeader parsedSig =
        new RpmHeaderParser().parse(sigBytes, RpmHeaderParser.Kind.SIGNATURE, target.toString());

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(pkg.lead().raw());
    out.write(sigBytes);
    out.write(new byte[RpmHeaderParser.padding(parsedSig.dataLength())]);
    out.write(hdr);
    out.write(payload);
    Files.write(target, out.toByteArray());
    return target;
  }
}
