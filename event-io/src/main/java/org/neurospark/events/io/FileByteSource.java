package org.neurospark.events.io;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A local file read with positional reads (safe to share between threads). {@link #name()} is the path's string.
 *
 * <p>{@link #open(Path)} reads through the {@link FileChannel}: a system call per read and a copy through the JDK's
 * cached temporary direct buffer. {@link #open(Path, boolean) open(file, true)} memory-maps files of at least
 * {@link #MAP_THRESHOLD} bytes instead (read-only, in windows of up to {@link #MAP_WINDOW} bytes, mapped when first
 * read; a read is one copy from the mapping), which saves that copy but takes a page fault per 4 KiB page of every new
 * mapping. Which wins depends on the machine: on one 2-core KVM guest (AMD EPYC, a page-cached 217 MB file read in
 * 256 KiB pieces) the mapping read at 2.9 GB/s against 2.65 for the channel; on the same kind of guest another day (a
 * 142 MB file) the channel read at 6.0 GB/s (C {@code read()} 7.0) and a fresh mapping at 1.4–2.5. The channel's worst
 * case is the smaller loss, so channel reads are the default. Files the operating system cannot map are read through
 * the channel. {@link #close()} unmaps the windows at once (it waits for reads in progress; later reads throw
 * {@link ClosedChannelException}).
 */
public final class FileByteSource implements ByteSource {
  /** Files of at least this many bytes (4 MiB) are memory-mapped. */
  public static final long MAP_THRESHOLD = 4L << 20;
  /** Bytes per mapped window (1 GiB); windows are mapped when first read. */
  public static final long MAP_WINDOW = 1L << 30;

  private static final Unmapper UNMAPPER = Unmapper.find();

  private final Path file;
  private final FileChannel channel;
  private final long size;
  /** Mapped windows (null entries not mapped yet), or null when the file is read through the channel. */
  private final AtomicReferenceArray<MappedByteBuffer> windows;
  private final long window;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean mapFailed;
  private volatile boolean closed;

  private FileByteSource(Path file, FileChannel channel, boolean map, long window) throws IOException {
    this.file = file;
    this.channel = channel;
    this.size = channel.size();
    this.window = window;
    this.windows = map && size >= MAP_THRESHOLD ? new AtomicReferenceArray<>(
        (int) ((size + window - 1) / window)) : null;
  }

  /**
   * Opens {@code file} for reading. Only regular files are opened: a FIFO, device, socket or directory is refused
   * before anything is opened (a FIFO would block, {@code /dev/zero} never end). Reads go through the file's channel
   * (see the class comment for why not a mapping).
   *
   * @throws IOException naming the path and the reason (missing, a directory, a FIFO or device, permission denied,
   *     a symbolic link loop)
   */
  public static FileByteSource open(Path file) throws IOException {
    return open(file, false);
  }

  /**
   * Like {@link #open(Path)}; with {@code map == true} a file of at least {@link #MAP_THRESHOLD} bytes is read from
   * memory-mapped windows instead of the {@link FileChannel}.
   */
  public static FileByteSource open(Path file, boolean map) throws IOException {
    return open(file, map, MAP_WINDOW);
  }

  /** Like {@link #open(Path, boolean)} with mapped windows of {@code window} bytes (tests use small windows). */
  static FileByteSource open(Path file, boolean map, long window) throws IOException {
    if (window < 1 || window > MAP_WINDOW) {
      throw new IllegalArgumentException("window " + window + " outside [1, " + MAP_WINDOW + "]");
    }
    Objects.requireNonNull(file, "file");
    InputFiles.requireRegularFile(file);
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return new FileByteSource(file, ch, map, window);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** True when reads copy from memory-mapped windows (the file is large enough and could be mapped so far). */
  public boolean mapped() {
    return windows != null && !mapFailed;
  }

  @Override
  public String name() {
    return file.toString();
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int read(long position, ByteBuffer dst) throws IOException {
    if (position < 0) {
      throw new IllegalArgumentException("negative position " + position);
    }
    if (!dst.hasRemaining()) {
      return position >= size ? -1 : 0;
    }
    if (windows == null || mapFailed) {
      return channel.read(dst, position);
    }
    if (position >= size) {
      return -1;
    }
    ReentrantReadWriteLock.ReadLock rl = lock.readLock();
    rl.lock();
    try {
      if (closed) {
        throw new ClosedChannelException();
      }
      int w = (int) (position / window);
      MappedByteBuffer win = window(w);
      if (win == null) {
        return channel.read(dst, position);
      }
      int off = (int) (position - (long) w * window);
      int n = Math.min(dst.remaining(), win.capacity() - off);
      try {
        if (dst.hasArray()) {
          win.get(off, dst.array(), dst.arrayOffset() + dst.position(), n);
        } else {
          dst.put(dst.position(), win, off, n);
        }
      } catch (InternalError e) { // the JVM's report of a fault in mapped memory: the file shrank under us
        throw new IOException(name() + " @ byte " + position + ": mapped read failed (was the file truncated while"
            + " it was read?)", e);
      }
      dst.position(dst.position() + n);
      return n;
    } finally {
      rl.unlock();
    }
  }

  /** Window {@code w}, mapped on first use; null when mapping failed (reads then go through the channel). */
  private MappedByteBuffer window(int w) {
    MappedByteBuffer win = windows.get(w);
    if (win != null) {
      return win;
    }
    synchronized (windows) {
      win = windows.get(w);
      if (win == null && !mapFailed) {
        long start = w * window;
        try {
          win = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(window, size - start));
          windows.set(w, win);
        } catch (IOException | UnsupportedOperationException e) {
          mapFailed = true; // e.g. a file system without mmap support: fall back to channel reads
        }
      }
      return win;
    }
  }

  @Override
  public void close() throws IOException {
    if (windows != null) {
      ReentrantReadWriteLock.WriteLock wl = lock.writeLock();
      wl.lock();
      try {
        if (!closed) {
          closed = true;
          synchronized (windows) {
            for (int i = 0; i < windows.length(); i++) {
              MappedByteBuffer win = windows.getAndSet(i, null);
              if (win != null) {
                UNMAPPER.unmap(win);
              }
            }
          }
        }
      } finally {
        wl.unlock();
      }
    }
    channel.close();
  }

  @Override
  public String toString() {
    return name();
  }

  /**
   * Unmaps a mapped buffer at once through {@code sun.misc.Unsafe.invokeCleaner} (module jdk.unsupported), as Lucene
   * and Netty do; where that is unavailable the mapping is released when the buffer is garbage-collected.
   */
  private static final class Unmapper {
    private final Object unsafe;
    private final Method invokeCleaner;

    private Unmapper(Object unsafe, Method invokeCleaner) {
      this.unsafe = unsafe;
      this.invokeCleaner = invokeCleaner;
    }

    static Unmapper find() {
      try {
        Class<?> c = Class.forName("sun.misc.Unsafe");
        Field f = c.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        return new Unmapper(f.get(null), c.getMethod("invokeCleaner", ByteBuffer.class));
      } catch (ReflectiveOperationException | RuntimeException e) {
        return new Unmapper(null, null);
      }
    }

    void unmap(ByteBuffer b) {
      if (invokeCleaner == null) {
        return;
      }
      try {
        invokeCleaner.invoke(unsafe, b);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // left to the garbage collector
      }
    }
  }
}
