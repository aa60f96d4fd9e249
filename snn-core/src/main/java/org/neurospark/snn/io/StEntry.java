package org.neurospark.snn.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.neurospark.snn.tensor.Tensor;

/**
 * One tensor of a safetensors file: dtype, shape and the raw little-endian bytes (row-major, as the format stores
 * them). Immutable view; {@link #data()} returns a read-only buffer.
 */
public final class StEntry {
  private final StDType dtype;
  private final long[] shape;
  private final byte[] data;

  /**
   * @param dtype element type
   * @param shape dimensions (empty for a scalar)
   * @param data little-endian bytes, exactly numel × dtype size of them
   */
  public StEntry(StDType dtype, long[] shape, byte[] data) {
    this.dtype = dtype;
    this.shape = shape.clone();
    long n = numel(this.shape);
    if (n * dtype.bytes() != data.length) {
      throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " and dtype " + dtype
          + " needs " + n * dtype.bytes() + " bytes, got " + data.length);
    }
    this.data = data;
  }

  /** Product of the dimensions (1 for a scalar). */
  public static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /**
   * An entry holding a copy of the tensor's values in its dtype (F32, F64, I32 or I64), read with one download
   * from the tensor's backend.
   */
  public static StEntry of(Tensor t) {
    long[] shape = new long[t.dim()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = t.size(i);
    }
    ByteBuffer b = ByteBuffer.allocate(t.numel() * t.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
    t.backend().download(t, b);
    StDType dt;
    switch (t.dtype()) {
      case FLOAT32: dt = StDType.F32; break;
      case FLOAT64: dt = StDType.F64; break;
      case INT32: dt = StDType.I32; break;
      default: dt = StDType.I64; break;
    }
    return new StEntry(dt, shape, b.array());
  }

  /** An I64 entry (e.g. BatchNorm's {@code num_batches_tracked}, a 0-dim tensor when shape is empty). */
  public static StEntry ofLongs(long[] values, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return new StEntry(StDType.I64, shape, b.array());
  }

  /** The same values with another shape of equal element count (e.g. [1] as a 0-dim scalar). */
  public StEntry withShape(long... newShape) {
    return new StEntry(dtype, newShape, data);
  }

  public StDType dtype() {
    return dtype;
  }

  public long[] shape() {
    return shape.clone();
  }

  /** Shape as ints (throws when a dimension exceeds int range). */
  public int[] intShape() {
    int[] s = new int[shape.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = Math.toIntExact(shape[i]);
    }
    return s;
  }

  public long numel() {
    return numel(shape);
  }

  /** Read-only little-endian view of the raw bytes. */
  public ByteBuffer data() {
    return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Number of raw bytes. */
  public int byteSize() {
    return data.length;
  }

  byte[] rawBytes() {
    return data;
  }

  /**
   * Values converted to double: floats (F16, BF16, F32, F64) exactly, integers (may round beyond 2^53), BOOL as 0/1.
   */
  public double[] toDoubles() {
    int n = Math.toIntExact(numel());
    double[] out = new double[n];
    ByteBuffer b = data();
    for (int i = 0; i < n; i++) {
      switch (dtype) {
        case F32: out[i] = b.getFloat(i * 4); break;
        case F64: out[i] = b.getDouble(i * 8); break;
        case F16: out[i] = halfToFloat(b.getShort(i * 2)); break;
        case BF16: out[i] = Float.intBitsToFloat((b.getShort(i * 2) & 0xFFFF) << 16); break;
        case I64: out[i] = b.getLong(i * 8); break;
        case U64: out[i] = unsignedLong(b.getLong(i * 8)); break;
        case I32: out[i] = b.getInt(i * 4); break;
        case U32: out[i] = b.getInt(i * 4) & 0xFFFFFFFFL; break;
        case I16: out[i] = b.getShort(i * 2); break;
        case U16: out[i] = b.getShort(i * 2) & 0xFFFF; break;
        case I8: out[i] = b.get(i); break;
        case U8: out[i] = b.get(i) & 0xFF; break;
        case BOOL: out[i] = b.get(i) != 0 ? 1 : 0; break;
        default:
          throw new UnsupportedOperationException("conversion of " + dtype + " to numbers is not supported");
      }
    }
    return out;
  }

  /** IEEE 754 binary16 bits to float. */
  static float halfToFloat(short bits) {
    int h = bits & 0xFFFF;
    int sign = (h >>> 15) == 0 ? 1 : -1;
    int exp = (h >>> 10) & 0x1F;
    int mant = h & 0x3FF;
    if (exp == 0) {
      return sign * (float) Math.scalb((double) mant, -24);
    }
    if (exp == 31) {
      return mant == 0 ? sign * Float.POSITIVE_INFINITY : Float.NaN;
    }
    return sign * (float) Math.scalb(1.0 + mant / 1024.0, exp - 15);
  }

  private static double unsignedLong(long v) {
    double d = (double) (v >>> 1) * 2.0;
    return d + (v & 1);
  }

  /** Integer values (I64/I32/I16/I8/U8/U16/U32/BOOL); throws for floating types. */
  public long[] toLongs() {
    int n = Math.toIntExact(numel());
    long[] out = new long[n];
    ByteBuffer b = data();
    for (int i = 0; i < n; i++) {
      switch (dtype) {
        case I64: case U64: out[i] = b.getLong(i * 8); break;
        case I32: out[i] = b.getInt(i * 4); break;
        case U32: out[i] = b.getInt(i * 4) & 0xFFFFFFFFL; break;
        case I16: out[i] = b.getShort(i * 2); break;
        case U16: out[i] = b.getShort(i * 2) & 0xFFFF; break;
        case I8: out[i] = b.get(i); break;
        case U8: out[i] = b.get(i) & 0xFF; break;
        case BOOL: out[i] = b.get(i) != 0 ? 1 : 0; break;
        default:
          throw new IllegalStateException("entry of dtype " + dtype + " is not an integer tensor");
      }
    }
    return out;
  }

  /** As a tensor: F64 → float64, every other numeric dtype → float32. */
  public Tensor toTensor() {
    int[] s = intShape();
    if (dtype == StDType.F64) {
      return Tensor.fromArray(toDoubles(), s);
    }
    if (dtype == StDType.F32) {
      float[] f = new float[Math.toIntExact(numel())];
      data().asFloatBuffer().get(f);
      return Tensor.fromArray(f, s);
    }
    double[] d = toDoubles();
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return Tensor.fromArray(f, s);
  }

  @Override
  public String toString() {
    return dtype + Arrays.toString(shape);
  }
}
