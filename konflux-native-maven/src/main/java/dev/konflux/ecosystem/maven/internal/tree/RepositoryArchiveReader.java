package dev.konflux.ecosystem.maven.internal.tree;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.spi.SafePaths;
import dev.konflux.ecosystem.spi.UntrustedText;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Maven repository archive as one forward stream and hands each regular file to a {@link
 * TreeEntryHandler}, strictly: absolute paths, {@code ..} or {@code .} segments, symbolic and hard
 * links, devices, FIFOs, sparse files, duplicate paths and a file that is also a directory are
 * invalid input, and so is crossing a {@link TreeLimits} bound (entry count, file size, total size,
 * compression ratio). Nothing is extracted here: the handler decides where bytes go, so a rejected
 * archive leaves no file behind that the caller did not make itself.
 */
public final class RepositoryArchiveReader {
  /** Uncompressed bytes always allowed before the ratio guard applies (small archives). */
  private static final long RATIO_SLACK = 1L << 20;

  /** Most bytes of a zip's tail kept to check its central directory (about 150,000 entries). */
  private static final int CENTRAL_DIRECTORY_BOUND = 32 << 20;

  private final TreeLimits limits;

  /**
   * @param limits bounds to enforce
   */
  public RepositoryArchiveReader(TreeLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Reads the archive to its end.
   *
   * @param raw the archive bytes (a digest-checked layer stream); not closed
   * @param format its packing
   * @param what names the archive in messages ("layer sha256:… of component foo")
   * @param handler receives every regular file
   * @throws InvalidInputException if the archive breaks a rule or cannot be parsed
   * @throws KonfluxNativeException if the handler rejects an entry
   * @throws IOException if reading the layer or the handler's writing fails
   */
  public void read(InputStream raw, ArchiveFormat format, String what, TreeEntryHandler handler)
      throws IOException, KonfluxNativeException {
    SourceGuard source = new SourceGuard(raw);
    CountingInputStream compressed = new CountingInputStream(source);
    State state = new State(format.compressed() ? compressed : null, what);
    TreeEntryHandler guarded =
        (path, size, content) -> {
          try {
            handler.file(path, size, content);
          } catch (IOException e) {
            if (e instanceof LimitExceededException
                || source.failure != null
                || state.readFailure != null) {
              throw e; // a failure reading the archive, surfaced through the handler
            }
            throw new HandlerFailure(e);
          }
        };
    try {
      switch (format) {
        case TAR -> readTar(new TarArchiveInputStream(compressed), state, guarded);
        case TAR_GZIP ->
            readTar(
                new TarArchiveInputStream(new GZIPInputStream(compressed, 64 * 1024)),
                state,
                guarded);
        case ZIP -> {
          TailRecordingInputStream tail =
              new TailRecordingInputStream(compressed, CENTRAL_DIRECTORY_BOUND);
          readZip(new ZipArchiveInputStream(tail, "UTF-8", true, true), state, guarded);
          checkCentralDirectory(tail, state);
        }
        default -> throw new IllegalStateException();
      }
    } catch (HandlerFailure e) {
      throw e.io;
    } catch (LimitExceededException e) {
      throw new InvalidInputException(what + ": " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      if (source.failure != null) {
        // The layer itself failed (digest mismatch, connection): not the archive's fault.
        throw source.failure;
      }
      if (e instanceof RuntimeException r && !isArchiveParserFailure(r)) {
        throw r;
      }
      // Anything else commons-compress or the JDK's inflater throws is a malformed archive.
      throw new InvalidInputException(
          what
              + " is not a well-formed "
              + format.name().toLowerCase(java.util.Locale.ROOT)
              + " archive: "
              + UntrustedText.printable(String.valueOf(e.getMessage())),
          e);
    }
  }

  /** commons-compress reports some malformed headers with unchecked exceptions. */
  private static boolean isArchiveParserFailure(RuntimeException e) {
    return e instanceof IllegalArgumentException
        || e instanceof IllegalStateException
        || e instanceof ArithmeticException
        || e instanceof IndexOutOfBoundsException
        || e instanceof NegativeArraySizeException
        || e instanceof UnsupportedOperationException;
  }

  /** An I/O failure of the handler (writing output), kept apart from archive format failures. */
  private static final class HandlerFailure extends IOException {
    private static final long serialVersionUID = 1L;
    private final IOException io;

    HandlerFailure(IOException io) {
      super(io);
      this.io = io;
    }
  }

  /**
   * Remembers a failure of the layer stream itself, so it is not mistaken for a malformed archive.
   */
  private static final class SourceGuard extends FilterInputStream {
    private @Nullable IOException failure;

    SourceGuard(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public long skip(long n) throws IOException {
      try {
        return super.skip(n);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public void close() {
      // the caller closes the layer stream
    }
  }

  private void readTar(TarArchiveInputStream tar, State state, TreeEntryHandler handler)
      throws IOException, KonfluxNativeException {
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
      String name = entry.getName();
      state.countEntry(name);
      if (entry.isSymbolicLink() || entry.isLink()) {
        throw new InvalidInputException(
            state.what
                + " has a link entry "
                + UntrustedText.quoted(name)
                + "; a Maven repository holds only files and directories");
      }
      if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
        throw new InvalidInputException(
            state.what + " has a device or FIFO entry " + UntrustedText.quoted(name));
      }
      if (entry.isSparse()
          || entry.isGNUSparse()
          || entry.isPaxGNUSparse()
          || entry.isStarSparse()) {
        throw new InvalidInputException(
            state.what + " has a sparse entry " + UntrustedText.quoted(name));
      }
      if (entry.isDirectory()) {
        state.directory(name);
        continue;
      }
      if (!entry.isFile()) {
        throw new InvalidInputException(
            state.what + " has an entry of unsupported type " + UntrustedText.quoted(name));
      }
      String path = state.file(name);
      long size = entry.getSize();
      if (size > limits.maxEntrySize()) {
        throw new InvalidInputException(
            state.what
                + ": entry "
                + UntrustedText.quoted(path)
                + " declares "
                + size
                + " bytes, more than the limit of "
                + limits.maxEntrySize());
      }
      handler.file(path, size, state.content(tar, path));
    }
  }

  private void readZip(ZipArchiveInputStream zip, State state, TreeEntryHandler handler)
      throws IOException, KonfluxNativeException {
    ZipArchiveEntry entry;
    while ((entry = zip.getNextEntry()) != null) {
      String name = entry.getName();
      state.countEntry(name);
      state.zipNames.add(name);
      if (entry.isUnixSymlink()) {
        throw new InvalidInputException(
            state.what
                + " has a symbolic link entry "
                + UntrustedText.quoted(name)
                + "; a Maven repository holds only files and directories");
      }
      int unixType = entry.getUnixMode() & 0170000;
      if (unixType != 0 && unixType != 0100000 && unixType != 0040000) {
        throw new InvalidInputException(
            state.what + " has a special-file entry " + UntrustedText.quoted(name));
      }
      if (entry.isDirectory()) {
        state.directory(name);
        continue;
      }
      if (!zip.canReadEntryData(entry)) {
        throw new InvalidInputException(
            state.what
                + ": entry "
                + UntrustedText.quoted(name)
                + " uses an unsupported compression method or encryption");
      }
      String path = state.file(name);
      long size = entry.getSize();
      if (size > limits.maxEntrySize()) {
        throw new InvalidInputException(
            state.what
                + ": entry "
                + UntrustedText.quoted(path)
                + " declares "
                + size
                + " bytes, more than the limit of "
                + limits.maxEntrySize());
      }
      handler.file(path, size, state.content(zip, path));
    }
  }

  /**
   * Reads the rest of the zip and checks its central directory against the streamed entries: the
   * same names, and no link or special file among them.
   */
  private void checkCentralDirectory(TailRecordingInputStream tail, State state)
      throws IOException, InvalidInputException {
    byte[] drain = new byte[64 * 1024];
    long trailing = 0;
    int n;
    while ((n = tail.read(drain)) >= 0) {
      trailing += n;
      if (trailing > CENTRAL_DIRECTORY_BOUND) {
        throw new InvalidInputException(
            state.what
                + " has more than "
                + CENTRAL_DIRECTORY_BOUND
                + " bytes after its last entry");
      }
    }
    List<ZipCentralDirectory.DirectoryEntry> records;
    try {
      records = ZipCentralDirectory.read(tail.tail(CENTRAL_DIRECTORY_BOUND), tail.total());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          state.what + " has an unusable zip central directory: " + e.getMessage());
    }
    List<String> central = new ArrayList<>();
    for (ZipCentralDirectory.DirectoryEntry r : records) {
      if (r.unixType() == 0120000) {
        throw new InvalidInputException(
            state.what
                + " has a symbolic link entry "
                + UntrustedText.quoted(r.name())
                + "; a Maven repository holds only files and directories");
      }
      if (r.unixType() != 0 && r.unixType() != 0100000 && r.unixType() != 0040000) {
        throw new InvalidInputException(
            state.what + " has a special-file entry " + UntrustedText.quoted(r.name()));
      }
      central.add(r.name());
    }
    List<String> local = new ArrayList<>(state.zipNames);
    Collections.sort(central);
    Collections.sort(local);
    if (!central.equals(local)) {
      throw new InvalidInputException(
          state.what
              + ": the zip's central directory lists other entries than its"
              + " local headers, so tools would disagree on its content");
    }
  }

  /** Paths seen so far and byte counts across the archive. */
  private final class State {
    private final @Nullable CountingInputStream compressed;
    private final String what;
    private final Set<String> files = new HashSet<>();
    private final Set<String> directories = new HashSet<>();
    private final List<String> zipNames = new ArrayList<>();

    /** A failure of the archive while the handler read an entry's content. */
    private @Nullable IOException readFailure;

    private int entries;
    private long total;

    State(@Nullable CountingInputStream compressed, String what) {
      this.compressed = compressed;
      this.what = what;
    }

    void countEntry(String name) throws InvalidInputException {
      if (++entries > limits.maxEntries()) {
        throw new InvalidInputException(
            what + " has more than " + limits.maxEntries() + " entries");
      }
      if (name == null || name.isEmpty()) {
        throw new InvalidInputException(what + " has an entry without a name");
      }
    }

    /** Strips {@code ./} prefixes ({@code tar -C dir .} writes them) and checks the rest. */
    private String normalize(String name, boolean directory) throws InvalidInputException {
      if (name.startsWith("/")) {
        throw new InvalidInputException(
            what + " has an absolute entry " + UntrustedText.quoted(name));
      }
      String p = name;
      while (p.startsWith("./")) {
        p = p.substring(2);
      }
      if (directory) {
        while (p.endsWith("/")) {
          p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty() || p.equals(".")) {
          return "";
        }
      }
      return SafePaths.relative(p, "entry " + UntrustedText.quoted(name) + " of " + what);
    }

    void directory(String name) throws InvalidInputException {
      String p = normalize(name, true);
      if (p.isEmpty()) {
        return;
      }
      if (files.contains(p)) {
        throw new InvalidInputException(
            what + ": " + UntrustedText.quoted(p) + " is both a file and a directory");
      }
      addParents(p + "/x");
      directories.add(p);
    }

    String file(String name) throws InvalidInputException {
      String p = normalize(name, false);
      if (files.contains(p)) {
        throw new InvalidInputException(
            what + " has the entry " + UntrustedText.quoted(p) + " more than once");
      }
      if (directories.contains(p)) {
        throw new InvalidInputException(
            what + ": " + UntrustedText.quoted(p) + " is both a file and a directory");
      }
      addParents(p);
      files.add(p);
      return p;
    }

    private void addParents(String p) throws InvalidInputException {
      int slash = p.lastIndexOf('/');
      while (slash > 0) {
        String parent = p.substring(0, slash);
        if (files.contains(parent)) {
          throw new InvalidInputException(
              what + ": " + UntrustedText.quoted(parent) + " is both a file and a directory");
        }
        if (!directories.add(parent)) {
          return;
        }
        slash = parent.lastIndexOf('/');
      }
    }

    InputStream content(InputStream archive, String path) {
      return new FilterInputStream(archive) {
        private long read;

        private void count(long n) throws IOException {
          read += n;
          total += n;
          if (read > limits.maxEntrySize()) {
            throw new LimitExceededException(
                "entry "
                    + UntrustedText.quoted(path)
                    + " is larger than the limit of "
                    + limits.maxEntrySize()
                    + " bytes");
          }
          if (total > limits.maxTotalSize()) {
            throw new LimitExceededException(
                "the archive holds more than " + limits.maxTotalSize() + " bytes");
          }
          if (compressed != null
              && total > RATIO_SLACK
              && total > (double) compressed.count() * limits.maxCompressionRatio()) {
            throw new LimitExceededException(
                "the archive expands more than "
                    + limits.maxCompressionRatio()
                    + " times (at entry "
                    + UntrustedText.quoted(path)
                    + "): refused as a possible compression bomb");
          }
        }

        @Override
        public int read() throws IOException {
          try {
            int b = super.read();
            if (b >= 0) {
              count(1);
            }
            return b;
          } catch (IOException e) {
            readFailure = e;
            throw e;
          } catch (RuntimeException e) {
            throw decompressorFailure(e);
          }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          try {
            int n = super.read(b, off, len);
            if (n > 0) {
              count(n);
            }
            return n;
          } catch (IOException e) {
            readFailure = e;
            throw e;
          } catch (RuntimeException e) {
            throw decompressorFailure(e);
          }
        }

        @Override
        public long skip(long n) throws IOException {
          try {
            // Skipping still decompresses; count it like reading.
            long s = super.skip(n);
            if (s > 0) {
              count(s);
            }
            return s;
          } catch (IOException e) {
            readFailure = e;
            throw e;
          } catch (RuntimeException e) {
            throw decompressorFailure(e);
          }
        }

        @Override
        public void close() {
          // The archive stream stays open for the next entry.
        }

        /**
         * commons-compress reading an entry's damaged data has failed with unchecked exceptions,
         * some its own bugs (a jqwik property met a NullPointerException inside
         * ZipArchiveInputStream.read): the entry's data is malformed, reported as a read failure of
         * the archive like any other.
         */
        private IOException decompressorFailure(RuntimeException e) {
          IOException io =
              new IOException(
                  "the entry's data cannot be decompressed (" + e.getClass().getSimpleName() + ")",
                  e);
          readFailure = io;
          return io;
        }
      };
    }
  }
}
