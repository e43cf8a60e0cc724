package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.BlobIntegrityException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.api.VerificationException;
import java.io.IOException;

/** Maps I/O failures inside targets to the library's typed exceptions. */
public final class IoFailures {
  private IoFailures() {}

  /**
   * For a failure while reading input: a digest or size mismatch becomes a {@link
   * VerificationException}, anything else a {@link SourceUnavailableException}.
   *
   * @param e the failure
   * @param what what was being read ("layer x86_64/foo.rpm of component foo")
   * @return the typed exception to throw
   */
  public static KonfluxNativeException reading(IOException e, String what) {
    if (e instanceof BlobIntegrityException integrity) {
      // The blob whose bytes did not match is what the failure is about.
      return new VerificationException(what + ": " + integrity.getMessage(), e)
          .withDigest(integrity.expected())
          .withOperation("reading " + what);
    }
    return new SourceUnavailableException("reading " + what + " failed: " + e.getMessage(), e)
        .withOperation("reading " + what);
  }

  /**
   * For a failure while reading input and writing output in one step: integrity failures stay
   * verification failures, others are reported as output failures.
   *
   * @param e the failure
   * @param what what was being produced
   * @return the typed exception to throw
   */
  public static KonfluxNativeException producing(IOException e, String what) {
    if (e instanceof BlobIntegrityException) {
      return reading(e, what);
    }
    return new OutputException("writing " + what + " failed: " + e.getMessage(), e)
        .withOperation("writing " + what);
  }
}
