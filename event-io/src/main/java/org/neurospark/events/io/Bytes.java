package org.neurospark.events.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Unaligned multi-byte reads from {@code byte[]} (JIT-intrinsified {@link VarHandle}s, one bounds check per read).
 * Decoders use these in their hot loops instead of assembling values byte by byte.
 */
public final class Bytes {
  /** {@code short} at any byte index, little-endian. */
  public static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  /** {@code short} at any byte index, big-endian. */
  public static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  /** {@code int} at any byte index, little-endian. */
  public static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  /** {@code int} at any byte index, big-endian. */
  public static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  /** {@code long} at any byte index, little-endian. */
  public static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** {@code long} at any byte index, big-endian. */
  public static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private Bytes() {}
}
