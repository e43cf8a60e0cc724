package dev.konflux.ecosystem.rpm.internal.sign;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.rpm.internal.header.MalformedRpmException;
import dev.konflux.ecosystem.rpm.internal.header.RpmHeader;
import dev.konflux.ecosystem.rpm.internal.header.RpmHeaderLimits;
import dev.konflux.ecosystem.rpm.internal.header.RpmHeaderParser;
import dev.konflux.ecosystem.rpm.internal.header.RpmLead;
import dev.konflux.ecosystem.rpm.internal.header.RpmPackage;
import dev.konflux.ecosystem.rpm.internal.header.RpmPackageHeaders;
import dev.konflux.ecosystem.rpm.internal.header.RpmPackageReader;
import dev.konflux.ecosystem.rpm.internal.header.RpmTagType;
import dev.konflux.ecosystem.rpm.internal.header.RpmTags;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs RPM packages in-process: reads lead and headers, checks the package's own digests, writes a
 * new signature header with a v4 OpenPGP header-only signature (RSA keys: tag 268; EdDSA, ECDSA and
 * DSA keys: tag 267), then copies the main header and the payload byte for byte.
 *
 * <p>What is checked, all before the output is accepted: SHA256HEADER (273) and SHA1HEADER (269)
 * against the main header's bytes; the payload digest (5092, algorithm 5093) against the payload as
 * stored (compressed) while it is copied, or, for packages without one, the MD5 (1004) of header
 * plus payload; SIZE (1000) or LONGSIZE (270) against header plus payload length. The payload
 * streams through a fixed buffer; it is never held.
 *
 * <p>The new signature header keeps the digests and sizes (269, 273, 1000, 270, 1007, 271), the IMA
 * and fs-verity file signatures (274-277, which sign file contents, not the package) and the MD5
 * (1004) only when it was the payload's sole check; it drops every other signature (267, 268, 278,
 * 1002, 1005, ...) and the reserved space. Without a key the package is only verified and copied
 * unchanged.
 */
public final class RpmHeaderSigner {
  private static final Logger LOG = LoggerFactory.getLogger(RpmHeaderSigner.class);
  // Large enough for few system calls, small enough that many parallel signings make little
  // garbage.
  private static final int BUFFER = 256 << 10;
  private static final int LARGE_BUFFER = 1 << 20;

  /** Payloads at least this big get their two digests computed on two threads. */
  static final long PARALLEL_HASH_THRESHOLD = 32L << 20;

  private static final int[] KEPT_TAGS = {
    RpmTags.SIG_SHA1,
    RpmTags.SIG_LONGSIZE,
    RpmTags.SIG_LONGARCHIVESIZE,
    RpmTags.SIG_SHA256,
    RpmTags.SIG_FILESIGNATURES,
    RpmTags.SIG_FILESIGNATURELENGTH,
    RpmTags.SIG_VERITYSIGNATURES,
    RpmTags.SIG_VERITYSIGNATUREALGO,
    RpmTags.SIG_SIZE,
    RpmTags.SIG_PAYLOADSIZE
  };

  private final @Nullable OpenPgpSigner key;
  private final Instant signatureTime;
  private final RpmPackageReader reader;
  private final RpmHeaderParser parser;
  private final long parallelHashThreshold;
  private final int largeBuffer;

  /** Direct buffers of finished packages, for {@link #signFile}; a few per signing thread. */
  private static final int POOLED_BUFFERS = 8;

  private final java.util.Queue<ByteBuffer> directBuffers =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.Queue<ByteBuffer> largeDirectBuffers =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  /**
   * @param key the signing key, or {@code null} to verify and copy without signing
   * @param signatureTime the creation time written into signatures
   * @param limits header limits
   */
  public RpmHeaderSigner(
      @Nullable OpenPgpSigner key, Instant signatureTime, RpmHeaderLimits limits) {
    this(key, signatureTime, limits, PARALLEL_HASH_THRESHOLD);
  }

  RpmHeaderSigner(
      @Nullable OpenPgpSigner key,
      Instant signatureTime,
      RpmHeaderLimits limits,
      long parallelHashThreshold) {
    this(key, signatureTime, limits, parallelHashThreshold, LARGE_BUFFER);
  }

