package dev.konflux.ecosystem.internal.release;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.ReleaseRecord;
import dev.konflux.ecosystem.spi.FileOrigin;
import dev.konflux.ecosystem.spi.ProducedFile;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** How release-record entries and produced files are kept in a {@link SpilledList}. */
public final class FileCodecs {
  private FileCodecs() {}

  /** {@link ReleaseRecord.FileEntry}: path, ecosystem, digest, size, origins, derivedFrom. */
  public static final SpilledList.Codec<ReleaseRecord.FileEntry> FILE_ENTRY =
      new SpilledList.Codec<>() {
        @Override
        public void write(ReleaseRecord.FileEntry f, DataOutputStream out) throws IOException {
          SpilledList.writeString(out, f.path()); // first: paths() reads it alone
          SpilledList.writeString(out, f.ecosystem());
          writeCommon(out, f.sha256(), f.size(), f.origins(), f.derivedFrom());
        }

        @Override
        public ReleaseRecord.FileEntry read(DataInputStream in) throws IOException {
          String path = SpilledList.readString(in);
          String ecosystem = SpilledList.readString(in);
          Digest sha256 = readDigest(in);
          long size = in.readLong();
          return new ReleaseRecord.FileEntry(
              path, ecosystem, sha256, size, readOrigins(in), readStrings(in));
        }
      };

  /** {@link ProducedFile}: path, digest, size, origins, derivedFrom. */
  public static final SpilledList.Codec<ProducedFile> PRODUCED_FILE =
      new SpilledList.Codec<>() {
        @Override
        public void write(ProducedFile f, DataOutputStream out) throws IOException {
          SpilledList.writeString(out, f.path());
          writeCommon(out, f.sha256(), f.size(), f.origins(), f.derivedFrom());
        }

        @Override
        public ProducedFile read(DataInputStream in) throws IOException {
          String path = SpilledList.readString(in);
          Digest sha256 = readDigest(in);
          long size = in.readLong();
          return new ProducedFile(path, sha256, size, readOrigins(in), readStrings(in));
        }
      };

  /**
   * The paths of release-record entries, in order: from a {@link SpilledList} without decoding the
   * rest of each entry.
   *
   * @param files the entries
   * @return their paths
   */
  public static Iterable<String> paths(List<ReleaseRecord.FileEntry> files) {
    if (files instanceof SpilledList<ReleaseRecord.FileEntry> spilled) {
      return () -> spilled.parts(SpilledList::readString); // the path is written first
    }
    return () -> files.stream().map(ReleaseRecord.FileEntry::path).iterator();
  }

  private static void writeCommon(
      DataOutputStream out,
      Digest sha256,
      long size,
      List<FileOrigin> origins,
      List<String> derivedFrom)
      throws IOException {
    writeDigest(out, sha256);
    out.writeLong(size);
    out.writeInt(origins.size());
    for (FileOrigin o : origins) {
      SpilledList.writeString(out, o.component());
      SpilledList.writeString(out, o.reference());
      writeDigest(out, o.manifestDigest());
      writeDigest(out, o.layerDigest());
      SpilledList.writeNullable(out, o.archiveEntry());
    }
    out.writeInt(derivedFrom.size());
    for (String d : derivedFrom) {
      SpilledList.writeString(out, d);
    }
  }

  private static void writeDigest(DataOutputStream out, Digest d) throws IOException {
    SpilledList.writeString(out, d.algorithm());
    SpilledList.writeString(out, d.hex());
  }

  private static Digest readDigest(DataInputStream in) throws IOException {
    String algorithm = SpilledList.readString(in);
    String hex = SpilledList.readString(in);
    try {
      return new Digest(algorithm, hex);
    } catch (IllegalArgumentException e) {
      throw new IOException("bad digest in spill: " + e.getMessage(), e);
    }
  }

  private static List<FileOrigin> readOrigins(DataInputStream in) throws IOException {
    int n = count(in);
    List<FileOrigin> origins = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      origins.add(
          new FileOrigin(
              SpilledList.readString(in),
              SpilledList.readString(in),
              readDigest(in),
              readDigest(in),
              SpilledList.readNullable(in)));
    }
    return origins;
  }

  private static List<String> readStrings(DataInputStream in) throws IOException {
    int n = count(in);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(SpilledList.readString(in));
    }
    return out;
  }

  private static int count(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("negative count in spill");
    }
    return n;
  }
}
