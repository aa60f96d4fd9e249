package org.neurospark.events.format.aedat4;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A minimal, bounds-checked reader of one FlatBuffers buffer held in {@code buf[base, limit)} (little-endian). Only
 * what AEDAT 4.0 needs: the root table, scalar fields, vectors (of structs) and strings. Every offset is checked
 * against the buffer bounds before use, so a corrupt buffer raises {@link FlatBufferException} instead of reading
 * garbage or throwing {@link ArrayIndexOutOfBoundsException}. Positions returned are absolute indices into {@code buf}.
 *
 * <p>Wire format recap: {@code u32 rootOffset} (relative to base), optional 4-byte file identifier; a table starts
 * with an {@code i32} soffset to its vtable ({@code vtable = table − soffset}); a vtable is
 * {@code u16 vtableBytes, u16 tableBytes, u16 fieldOffset[]} (0 = field absent); a vector/string field holds a
 * {@code u32} offset relative to the field itself, pointing at a {@code u32} element count followed by the elements.
 *
 * <p>The view is mutable and reusable ({@link #reset}) so that per-packet decoding allocates nothing.
 */
public final class FlatBufferView {
  private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private byte[] buf;
  private int base;
  private int limit;

  /** Points the view at {@code buf[base, limit)}. */
  public FlatBufferView reset(byte[] buf, int base, int limit) {
    if (base < 0 || limit > buf.length || base > limit) {
      throw new IllegalArgumentException("bad region [" + base + ", " + limit + ") of " + buf.length);
    }
    this.buf = buf;
    this.base = base;
    this.limit = limit;
    return this;
  }

  public byte[] buffer() {
    return buf;
  }

  public int base() {
    return base;
  }

  public int limit() {
    return limit;
  }

  /** True when the 4 identifier bytes after the root offset equal {@code id} (e.g. "EVTS"). */
  public boolean hasIdentifier(String id) {
    if (limit - base < 8 || id.length() != 4) {
      return false;
    }
    for (int i = 0; i < 4; i++) {
      if (buf[base + 4 + i] != (byte) id.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The 4 identifier bytes as text (for error messages), or "" when the buffer is too short. */
  public String identifier() {
    if (limit - base < 8) {
      return "";
    }
    return new String(buf, base + 4, 4, StandardCharsets.ISO_8859_1);
  }

  /** Absolute position of the root table, after checking it and its vtable. */
  public int rootTable() throws FlatBufferException {
    check(base, 4, "root offset");
    long root = base + u32(base);
    if (root + 4 > limit) {
      throw new FlatBufferException(0, "root table offset " + (root - base) + " outside buffer of "
          + (limit - base) + " bytes");
    }
    int table = (int) root;
    vtable(table);
    return table;
  }

  /** Absolute position of field {@code index} of {@code table}, or -1 when the field is absent. */
  public int field(int table, int index) throws FlatBufferException {
    int vt = vtable(table);
    int vtSize = u16(vt);
    int entry = 4 + 2 * index;
    if (entry + 2 > vtSize) {
      return -1;
    }
    int off = u16(vt + entry);
    if (off == 0) {
      return -1;
    }
    int tableSize = u16(vt + 2);
    if (off >= tableSize) {
      throw new FlatBufferException(vt - base, "field " + index + " offset " + off + " beyond table size "
          + tableSize);
    }
    return table + off;
  }

  private int vtable(int table) throws FlatBufferException {
    check(table, 4, "table");
    long vt = (long) table - i32(table);
    if (vt < base || vt + 4 > limit) {
      throw new FlatBufferException(table - base, "vtable at " + (vt - base) + " outside buffer of "
          + (limit - base) + " bytes");
    }
    int v = (int) vt;
    int vtSize = u16(v);
    int tableSize = u16(v + 2);
    if (vtSize < 4 || (vtSize & 1) != 0 || v + (long) vtSize > limit) {
      throw new FlatBufferException(v - base, "bad vtable size " + vtSize);
    }
    if (table + (long) tableSize > limit || tableSize < 4) {
      throw new FlatBufferException(table - base, "table of " + tableSize + " bytes runs past the buffer end");
    }
    return v;
  }

  /** Int32 field value, or {@code dflt} when absent. */
  public int intField(int table, int index, int dflt) throws FlatBufferException {
    int f = field(table, index);
    if (f < 0) {
      return dflt;
    }
    check(f, 4, "int field " + index);
    return i32(f);
  }

  /** Int64 field value, or {@code dflt} when absent. */
  public long longField(int table, int index, long dflt) throws FlatBufferException {
    int f = field(table, index);
    if (f < 0) {
      return dflt;
    }
    check(f, 8, "long field " + index);
    return i64(f);
  }

  /**
   * Absolute position of the first element of the vector in field {@code index}, with its length checked to fit:
   * {@code length × elementBytes} bytes must lie inside the buffer. Returns -1 when absent. The length is
   * {@link #vectorLength}.
   */
  public int vector(int table, int index, int elementBytes) throws FlatBufferException {
    int f = field(table, index);
    if (f < 0) {
      return -1;
    }
    check(f, 4, "vector offset");
    long target = f + u32(f);
    if (target + 4 > limit) {
      throw new FlatBufferException(f - base, "vector offset points to " + (target - base) + ", outside buffer of "
          + (limit - base) + " bytes");
    }
    int t = (int) target;
    long n = u32(t);
    if (t + 4 + n * elementBytes > limit) {
      throw new FlatBufferException(t - base, "vector of " + n + " × " + elementBytes + " bytes runs past the end"
          + " of the " + (limit - base) + "-byte buffer");
    }
    return t + 4;
  }

  /** Element count of a vector whose first element is at {@code elements} (from {@link #vector}). */
  public int vectorLength(int elements) {
    return i32(elements - 4);
  }

  /** The UTF-8 string in field {@code index}, or null when absent. */
  public String string(int table, int index) throws FlatBufferException {
    int s = vector(table, index, 1);
    if (s < 0) {
      return null;
    }
    return new String(buf, s, vectorLength(s), StandardCharsets.UTF_8);
  }

  private void check(int pos, int n, String what) throws FlatBufferException {
    if (pos < base || pos + (long) n > limit) {
      throw new FlatBufferException(pos - base, what + " (" + n + " bytes at " + (pos - base)
          + ") outside buffer of " + (limit - base) + " bytes");
    }
  }

  int u16(int pos) {
    return ((short) I16.get(buf, pos)) & 0xFFFF;
  }

  int i32(int pos) {
    return (int) I32.get(buf, pos);
  }

  long u32(int pos) {
    return ((int) I32.get(buf, pos)) & 0xFFFFFFFFL;
  }

  long i64(int pos) {
    return (long) I64.get(buf, pos);
  }

  /** Little-endian int16 at absolute {@code pos} (unchecked; callers check via {@link #vector}). */
  public static short getShort(byte[] b, int pos) {
    return (short) I16.get(b, pos);
  }

  /** Little-endian int32 at absolute {@code pos} (unchecked). */
  public static int getInt(byte[] b, int pos) {
    return (int) I32.get(b, pos);
  }

  /** Little-endian int64 at absolute {@code pos} (unchecked). */
  public static long getLong(byte[] b, int pos) {
    return (long) I64.get(b, pos);
  }
}