  /** For tests: small buffers make many chunks out of a small payload. */
  RpmHeaderSigner(
      @Nullable OpenPgpSigner key,
      Instant signatureTime,
      RpmHeaderLimits limits,
      long parallelHashThreshold,
      int largeBuffer) {
    this.parallelHashThreshold = parallelHashThreshold;
    this.largeBuffer = largeBuffer;
    this.key = key;
    this.signatureTime = Objects.requireNonNull(signatureTime, "signatureTime");
    this.reader = new RpmPackageReader(limits);
    this.parser = new RpmHeaderParser(limits);
  }

  /**
   * @param key the signing key, or {@code null} to verify and copy without signing
   * @param signatureTime the creation time written into signatures
   */
  public RpmHeaderSigner(@Nullable OpenPgpSigner key, Instant signatureTime) {
    this(key, signatureTime, RpmHeaderLimits.DEFAULT);
  }

  /**
   * @return the signature header tag this signer writes: 268 for RSA keys, else 267; 0 unsigned
   */
  public int signatureTag() {
    if (key == null) {
      return 0;
    }
    return key.algorithm() == OpenPgpSigner.Algorithm.RSA ? RpmTags.SIG_RSA : RpmTags.SIG_DSA;
  }

  /**
   * Signs a package into a file: written to a temporary file next to {@code target}, moved into
   * place only when every check passed; on failure nothing is left behind.
   *
   * @param in the input package (read to its end, not closed)
   * @param target where the signed package goes (replaced if present)
   * @param file the package name for messages
   * @return the signed package as written
   * @throws MalformedRpmException if the package is malformed or its digests do not match
   * @throws IOException if reading or writing fails
   */
  public RpmPackage signToFile(InputStream in, Path target, String file)
      throws MalformedRpmException, IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
    boolean done = false;
    try {
      RpmPackage result;
      try (OutputStream out = Files.newOutputStream(tmp)) {
        result = sign(in, out, file);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      done = true;
      return result;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * Signs a package file into another file, like {@link #signToFile(InputStream, Path, String)},
   * with less copying: the payload moves through direct buffers between the two file channels, so
   * the JVM does not copy every byte into and out of a heap array around each read and write.
   *
   * @param source the input package file
   * @param target where the signed package goes (replaced if present)
   * @param file the package name for messages
   * @return the signed package as written
   * @throws MalformedRpmException if the package is malformed or its digests do not match
   * @throws IOException if reading or writing fails
   */
  public RpmPackage signFile(Path source, Path target, String file)
      throws MalformedRpmException, IOException {
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
      return signChannel(in, target, file, () -> {});
    }
  }

  /** A last check of the input, after it was read to its end and before the output is kept. */
  @FunctionalInterface
  public interface InputCheck {
    /**
     * @throws IOException if the input must not be used (nothing is kept then)
     */
    void check() throws IOException;
  }

  /**
   * Signs a package read from a channel into a file, like {@link #signFile}: the channel is read
   * once, from its position to its end, into direct buffers that are hashed and written as they are
   * (no copy through the Java heap); {@code beforeKeeping} runs after the last byte was read and
   * before the output is moved into place (a source's digest check, for example).
   *
   * @param in the input package (read to its end, not closed)
   * @param target where the signed package goes (replaced if present)
   * @param file the package name for messages
   * @param beforeKeeping runs once the input was read to its end; if it throws, nothing is kept
   * @return the signed package as written
   * @throws MalformedRpmException if the package is malformed or its digests do not match
   * @throws IOException if reading or writing fails, or as {@code beforeKeeping} throws
   */
  public RpmPackage signChannel(
      ReadableByteChannel in, Path target, String file, InputCheck beforeKeeping)
      throws MalformedRpmException, IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
    boolean done = false;
    try {
      RpmPackage result;
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        // Unbuffered: the header reads must leave the channel exactly at the payload.
        InputStream headers = Channels.newInputStream(in);
        result = sign(headers, in::read, out::write, out, file);
      }
      beforeKeeping.check();
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      done = true;
      return result;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * Signs a package from one stream to another. The output is complete only when this returns;
   * after an exception it must be discarded.
   *
   * @param in the input package (read to its end, not closed)
   * @param out receives the signed package (not closed)
   * @param file the package name for messages
   * @return the signed package as written (headers, header range, size, SHA-256)
   * @throws MalformedRpmException if the package is malformed or its digests do not match
   * @throws IOException if reading or writing fails
   */
  public RpmPackage sign(InputStream in, OutputStream out, String file)
      throws MalformedRpmException, IOException {
    return sign(
        in,
        buf -> {
          int n = in.read(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
          if (n > 0) {
            buf.position(buf.position() + n);
          }
          return n;
        },
        buf -> {
          int n = buf.remaining();
          out.write(buf.array(), buf.arrayOffset() + buf.position(), n);
          buf.position(buf.limit());
          return n;
        },
        null,
        file);
  }

  /** Where the payload comes from: reads into the buffer's remaining space, -1 at the end. */
  private interface PayloadSource {
    int read(ByteBuffer buf) throws IOException;
  }

  /** Where everything goes: writes the buffer's remaining bytes (perhaps not all at once). */
  private interface PackageSink {
    int write(ByteBuffer buf) throws IOException;

    default void writeFully(ByteBuffer buf) throws IOException {
      while (buf.hasRemaining()) {
        write(buf);
      }
    }
  }

  /**
   * @param fileOut the channel behind {@code out} when writing to a file (then buffers are direct
   *     and big payloads are written at positions by both threads), else {@code null}
   */
  private RpmPackage sign(
      InputStream in,
      PayloadSource payloadIn,
      PackageSink out,
      @Nullable FileChannel fileOut,
      String file)
      throws MalformedRpmException, IOException {
    RpmPackageHeaders old = reader.readHeaders(in, file);
    RpmHeader header = old.header();
    RpmHeader oldSig = old.signature();
    String sha256 = header.sha256Hex();
    checkHeaderDigest(oldSig, RpmTags.SIG_SHA256, sha256, "SHA256HEADER", file);
    String sha1 = oldSig.has(RpmTags.SIG_SHA1) ? header.sha1Hex() : null;
    if (sha1 != null) {
      checkHeaderDigest(oldSig, RpmTags.SIG_SHA1, sha1, "SHA1HEADER", file);
    }

    PayloadCheck payloadCheck = PayloadCheck.of(old, file);
    RpmHeader newSig =
        key == null ? oldSig : newSignatureHeader(oldSig, header, sha256, payloadCheck, file);

    MessageDigest fileDigest = Digest.newMessageDigest(Digest.SHA256);
    byte[] lead = old.lead().raw();
    byte[] sig = newSig.rawBytes();
    byte[] pad = new byte[RpmHeaderParser.padding(newSig.dataLength())];
    byte[] hdr = header.rawBytes();
    for (byte[] part : List.of(lead, sig, pad, hdr)) {
      out.writeFully(ByteBuffer.wrap(part));
      fileDigest.update(part);
    }
    payloadCheck.updateHeader(hdr);

    long statedPayload = statedSize(oldSig) - header.size();
    long payload =
        statedPayload >= parallelHashThreshold
            ? copyHashingInParallel(payloadIn, out, fileOut, fileDigest, payloadCheck)
            : copy(payloadIn, out, fileOut != null, fileDigest, payloadCheck);
    payloadCheck.verify(file);
    checkSize(oldSig, header.size() + payload, file);

    RpmPackageHeaders written = RpmPackageHeaders.of(RpmLead.parse(lead, file), newSig, header);
    long size = written.headerEnd() + payload;
    LOG.debug(
        "{}: {} package {} ({} bytes)",
        file,
        key == null ? "verified" : "signed",
        header.nevra(),
        size);
    return new RpmPackage(written, size, Digest.sha256(fileDigest.digest()));
  }

  private ByteBuffer buffer(int size, boolean direct) {
    if (!direct) {
      return ByteBuffer.allocate(size);
    }
    ByteBuffer pooled = (size == BUFFER ? directBuffers : largeDirectBuffers).poll();
    return pooled != null ? pooled : ByteBuffer.allocateDirect(size);
  }

  /**
   * Gives a direct buffer back for the next package: direct memory is freed only after a GC finds
   * the buffer unreachable, so allocating one per package lets native memory (and RSS) grow.
   */
  private void release(ByteBuffer buf) {
    if (!buf.isDirect()) {
      return;
    }
    java.util.Queue<ByteBuffer> pool =
        buf.capacity() == BUFFER ? directBuffers : largeDirectBuffers;
    if (pool.size() < POOLED_BUFFERS) {
      buf.clear();
      pool.offer(buf);
    }
  }

  /** Fills the buffer from the source up to its end or the end of input; -1 if nothing was left. */
  private static int fill(PayloadSource in, ByteBuffer buf) throws IOException {
    buf.clear();
    int n;
    while (buf.hasRemaining() && (n = in.read(buf)) > 0) {
      // keep filling: fewer, larger digest updates and writes
    }
    buf.flip();
    return buf.hasRemaining() ? buf.remaining() : -1;
  }

  private long copy(
      PayloadSource in,
      PackageSink out,
      boolean direct,
      MessageDigest fileDigest,
      PayloadCheck payloadCheck)
      throws IOException {
    long payload = 0;
    ByteBuffer buf = buffer(BUFFER, direct);
    int n;
    while ((n = fill(in, buf)) > 0) {
      fileDigest.update(buf.duplicate());
      payloadCheck.update(buf.duplicate());
      out.writeFully(buf);
      payload += n;
    }
    release(buf);
    return payload;
  }

  /**
   * For big payloads the work is split over two threads: the caller reads and computes the output
   * file's digest; a helper, up to two buffers behind, computes the payload digest and writes (into
   * a stream all of it, in order; into a file channel every other buffer, the caller writing the
   * rest at their positions). A single-thread executor keeps the helper's updates in order. Each
   * side works on its own view of a buffer, so positions are never shared.
   */
  private long copyHashingInParallel(
      PayloadSource in,
      PackageSink out,
      @Nullable FileChannel fileOut,
      MessageDigest fileDigest,
      PayloadCheck payloadCheck)
      throws IOException {
    boolean direct = fileOut != null;
    ExecutorService hasher =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "rpm-payload-digest");
              t.setDaemon(true);
              return t;
            });
    try {
      int slots = 3;
      ByteBuffer[] buffers = new ByteBuffer[slots];
      for (int i = 0; i < slots; i++) {
        buffers[i] = buffer(largeBuffer, direct);
      }
      Future<?>[] pending = new Future<?>[slots];
      long payload = 0;
      long base = fileOut != null ? fileOut.position() : 0;
      long chunks = 0;
      for (int i = 0; ; i = (i + 1) % slots) {
        await(pending[i]); // the buffer is free once the helper has hashed (and written) it
        ByteBuffer buf = buffers[i];
        int n = fill(in, buf);
        if (n <= 0) {
          break;
        }
        // Into a file both threads write, every other buffer each, at its position: the kernel's
        // cost of writing (which swings a lot) is shared instead of all landing on the helper.
        long at = base + payload;
        boolean helperWrites = !direct || (chunks++ & 1) == 1;
        ByteBuffer helperView = buf.duplicate();
        pending[i] =
            hasher.submit(
                () -> {
                  payloadCheck.update(helperView.duplicate());
                  if (!direct) {
                    out.writeFully(helperView);
                  } else if (helperWrites) {
                    writeAt(java.util.Objects.requireNonNull(fileOut), helperView, at);
                  }
                  return null;
                });
        fileDigest.update(buf.duplicate());
        if (!helperWrites) {
          writeAt(java.util.Objects.requireNonNull(fileOut), buf.duplicate(), at);
        }
        payload += n;
      }
      for (Future<?> f : pending) {
        await(f);
      }
      for (ByteBuffer b : buffers) {
        release(b);
      }
      return payload;
    } finally {
      hasher.shutdownNow();
    }
  }

