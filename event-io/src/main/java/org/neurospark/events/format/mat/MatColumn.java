package org.neurospark.events.format.mat;

import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.neurospark.events.EventFileException;

/**
 * Streams the real part of one numeric {@link MatVariable} in storage order (column-major), a chunk at a time,
 * converting from its storage type (any of miINT8 .. miUINT64, miSINGLE, miDOUBLE) to {@code double} or
 * {@code long}. Holds one reusable byte buffer; the data source is positioned at the first value.
 */
final class MatColumn implements Closeable {
  private static final int CHUNK_BYTES = 1 << 16;

  private final MatVariable var;
  private final MatSource src;
  private final long dataStart;
  private final int size;
  private final int type;
  private final byte[] inline;
  private final long sourceEnd;
  private final VarHandle s16;
  private final VarHandle s32;
  private final VarHandle s64;
  private final VarHandle f32;
  private final VarHandle f64;
  private byte[] buf;
  private long index;

  /**
   * @param src source positioned at the first value of the real part; {@code dataStart} is that position
   * @param sourceEnd length of the source's content (checked by {@link MatSource#finish} after the last value)
   * @param inline the bytes of a small (packed) data element, or null
   */
  MatColumn(MatVariable var, MatSource src, long dataStart, long sourceEnd, byte[] inline, boolean bigEndian) {
    this.sourceEnd = sourceEnd;
    this.var = var;
    this.src = src;
    this.dataStart = dataStart;
    this.type = var.miType();
    this.size = MatTypes.numericSize(type);
    ByteOrder o = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    s16 = MethodHandles.byteArrayViewVarHandle(short[].class, o);
    s32 = MethodHandles.byteArrayViewVarHandle(int[].class, o);
    s64 = MethodHandles.byteArrayViewVarHandle(long[].class, o);
    f32 = MethodHandles.byteArrayViewVarHandle(float[].class, o);
    f64 = MethodHandles.byteArrayViewVarHandle(double[].class, o);
    this.inline = inline;
  }

  MatVariable variable() {
    return var;
  }

  /** Values not yet read. */
  long remaining() {
    return var.count() - index;
  }

  /** Index of the next value. */
  long index() {
    return index;
  }

  /** True for a float storage type (values may be non-integral, NaN or infinite). */
  boolean isFloat() {
    return MatTypes.isFloat(type);
  }

  /** An error about value {@code i} of this variable, at its byte offset (nearest for compressed data). */
  EventFileException errorAt(long i, String problem) {
    return src.error(dataStart + i * size, "variable " + var.describe() + ", value " + i + ": " + problem);
  }

  private byte[] next(int n) throws IOException {
    if (n > remaining()) {
      throw new IllegalArgumentException(n + " values requested, " + remaining() + " left");
    }
    int bytes = n * size;
    if (inline != null) {
      byte[] b = new byte[bytes];
      System.arraycopy(inline, (int) (index * size), b, 0, bytes);
      return b;
    }
    if (buf == null || buf.length < bytes) {
      buf = new byte[Math.max(bytes, Math.min(CHUNK_BYTES, (int) Math.min(Integer.MAX_VALUE, var.count() * size)))];
    }
    src.readFully(buf, 0, bytes, "the values of variable '" + var.name() + "'");
    if (index + n == var.count()) {
      src.finish(sourceEnd);
    }
    return buf;
  }

  /** Largest number of values one call should read (keeps the byte buffer at 64 KiB). */
  int chunkValues() {
    return Math.max(1, CHUNK_BYTES / size);
  }

  /** Reads the next {@code n} values as doubles (exact for every type except int64/uint64 beyond 2^53). */
  void readDoubles(double[] dst, int off, int n) throws IOException {
    byte[] b = next(n);
    switch (type) {
      case MatTypes.MI_SINGLE:
        for (int i = 0; i < n; i++) {
          dst[off + i] = (float) f32.get(b, i << 2);
        }
        break;
      case MatTypes.MI_DOUBLE:
        for (int i = 0; i < n; i++) {
          dst[off + i] = (double) f64.get(b, i << 3);
        }
        break;
      case MatTypes.MI_UINT64:
        for (int i = 0; i < n; i++) {
          long v = (long) s64.get(b, i << 3);
          dst[off + i] = v >= 0 ? v : (double) (v >>> 1) * 2.0; // unsigned, rounded
        }
        break;
      default:
        for (int i = 0; i < n; i++) {
          dst[off + i] = integerAt(b, i);
        }
    }
    index += n;
  }

  /**
   * Reads the next {@code n} values of an integer storage type exactly as {@code long}s.
   *
   * @throws EventFileException for a uint64 value above {@link Long#MAX_VALUE}
   */
  void readLongs(long[] dst, int off, int n) throws IOException {
    if (isFloat()) {
      throw new IllegalStateException("readLongs on " + MatTypes.miName(type));
    }
    byte[] b = next(n);
    if (type == MatTypes.MI_UINT64) {
      for (int i = 0; i < n; i++) {
        long v = (long) s64.get(b, i << 3);
        if (v < 0) {
          throw errorAt(index + i, "uint64 value " + Long.toUnsignedString(v) + " exceeds int64");
        }
        dst[off + i] = v;
      }
    } else {
      for (int i = 0; i < n; i++) {
        dst[off + i] = integerAt(b, i);
      }
    }
    index += n;
  }

  /** Value {@code i} of a signed or unsigned integer storage type up to int64 (uint64 is handled by the callers). */
  private long integerAt(byte[] b, int i) {
    switch (type) {
      case MatTypes.MI_INT8:
        return b[i];
      case MatTypes.MI_UINT8:
        return b[i] & 0xFF;
      case MatTypes.MI_INT16:
        return (short) s16.get(b, i << 1);
      case MatTypes.MI_UINT16:
        return ((short) s16.get(b, i << 1)) & 0xFFFF;
      case MatTypes.MI_INT32:
        return (int) s32.get(b, i << 2);
      case MatTypes.MI_UINT32:
        return ((int) s32.get(b, i << 2)) & 0xFFFFFFFFL;
      case MatTypes.MI_INT64:
        return (long) s64.get(b, i << 3);
      default:
        throw new IllegalStateException(MatTypes.miName(type));
    }
  }

  /** Bytes of the file consumed so far for this variable. */
  long fileBytesRead() {
    return src.fileBytesRead();
  }

  @Override
  public void close() throws IOException {
    src.close();
  }
}
