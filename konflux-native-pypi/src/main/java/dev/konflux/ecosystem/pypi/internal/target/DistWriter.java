package dev.konflux.ecosystem.pypi.internal.target;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.pypi.InvalidDistributionException;
import dev.konflux.ecosystem.pypi.internal.dist.DistLimits;
import dev.konflux.ecosystem.pypi.internal.dist.SdistValidator;
import dev.konflux.ecosystem.pypi.internal.dist.ValidatedDist;
import dev.konflux.ecosystem.pypi.internal.dist.WheelValidator;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.IoFailures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Writes one distribution in two steps: {@link #copy} streams its layer through the verifying
 * reader to the destination (hashing with sha256 on the way when the layer digest is not sha256),
 * on the thread that owns the blob reader; {@link #validate} then checks the file there and may run
 * on a worker thread. A file that fails either step is deleted before the failure is thrown.
 * Instances are thread-safe.
 */
public final class DistWriter {
  /** Copy buffer: large enough that the verifying stream's per-read overhead is negligible. */
  private static final int BUFFER = 1 << 16;

  private final WheelValidator wheels;
  private final SdistValidator sdists;

  /**
   * @param limits archive bounds
   * @param verifyRecord whether wheel RECORD hashes are checked
   */
  public DistWriter(DistLimits limits, boolean verifyRecord) {
    this.wheels = new WheelValidator(limits, verifyRecord);
    this.sdists = new SdistValidator(limits);
  }

  /**
   * A distribution copied into the work directory, not yet validated.
   *
   * @param file where it is
   * @param sha256 the file's sha256
   * @param size its size
   */
  public record Copied(Path file, Digest sha256, long size) {}

  /**
   * A distribution written and validated.
   *
   * @param dist what validation found
   * @param sha256 the file's sha256
   * @param size its size
   */
  public record Written(ValidatedDist dist, Digest sha256, long size) {}

  /**
   * @param planned the distribution
   * @param blobs the verifying blob reader
   * @param destination where to write it (its directory exists)
   * @return the copied file, its digest and size (verified against the layer descriptor)
   * @throws KonfluxNativeException integrity failure or I/O failure
   */
  public Copied copy(PlannedDist planned, BlobReader blobs, Path destination)
      throws KonfluxNativeException {
    try {
      MessageDigest md =
          Digest.SHA256.equals(planned.layer().digest().algorithm())
              ? null
              : Digest.newMessageDigest(Digest.SHA256);
      long size = 0;
      try (InputStream in = blobs.open(planned.layer());
          OutputStream out = Files.newOutputStream(destination)) {
        // The verifying stream has checked size and digest once it reports end of stream.
        byte[] buf = new byte[BUFFER];
        int n;
        while ((n = in.read(buf)) >= 0) {
          out.write(buf, 0, n);
          if (md != null) {
            md.update(buf, 0, n);
          }
          size += n;
        }
      }
      Digest sha256 =
          md == null
              ? planned.layer().digest()
              : Digest.sha256(HexFormat.of().formatHex(md.digest()));
      return new Copied(destination, sha256, size);
    } catch (IOException e) {
      deleteQuietly(destination);
      throw IoFailures.producing(e, planned.name().fileName() + " from " + planned.where());
    } catch (KonfluxNativeException | RuntimeException e) {
      deleteQuietly(destination);
      throw e;
    }
  }

  /**
   * @param planned the distribution
   * @param copied its copy
   * @return the validated distribution
   * @throws InvalidDistributionException naming the rule broken and the layer
   */
  public Written validate(PlannedDist planned, Copied copied) throws InvalidDistributionException {
    try {
      ValidatedDist dist =
          planned.name().wheel()
              ? wheels.validate(copied.file(), planned.name())
              : sdists.validate(copied.file(), planned.name());
      return new Written(dist, copied.sha256(), copied.size());
    } catch (InvalidDistributionException e) {
      deleteQuietly(copied.file());
      throw e.from(planned.where());
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // staging is discarded on failure anyway
    }
  }
}