  private static void writeAt(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long at = position;
    while (buf.hasRemaining()) {
      at += ch.write(buf, at);
    }
  }

  private static void await(Future<?> f) throws IOException {
    if (f == null) {
      return;
    }
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing the payload");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException("payload hashing failed", e.getCause());
    }
  }

  private static long statedSize(RpmHeader sig) {
    long[] v =
        sig.has(RpmTags.SIG_LONGSIZE)
            ? sig.numbers(RpmTags.SIG_LONGSIZE)
            : sig.numbers(RpmTags.SIG_SIZE);
    return v.length == 1 ? v[0] : -1;
  }

  private RpmHeader newSignatureHeader(
      RpmHeader oldSig, RpmHeader header, String sha256, PayloadCheck check, String file)
      throws MalformedRpmException, IOException {
    SignatureHeaderBuilder b = new SignatureHeaderBuilder();
    for (int tag : KEPT_TAGS) {
      if (oldSig.has(tag)) {
        RpmHeader.Entry e = oldSig.entry(tag).orElseThrow();
        b.raw(tag, e.type(), e.count(), oldSig.entryData(tag).orElseThrow());
      }
    }
    if (!oldSig.has(RpmTags.SIG_SHA256)) {
      b.string(RpmTags.SIG_SHA256, sha256);
    }
    if (check.keepsMd5()) {
      b.raw(RpmTags.SIG_MD5, RpmTagType.BIN, 16, oldSig.bin(RpmTags.SIG_MD5).orElseThrow());
    }
    OpenPgpSigner key = java.util.Objects.requireNonNull(this.key, "signing key");
    MessageDigest headerDigest;
    try {
      headerDigest = MessageDigest.getInstance(key.hashAlgorithm());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IOException(
          "the OpenPGP signer's hash " + key.hashAlgorithm() + " is not available", e);
    }
    headerDigest.update(header.rawBytes());
    byte[] signature = key.sign(headerDigest, signatureTime);
    b.bin(signatureTag(), signature);
    // Parse what we built with the same strict parser: a bug here must not reach a repository.
    return parser.parse(
        b.build(), RpmHeaderParser.Kind.SIGNATURE, file + " (new signature header)");
  }

  private static void checkHeaderDigest(
      RpmHeader sig, int tag, String actual, String name, String file)
      throws MalformedRpmException {
    if (!sig.has(tag)) {
      return;
    }
    String stated = sig.string(tag).orElseThrow().toLowerCase(Locale.ROOT);
    if (!stated.equals(actual)) {
      throw new MalformedRpmException(
          file,
          name
              + " does not match the header (stated "
              + printable(stated)
              + ", header hashes to "
              + actual
              + ")");
    }
  }

  private static void checkSize(RpmHeader sig, long actual, String file)
      throws MalformedRpmException {
    long[] stated =
        sig.has(RpmTags.SIG_LONGSIZE)
            ? sig.numbers(RpmTags.SIG_LONGSIZE)
            : sig.numbers(RpmTags.SIG_SIZE);
    if (stated.length == 1 && stated[0] != actual) {
      throw new MalformedRpmException(
          file,
          "signature header states "
              + stated[0]
              + " bytes of header and payload, the package has "
              + actual);
    }
  }

  static String printable(String s) {
    String cut = s.length() > 130 ? s.substring(0, 130) + "…" : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }

  /** The payload check in force for one package: its payload digest, or the legacy MD5. */
  private static final class PayloadCheck {
    private final MessageDigest md;
    private final byte[] expected;
    private final String name;
    private final boolean md5;

    private PayloadCheck(MessageDigest md, byte[] expected, String name, boolean md5) {
      this.md = md;
      this.expected = expected;
      this.name = name;
      this.md5 = md5;
    }

    static PayloadCheck of(RpmPackageHeaders h, String file) throws MalformedRpmException {
      List<String> digests = h.header().payloadDigests();
      if (!digests.isEmpty()) {
        long algo = h.header().payloadDigestAlgorithm().orElse(-1);
        MessageDigest md = PayloadDigestAlgorithm.forId(algo);
        if (md == null) {
          throw new MalformedRpmException(file, "unsupported payload digest algorithm " + algo);
        }
        String hex = digests.get(0).toLowerCase(Locale.ROOT);
        if (hex.length() != 2 * md.getDigestLength() || !hex.matches("[0-9a-f]+")) {
          throw new MalformedRpmException(
              file,
              "payload digest " + printable(hex) + " is not a " + md.getAlgorithm() + " value");
        }
        return new PayloadCheck(
            md, HexFormat.of().parseHex(hex), "payload digest (" + md.getAlgorithm() + ")", false);
      }
      byte[] md5 = h.signature().bin(RpmTags.SIG_MD5).orElse(null);
      if (md5 == null || md5.length != 16) {
        throw new MalformedRpmException(
            file, "package has neither a payload digest nor an MD5 digest to check");
      }
      try {
        return new PayloadCheck(
            MessageDigest.getInstance("MD5"), md5, "MD5 digest of header and payload", true);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    void updateHeader(byte[] header) {
      if (md5) {
        md.update(header);
      }
    }

    void update(ByteBuffer buf) {
      md.update(buf);
    }

    boolean keepsMd5() {
      return md5;
    }

    void verify(String file) throws MalformedRpmException {
      byte[] actual = md.digest();
      if (!MessageDigest.isEqual(actual, expected)) {
        throw new MalformedRpmException(
            file,
            name
                + " does not match the payload (stated "
                + HexFormat.of().formatHex(expected)
                + ", payload hashes to "
                + HexFormat.of().formatHex(actual)
                + ")");
      }
    }
  }
}
