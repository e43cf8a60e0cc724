package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.BlobIntegrityException;
import dev.konflux.ecosystem.api.Descriptor;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A blob that its source holds as a regular file on this machine, opened for random access (memory
 * mapping with {@link FileChannel#map}, positional reads, {@link FileChannel#transferTo}) instead
 * of through the verifying stream of {@link BlobReader#open}. Ask for one with {@link
 * BlobReader#openLocal}.
 *
 * <p><strong>Nothing is verified while the channel is read.</strong> The file's size was checked
 * against the descriptor when it was opened; its content is checked by the consumer: feed every
 * byte of the blob, in order, to a digest from {@link #newDigest()} and call {@link
 * #verify(MessageDigest)} before committing anything made from the bytes. A mismatch raises the
 * same {@link BlobIntegrityException} as the stream would. The file belongs to the source (an OCI
 * layout's blob, for example) and is read where it lies: a consumer that hashes bytes and later
 * reads them again (to copy them) relies on the file not changing in between, so it should hash and
 * use each byte range at the same time, from the same mapping.
 */
public final class LocalBlob implements Closeable {
  private final Descriptor descriptor;
  private final FileChannel channel;
  private final String what;

  /**
   * For sources: wraps a read-only channel of the blob's file and checks its size.
   *
   * @param descriptor the blob
   * @param channel a read-only channel of the file holding exactly the blob; closed with this
   * @param what a description of the blob for messages, as the stream would use
   * @throws BlobIntegrityException if the file's size differs from the descriptor's (the channel is
   *     closed then)
   * @throws IOException if the size cannot be read
   */
  public LocalBlob(Descriptor descriptor, FileChannel channel, String what) throws IOException {
    this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
    this.channel = Objects.requireNonNull(channel, "channel");
    this.what = Objects.requireNonNull(what, "what");
    long size;
    try {
      size = channel.size();
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (size != descriptor.size()) {
      channel.close();
      throw new BlobIntegrityException(
          what,
          descriptor.digest(),
          "file holds " + size + " bytes, not the declared size " + descriptor.size());
    }
  }

  /**
   * @return the blob's descriptor
   */
  public Descriptor descriptor() {
    return descriptor;
  }

  /**
   * @return the blob's size in bytes (the descriptor's, which the file's matched when opened)
   */
  public long size() {
    return descriptor.size();
  }

  /**
   * @return the read-only channel of the file; its content is unverified (see the class comment)
   */
  public FileChannel channel() {
    return channel;
  }

  /**
   * @return a new digest of the descriptor's algorithm, to feed every byte of the blob in order
   */
  public MessageDigest newDigest() {
    return descriptor.digest().newMessageDigest();
  }

  /**
   * Finishes {@code digest} and compares it with the descriptor's digest.
   *
   * @param digest a digest from {@link #newDigest()} fed exactly the blob's bytes, in order
   * @throws BlobIntegrityException if the content does not match the descriptor
   */
  public void verify(MessageDigest digest) throws BlobIntegrityException {
    byte[] actual = digest.digest();
    if (!descriptor.digest().matches(actual)) {
      throw new BlobIntegrityException(
          what,
          descriptor.digest(),
          "content has digest "
              + descriptor.digest().algorithm()
              + ":"
              + HexFormat.of().formatHex(actual)
              + ", not the expected one");
    }
  }

  /**
   * Checks that all of the blob was fed to {@code digest}, then {@link #verify(MessageDigest)}: for
   * consumers that read up to a format's own end (an archive's end marker, say) and must still
   * account for every byte after it.
   *
   * @param digest a digest from {@link #newDigest()} fed the blob's bytes, in order
   * @param bytesFed how many bytes were fed to it
   * @throws BlobIntegrityException if fewer or more bytes than the blob's size were fed, or the
   *     content does not match the descriptor
   */
  public void verify(MessageDigest digest, long bytesFed) throws BlobIntegrityException {
    if (bytesFed != size()) {
      throw new BlobIntegrityException(
          what, descriptor.digest(), "only " + bytesFed + " of " + size() + " bytes were read");
    }
    verify(digest);
  }

  /** Closes the channel (mappings made from it stay valid until they are collected). */
  @Override
  public void close() throws IOException {
    channel.close();
  }
}
