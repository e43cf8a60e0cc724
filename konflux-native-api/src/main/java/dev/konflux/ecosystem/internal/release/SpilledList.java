package dev.konflux.ecosystem.internal.release;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.AbstractList;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.RandomAccess;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An immutable list whose elements live in a temporary file, not on the heap: what a release keeps
 * per file (the release record's entries, the files a target wrote) grows with the number of
 * packages, and 50,000 of them must fit in a small, fixed heap. The heap holds only the file's
 * channel; {@link #get} reads one element (two positional reads), {@link #iterator} streams them in
 * order through a buffer.
 *
 * <p>The file is deleted right after it is created (POSIX keeps it while the channel is open; where
 * that is not possible it is deleted when the channel is closed), and the channel is closed when
 * the list is no longer reachable. Elements are written once, by a {@link Writer}, in order; a
 * {@link Codec} turns an element into bytes and back.
 *
 * @param <T> the element type
 */
public final class SpilledList<T> extends AbstractList<T> implements RandomAccess {
  private static final Cleaner CLEANER = Cleaner.create();
  private static final int CURSOR_BUFFER = 16 * 1024;

  /**
   * Turns elements into bytes and back.
   *
   * @param <T> the element type
   */
  public interface Codec<T> {
    /**
     * @param value the element
     * @param out where to write it
     * @throws IOException if writing fails
     */
    void write(T value, DataOutputStream out) throws IOException;

    /**
     * @param in the element's bytes, as {@link #write} wrote them
     * @return the element
     * @throws IOException if they cannot be read
     */
    T read(DataInputStream in) throws IOException;
  }

  private final Store store;
  private final Codec<T> codec;
  private final int size;
  private final long table;
  private final boolean sorted;
  private final @Nullable Function<T, String> key;

  /** Guards the sequential reading state of {@link #get}. */
  private final Object cursorLock = new Object();

  /** The element {@link #get} read last, or -2. */
  private int lastIndex = -2;

  /** Where the element after {@link #lastIndex} starts, when {@link #cursor} is not open. */
  private long lastEnd;

  /** A stream at the element after {@link #lastIndex}, opened by the second of two in a row. */
  private @Nullable DataInputStream cursor;

  private SpilledList(
      Store store,
      Codec<T> codec,
      int size,
      long table,
      boolean sorted,
      @Nullable Function<T, String> key) {
    this.store = store;
    this.codec = codec;
    this.size = size;
    this.table = table;
    this.sorted = sorted;
    this.key = key;
  }

  /**
   * @param <T> the element type
   * @param codec how elements are stored
   * @param key the sort key of an element (its path) for {@link #find}, or {@code null}
   * @return a writer into a new temporary file
   * @throws IOException if the file cannot be created
   */
  public static <T> Writer<T> writer(Codec<T> codec, @Nullable Function<T, String> key)
      throws IOException {
    return new Writer<>(codec, key);
  }

  @Override
  public int size() {
    return size;
  }

  /**
   * Reads one element. Elements asked for one after the other (as a merge of sorted lists reads
   * them) are read through one buffered stream, as the iterator reads them; any other element costs
   * two positional reads (its offsets, then its bytes).
   */
  @Override
  public T get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index + " of " + size);
    }
    synchronized (cursorLock) {
      try {
        if (index == lastIndex + 1 && lastIndex >= 0) {
          DataInputStream in = cursor;
          if (in == null) {
            in =
                new DataInputStream(
                    new BufferedInputStream(store.stream(lastEnd, table), CURSOR_BUFFER));
            cursor = in;
          }
          T value = codec.read(in);
          lastIndex = index;
          return value;
        }
        cursor = null;
        ByteBuffer offsets = ByteBuffer.allocate(16);
        store.readFully(offsets, table + 8L * index);
        long start = offsets.getLong(0);
        long end = offsets.getLong(8);
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(end - start));
        store.readFully(bytes, start);
        T value =
            codec.read(
                new DataInputStream(
                    new java.io.ByteArrayInputStream(bytes.array(), 0, bytes.capacity())));
        lastIndex = index;
        lastEnd = end;
        return value;
      } catch (IOException e) {
        cursor = null;
        lastIndex = -2;
        throw new UncheckedIOException("cannot read a spilled element: " + e.getMessage(), e);
      }
    }
  }

  /** Every element in order: {@link #parts} with the whole element as the part. */
  @Override
  public Iterator<T> iterator() {
    return parts(codec::read);
  }

  /**
   * Streams a part of every element, in order: {@code part} reads from the start of each element's
   * bytes only what it needs (a path, a size), and the rest is skipped. A pass that needs one field
   * of 50,000 elements so decodes no digest and no origin it would throw away.
   *
   * @param <P> the part's type
   * @param part reads the part from the start of an element's bytes
   * @return the parts, one per element, in order
   */
  public <P> Iterator<P> parts(Part<P> part) {
    DataInputStream elements =
        new DataInputStream(new BufferedInputStream(store.stream(0, table), 64 * 1024));
    DataInputStream ends =
        new DataInputStream(
            new BufferedInputStream(store.stream(table + 8, table + 8L * (size + 1)), 16 * 1024));
    return new Iterator<>() {
      private int next;
      private long at;
      private byte[] buffer = new byte[256];
      private final ResettableBytes bytes = new ResettableBytes();
      private final DataInputStream in = new DataInputStream(bytes);

      @Override
      public boolean hasNext() {
        return next < size;
      }

      @Override
      public P next() {
        if (next >= size) {
          throw new NoSuchElementException();
        }
        next++;
        try {
          long end = ends.readLong();
          int length = Math.toIntExact(end - at);
          if (buffer.length < length) {
            buffer = new byte[Math.max(length, buffer.length * 2)];
          }
          elements.readFully(buffer, 0, length);
          at = end;
          bytes.reset(buffer, length);
          return part.read(in);
        } catch (IOException | ArithmeticException e) {
          throw new UncheckedIOException(
              "cannot read a spilled element: " + e.getMessage(),
              e instanceof IOException io ? io : new IOException(e));
        }
      }
    };
  }

  /**
   * Reads a part of an element.
   *
   * @param <P> the part's type
   */
  @FunctionalInterface
  public interface Part<P> {
    /**
     * @param in the element's bytes, as the codec wrote them; need not be read to the end
     * @return the part
     * @throws IOException if the bytes cannot be read
     */
    P read(DataInputStream in) throws IOException;
  }

  /** A byte array input stream that can be pointed at new bytes (one per element read). */
  private static final class ResettableBytes extends java.io.ByteArrayInputStream {
    ResettableBytes() {
      super(new byte[0]);
    }

    void reset(byte[] bytes, int length) {
      this.buf = bytes;
      this.pos = 0;
      this.count = length;
      this.mark = 0;
    }
  }

  /**
   * Streams go through {@link #iterator} (one buffered read in order), not through {@link #get} per
   * element as the default for a {@link RandomAccess} list would (two positional reads each).
   */
  @Override
  public java.util.Spliterator<T> spliterator() {
    return java.util.Spliterators.spliterator(
        iterator(), size, java.util.Spliterator.ORDERED | java.util.Spliterator.NONNULL);
  }

  /**
   * @return whether the elements were written in ascending order of their key (and have one)
   */
  public boolean sorted() {
    return sorted && key != null;
  }

  /**
   * Finds an element by its key with a binary search; only for a {@link #sorted()} list.
   *
   * @param wanted the key
   * @return its index, or {@code -1}
   */
  public int find(String wanted) {
    Function<T, String> k = key;
    if (k == null || !sorted) {
      throw new IllegalStateException("not a sorted list");
    }
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = k.apply(get(mid)).compareTo(wanted);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /**
   * Writes elements in order, then {@link #finish}es into the list.
   *
   * @param <T> the element type
   */
  public static final class Writer<T> implements AutoCloseable {
    private final Store store;
    private final Codec<T> codec;
    private final @Nullable Function<T, String> key;
    private final OutputStream out;
    private final java.io.ByteArrayOutputStream element = new java.io.ByteArrayOutputStream();
    private final DataOutputStream elementOut = new DataOutputStream(element);
    private final Path offsets;
    private final DataOutputStream offsetsOut;
    private long position;
    private int count;
    private boolean sorted = true;
    private @Nullable String last;
    private boolean finished;

    private Writer(Codec<T> codec, @Nullable Function<T, String> key) throws IOException {
      this.codec = codec;
      this.key = key;
      this.store = Store.create();
      Path o = null;
      try {
        o = Files.createTempFile("konflux-native-offsets-", ".tmp");
        this.offsets = o;
        this.offsetsOut =
            new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(o), 64 * 1024));
      } catch (IOException | RuntimeException e) {
        store.close();
        if (o != null) {
          Files.deleteIfExists(o);
        }
        throw e;
      }
      this.out = new BufferedOutputStream(store.append(), 64 * 1024);
    }

    /**
     * @param value the next element
     * @throws IOException if writing fails
     */
    public void add(T value) throws IOException {
      if (finished) {
        throw new IllegalStateException("finished");
      }
      if (key != null) {
        String k = key.apply(value);
        if (last != null && last.compareTo(k) >= 0) {
          sorted = false;
        }
        last = k;
      }
      element.reset();
      codec.write(value, elementOut);
      elementOut.flush();
      offsetsOut.writeLong(position);
      element.writeTo(out);
      position += element.size();
      count++;
    }

    /**
     * @return how many elements were added
     */
    public int count() {
      return count;
    }

    /**
     * @return the list of every added element; the writer is done
     * @throws IOException if writing fails
     */
    public SpilledList<T> finish() throws IOException {
      finished = true;
      long table = position;
      offsetsOut.writeLong(position);
      offsetsOut.close();
      try (InputStream in = Files.newInputStream(offsets)) {
        in.transferTo(out);
      } finally {
        Files.deleteIfExists(offsets);
      }
      out.close();
      return new SpilledList<>(store, codec, count, table, sorted, key);
    }

    /** Abandons the writer before {@link #finish}; the file goes with it. */
    @Override
    public void close() throws IOException {
      if (!finished) {
        finished = true;
        try {
          offsetsOut.close();
          Files.deleteIfExists(offsets);
        } finally {
          store.close();
        }
      }
    }
  }

  /** The temporary file, closed by the cleaner once no list or writer reaches it. */
  private static final class Store {
    private final FileChannel channel;
    private final Cleaner.Cleanable cleanable;

    private Store(FileChannel channel) {
      this.channel = channel;
      this.cleanable = CLEANER.register(this, new Closer(channel));
    }

    static Store create() throws IOException {
      Path file = Files.createTempFile("konflux-native-spill-", ".tmp");
      FileChannel channel;
      try {
        channel =
            FileChannel.open(
                file,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(file);
        throw e;
      }
      try {
        Files.deleteIfExists(file); // POSIX: the open channel keeps the content
      } catch (IOException e) {
        // deleted on close instead
      }
      return new Store(channel);
    }

    void close() {
      cleanable.clean();
    }

    void readFully(ByteBuffer buffer, long position) throws IOException {
      long p = position;
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, p);
        if (n < 0) {
          throw new EOFException("spill file ends early");
        }
        p += n;
      }
    }

    /** Appends at the end (one writer, before any reader). */
    OutputStream append() {
      Store self = this;
      return new OutputStream() {
        private long at;

        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          ByteBuffer buf = ByteBuffer.wrap(b, off, len);
          while (buf.hasRemaining()) {
            at += self.channel.write(buf, at);
          }
        }
      };
    }

    /** Reads bytes {@code [from, to)} with positional reads (safe beside other readers). */
    InputStream stream(long from, long to) {
      Store self = this;
      return new InputStream() {
        private long at = from;

        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (at >= to) {
            return -1;
          }
          int n = self.channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, to - at)), at);
          if (n < 0) {
            throw new EOFException("spill file ends early");
          }
          at += n;
          return n;
        }
      };
    }
  }

  private record Closer(FileChannel channel) implements Runnable {
    @Override
    public void run() {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing to do: the file is gone with the process at the latest
      }
    }
  }

  /** Writes a string as a length and UTF-8 bytes (no 64 KB limit, unlike writeUTF). */
  static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  /** Reads what {@link #writeString} wrote. */
  static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("negative string length");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Writes a nullable string. */
  static void writeNullable(DataOutputStream out, @Nullable String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      writeString(out, s);
    }
  }

  /** Reads what {@link #writeNullable} wrote. */
  static @Nullable String readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? readString(in) : null;
  }
}
