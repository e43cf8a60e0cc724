package dev.konflux.ecosystem.internal.registry;

import dev.konflux.ecosystem.internal.io.SingleByteRead;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A response body as an {@link InputStream} whose reads end with an {@link IdleTimeoutException}
 * when no byte arrives for the idle timeout.
 *
 * <p>Hand-written because the JDK's {@code BodyHandlers.ofInputStream()} blocks a read for ever
 * when the peer sends headers and part of a body and then nothing: {@code HttpRequest.timeout} only
 * bounds the wait for the headers. This subscriber asks for one chunk at a time (so at most one
 * chunk of the HTTP client's buffers is held) and waits for it with a bound.
 */
final class IdleTimeoutBody implements HttpResponse.BodySubscriber<InputStream> {
  // Identity sentinel: an empty chunk from the client must not read as the end.
  private static final Object END = new Object();

  private final Duration idleTimeout;
  private final String what;
  // Chunks, END at completion, or a Failure; bounded by demand (one request at a time).
  private final BlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
  private final CompletableFuture<InputStream> body = new CompletableFuture<>();
  // Null until the HTTP client calls onSubscribe.
  private volatile Flow.@Nullable Subscription subscription;

  /**
   * @param idleTimeout the longest wait for the next bytes
   * @param what what is read, for messages
   */
  IdleTimeoutBody(Duration idleTimeout, String what) {
    this.idleTimeout = idleTimeout;
    this.what = what;
    body.complete(new Stream());
  }

  /**
   * @param idleTimeout the longest wait for the next bytes
   * @return a body handler whose bodies are idle-bounded streams
   */
  static HttpResponse.BodyHandler<InputStream> handler(Duration idleTimeout) {
    return info -> new IdleTimeoutBody(idleTimeout, "HTTP " + info.statusCode() + " response body");
  }

  @Override
  public CompletionStage<InputStream> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    if (subscription != null) {
      s.cancel();
      return;
    }
    subscription = s;
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    chunks.add(item);
  }

  @Override
  public void onError(Throwable throwable) {
    chunks.add(new Failure(throwable));
  }

  @Override
  public void onComplete() {
    chunks.add(END);
  }

  private record Failure(Throwable cause) {}

  /** A read found nothing for the whole idle timeout. */
  static final class IdleTimeoutException extends IOException {
    private static final long serialVersionUID = 1L;

    IdleTimeoutException(String message) {
      super(message);
    }
  }

  private final class Stream extends InputStream {
    private Iterator<ByteBuffer> buffers = List.<ByteBuffer>of().iterator();
    private ByteBuffer current = ByteBuffer.allocate(0);
    private boolean ended;
    private boolean closed;

    @Override
    public int read() throws IOException {
      return SingleByteRead.next(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (closed) {
        throw new IOException(what + ": stream closed");
      }
      if (len == 0) {
        return 0;
      }
      while (!current.hasRemaining()) {
        if (buffers.hasNext()) {
          current = buffers.next();
          continue;
        }
        if (ended) {
          return -1;
        }
        nextChunk();
      }
      int n = Math.min(len, current.remaining());
      current.get(b, off, n);
      return n;
    }

    @SuppressWarnings("unchecked")
    private void nextChunk() throws IOException {
      Object next;
      try {
        next = chunks.poll(idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel();
        throw new java.io.InterruptedIOException(what + ": interrupted");
      }
      if (next == null) {
        cancel();
        throw new IdleTimeoutException(what + ": no data for " + idleTimeout.toMillis() + " ms");
      }
      if (next instanceof Failure f) {
        ended = true;
        throw f.cause() instanceof IOException io
            ? io
            : new IOException(what + ": " + f.cause().getMessage(), f.cause());
      }
      if (next == END) {
        ended = true;
        return;
      }
      buffers = ((List<ByteBuffer>) next).iterator();
      // Ask for the next chunk only once this one is taken: memory stays at one chunk.
      Flow.Subscription s = subscription;
      if (s != null) {
        s.request(1);
      }
    }

    @Override
    public int available() {
      return current.remaining();
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        cancel();
      }
    }

    private void cancel() {
      ended = true;
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }
  }
}
