package org.neurospark.events.npy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Converts raw element bytes of a {@link NpyDtype} into Java primitive columns: tight loops with the dtype switch
 * outside the loop, any stride (so a field of a structured record is decoded in place).
 */
public final class NpyDecode {
  private static final VarHandle S_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle S_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle I_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle I_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle L_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle L_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle F_LE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle F_BE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle D_LE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle D_BE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);

  private NpyDecode() {}

  /**
   * Decodes {@code n} bool/integer elements starting at {@code src[off]}, {@code stride} bytes apart, into
   * {@code dst[dstOff..]} as exact int64 values (bool → 0/1).
   *
   * @return the index (0-based within this call) of the first uint64 value above {@link Long#MAX_VALUE}, or -1
   * @throws IllegalArgumentException for float or void dtypes
   */
  public static int toLong(byte[] src, int off, int stride, NpyDtype dt, long[] dst, int dstOff, int n) {
    boolean be = dt.bigEndian();
    switch (dt.kind()) {
      case BOOL:
        for (int i = 0; i < n; i++) {
          dst[dstOff + i] = src[off + i * stride] != 0 ? 1 : 0;
        }
        return -1;
      case INT:
        switch (dt.size()) {
          case 1:
            for (int i = 0; i < n; i++) {
              dst[dstOff + i] = src[off + i * stride];
            }
            return -1;
          case 2:
            for (int i = 0; i < n; i++) {
              dst[dstOff + i] = be ? (short) S_BE.get(src, off + i * stride) : (short) S_LE.get(src, off + i * stride);
            }
            return -1;
          case 4:
            for (int i = 0; i < n; i++) {
              dst[dstOff + i] = be ? (int) I_BE.get(src, off + i * stride) : (int) I_LE.get(src, off + i * stride);
            }
            return -1;
          default:
            for (int i = 0; i < n; i++) {
              dst[dstOff + i] = be ? (long) L_BE.get(src, off + i * stride) : (long) L_LE.get(src, off + i * stride);
            }
            return -1;
        }
      case UINT:
        switch (dt.size()) {
          case 1:
            for (int i = 0; i < n; i++) {
              dst[dstOff + i] = src[off + i * stride] & 0xFF;
            }
            return -1;
          case 2:
            for (int i = 0; i < n; i++) {
              short s = be ? (short) S_BE.get(src, off + i * stride) : (short) S_LE.get(src, off + i * stride);
              dst[dstOff + i] = s & 0xFFFF;
            }
            return -1;
          case 4:
            for (int i = 0; i < n; i++) {
              int v = be ? (int) I_BE.get(src, off + i * stride) : (int) I_LE.get(src, off + i * stride);
              dst[dstOff + i] = v & 0xFFFFFFFFL;
            }
            return -1;
          default:
            int bad = -1;
            for (int i = 0; i < n; i++) {
              long v = be ? (long) L_BE.get(src, off + i * stride) : (long) L_LE.get(src, off + i * stride);
              if (v < 0 && bad < 0) {
                bad = i;
              }
              dst[dstOff + i] = v;
            }
            return bad;
        }
      default:
        throw new IllegalArgumentException("toLong needs a bool/integer dtype, not " + dt);
    }
  }

  /**
   * Decodes {@code n} numeric elements (any kind but void) into {@code dst[dstOff..]} as doubles (int64/uint64
   * above 2^53 round as in NumPy's {@code astype(float64)}).
   */
  public static void toDouble(byte[] src, int off, int stride, NpyDtype dt, double[] dst, int dstOff, int n) {
    boolean be = dt.bigEndian();
    if (dt.kind() == NpyDtype.Kind.FLOAT) {
      if (dt.size() == 4) {
        for (int i = 0; i < n; i++) {
          dst[dstOff + i] = be ? (float) F_BE.get(src, off + i * stride) : (float) F_LE.get(src, off + i * stride);
        }
      } else {
        for (int i = 0; i < n; i++) {
          dst[dstOff + i] = be ? (double) D_BE.get(src, off + i * stride) : (double) D_LE.get(src, off + i * stride);
        }
      }
      return;
    }
    if (dt.kind() == NpyDtype.Kind.VOID) {
      throw new IllegalArgumentException("toDouble needs a numeric dtype, not " + dt);
    }
    long[] tmp = new long[Math.min(n, 4096)];
    for (int done = 0; done < n; done += tmp.length) {
      int k = Math.min(tmp.length, n - done);
      toLong(src, off + done * stride, stride, dt, tmp, 0, k);
      boolean u64 = dt.kind() == NpyDtype.Kind.UINT && dt.size() == 8;
      for (int i = 0; i < k; i++) {
        long v = tmp[i];
        dst[dstOff + done + i] = u64 && v < 0 ? unsignedToDouble(v) : (double) v;
      }
    }
  }

  /**
   * Decodes {@code n} numeric elements into {@code dst[dstOff..]} as float32 (the cast NumPy's
   * {@code astype(float32)} performs).
   */
  public static void toFloat(byte[] src, int off, int stride, NpyDtype dt, float[] dst, int dstOff, int n) {
    if (dt.kind() == NpyDtype.Kind.FLOAT && dt.size() == 4) {
      boolean be = dt.bigEndian();
      for (int i = 0; i < n; i++) {
        dst[dstOff + i] = be ? (float) F_BE.get(src, off + i * stride) : (float) F_LE.get(src, off + i * stride);
      }
      return;
    }
    double[] tmp = new double[Math.min(n, 4096)];
    for (int done = 0; done < n; done += tmp.length) {
      int k = Math.min(tmp.length, n - done);
      toDouble(src, off + done * stride, stride, dt, tmp, 0, k);
      for (int i = 0; i < k; i++) {
        dst[dstOff + done + i] = (float) tmp[i];
      }
    }
  }

  private static double unsignedToDouble(long v) {
    double d = (double) (v >>> 1) * 2.0;
    return d + (v & 1);
  }

  /** Writes float32 values little-endian into {@code dst[off..]} (the {@code <f4} layout). */
  public static void putFloatsLE(float[] src, int srcOff, byte[] dst, int off, int n) {
    for (int i = 0; i < n; i++) {
      F_LE.set(dst, off + 4 * i, src[srcOff + i]);
    }
  }

  /** Writes one int64 little-endian at {@code dst[off]}. */
  static void putLongLE(byte[] dst, int off, long v) {
    L_LE.set(dst, off, v);
  }

  /** Writes one int16 little-endian at {@code dst[off]}. */
  static void putShortLE(byte[] dst, int off, short v) {
    S_LE.set(dst, off, v);
  }

  /** Writes one int32 little-endian at {@code dst[off]}. */
  static void putIntLE(byte[] dst, int off, int v) {
    I_LE.set(dst, off, v);
  }
}
