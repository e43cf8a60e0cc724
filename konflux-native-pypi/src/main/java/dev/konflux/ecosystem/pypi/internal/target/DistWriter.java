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
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Writes one distribution: streams its layer through the verifying reader to the destination
 * (hashing with sha256 on the way when the layer digest is not sha256), then validates the file
 * there. A file that fails is deleted before the failure is thrown.
 */
public final class DistWriter {
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
   * @param destination where to write it
   * @return the validated distribution
   * @throws KonfluxNativeException invalid distribution, integrity failure or I/O failure
   */
  public Written write(PlannedDist planned, BlobReader blobs, Path destination)
      throws KonfluxNativeException {
    Digest sha256;
    long size;
    try {
      Files.createDirectories(destination.getParent());
      MessageDigest md =
          Digest.SHA256.equals(planned.layer().digest().algorithm())
              ? null
              : Digest.newMessageDigest(Digest.SHA256);
      try (InputStream in = blobs.open(planned.layer());
          OutputStream out =
              md == null
                  ? Files.newOutputStream(destination)
                  : new DigestOutputStream(Files.newOutputStream(destination), md)) {
        // The verifying stream has checked size and digest once it reports end of stream.
        size = in.transferTo(out);
      }
      sha256 =
          md == null
              ? planned.layer().digest()
              : Digest.sha256(HexFormat.of().formatHex(md.digest()));
    } catch (IOException e) {
      deleteQuietly(destination);
      throw IoFailures.producing(e, planned.name().fileName() + " from " + planned.where());
    } catch (KonfluxNativeException | RuntimeException e) {
      deleteQuietly(destination);
      throw e;
    }
    try {
      ValidatedDist dist =
          planned.name().wheel()
              ? wheels.validate(destination, planned.name())
              : sdists.validate(destination, planned.name());
      return new Written(dist, sha256, size);
    } catch (InvalidDistributionException e) {
      deleteQuietly(destination);
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
