package dev.konflux.ecosystem.internal.registry;

import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.internal.io.SingleByteRead;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raw bytes of one blob, resumed with a {@code Range} request when the connection breaks
 * mid-way (a reset, a stall longer than the idle timeout, or the body ending before the declared
 * size). It sits under a {@link dev.konflux.ecosystem.internal.io.VerifyingInputStream}, which
 * hashes every byte this stream returns, so a resumed blob is verified exactly like one read in a
 * single response. Resumption is bounded by {@code maxAttempts} requests (a failed resume request
 * counts) and backs off like the other retries.
 */
final class ResumingBlobStream extends InputStream {
  private static final Logger LOG = LoggerFactory.getLogger(ResumingBlobStream.class);

  private final RegistryClient client;
  private final URI uri;
  private final long size;
  private final String operation;
  private InputStream current;
  private long position;
  private int resumes;
  private Duration backoff;
  private boolean closed;

  ResumingBlobStream(
      RegistryClient client, URI uri, long size, String operation, InputStream first) {
    this.client = client;
    this.uri = uri;
    this.size = size;
    this.operation = operation;
    this.current = first;
    this.backoff = client.options().initialBackoff();
  }

  @Override
  public int read() throws IOException {
    return SingleByteRead.next(this);
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException(operation + ": stream closed");
    }
    while (true) {
      IOException failure;
      try {
        int n = current.read(b, off, len);
        if (n > 0) {
          position += n;
          return n;
        }
        if (n < 0 && position >= size) {
          return -1;
        }
        if (n == 0) {
          return 0;
        }
        failure = new IOException("the body ended after " + position + " of " + size + " bytes");
      } catch (IOException e) {
        failure = e;
      }
      resume(failure);
    }
  }

  private void resume(IOException firstFailure) throws IOException {
    closeQuietly(current);
    IOException failure = firstFailure;
    while (true) {
      if (resumes + 1 >= client.options().maxAttempts()) {
        throw new IOException(
            operation
                + ": connection failed at byte "
                + position
                + " of "
                + size
                + " after "
                + (resumes + 1)
                + " attempts: "
                + failure.getMessage(),
            failure);
      }
      resumes++;
      LOG.debug(
          "{}: {}; resuming at byte {} in {} ms",
          operation,
          failure.getMessage(),
          position,
          backoff.toMillis());
      try {
        RegistryClient.sleep(backoff, operation);
      } catch (KonfluxNativeException e) {
        throw new IOException(e.getMessage(), e);
      }
      backoff = backoff.multipliedBy(2);
      HttpResponse<InputStream> response;
      try {
        // One try per resume: every request counts against the same attempt budget.
        response = client.get(uri, null, "bytes=" + position + "-", operation, 1);
      } catch (SourceUnavailableException e) {
        failure = new IOException(e.getMessage(), e);
        continue;
      } catch (KonfluxNativeException e) {
        throw new IOException(e.getMessage(), e);
      }
      int status = response.statusCode();
      if (status == 206) {
        Optional<String> range = response.headers().firstValue("Content-Range");
        if (range.isEmpty() || !range.get().trim().startsWith("bytes " + position + "-")) {
          RegistryClient.discard(response);
          throw new IOException(
              operation
                  + ": registry answered a resume at byte "
                  + position
                  + " with another range",
              failure);
        }
        current = response.body();
        return;
      }
      if (status == 200) {
        // No range support: read the blob again from the start and drop what we already returned.
        InputStream body = response.body();
        try {
          body.skipNBytes(position);
        } catch (IOException e) {
          closeQuietly(body);
          failure = e;
          continue;
        }
        current = body;
        LOG.debug("{}: no range support, re-read and dropped {} bytes", operation, position);
        return;
      }
      RegistryClient.discard(response);
      throw new IOException(
          operation + ": resuming at byte " + position + " failed with HTTP " + status, failure);
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // the connection is already broken
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    current.close();
  }
}
