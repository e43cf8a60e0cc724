package dev.konflux.ecosystem.internal.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The idle-bounded body stream, driven directly through the subscriber interface. */
class IdleTimeoutBodyTest {

  /** Records demand and cancellation. */
  private static final class Subscription implements Flow.Subscription {
    final AtomicLong requested = new AtomicLong();
    final AtomicBoolean cancelled = new AtomicBoolean();

    @Override
    public void request(long n) {
      requested.addAndGet(n);
    }

    @Override
    public void cancel() {
      cancelled.set(true);
    }
  }

  private static ByteBuffer utf8(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsChunksInOrderAskingForOneAtATimeAndEmptyChunksAreNotTheEnd() throws Exception {
    IdleTimeoutBody body = new IdleTimeoutBody(Duration.ofSeconds(30), "test body");
    Subscription s = new Subscription();
    body.onSubscribe(s);
    assertEquals(1, s.requested.get());
    body.onNext(List.of(utf8("ab"), utf8("cd")));
    body.onNext(List.of());
    body.onNext(List.of(utf8("e")));
    body.onComplete();
    InputStream in = body.getBody().toCompletableFuture().get();
    assertArrayEquals("abcde".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
    assertEquals(-1, in.read());
    // One request up front, then one per chunk taken: demand never runs ahead of reading.
    assertEquals(4, s.requested.get());
  }

  @Test
  void aFailureOfTheConnectionIsAnIoException() throws Exception {
    IdleTimeoutBody body = new IdleTimeoutBody(Duration.ofSeconds(30), "test body");
    body.onSubscribe(new Subscription());
    body.onNext(List.of(utf8("ab")));
    IOException reset = new IOException("connection reset");
    body.onError(reset);
    InputStream in = body.getBody().toCompletableFuture().get();
    assertEquals('a', in.read());
    assertEquals('b', in.read());
    assertSame(reset, assertThrows(IOException.class, in::read));
  }

  @Test
  void silenceLongerThanTheIdleTimeoutEndsTheReadAndCancels() throws Exception {
    IdleTimeoutBody body = new IdleTimeoutBody(Duration.ofMillis(50), "blob x");
    Subscription s = new Subscription();
    body.onSubscribe(s);
    body.onNext(List.of(utf8("half")));
    InputStream in = body.getBody().toCompletableFuture().get();
    assertEquals(4, in.read(new byte[10]));
    IdleTimeoutBody.IdleTimeoutException e =
        assertThrows(IdleTimeoutBody.IdleTimeoutException.class, () -> in.read(new byte[10]));
    assertTrue(e.getMessage().contains("blob x: no data for 50 ms"), e.getMessage());
    assertTrue(s.cancelled.get());
  }

  @Test
  void closingCancelsAndLaterReadsFail() throws Exception {
    IdleTimeoutBody body = new IdleTimeoutBody(Duration.ofSeconds(30), "test body");
    Subscription s = new Subscription();
    body.onSubscribe(s);
    InputStream in = body.getBody().toCompletableFuture().get();
    in.close();
    assertTrue(s.cancelled.get());
    assertThrows(IOException.class, in::read);
  }

  @Test
  void aSecondSubscriptionIsRefused() {
    IdleTimeoutBody body = new IdleTimeoutBody(Duration.ofSeconds(30), "test body");
    body.onSubscribe(new Subscription());
    Subscription second = new Subscription();
    body.onSubscribe(second);
    assertTrue(second.cancelled.get());
  }
}
