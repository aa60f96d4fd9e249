package org.neurospark.spark.frames;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.neurospark.events.frames.Frames;
import org.neurospark.spark.tables.DirectRowsFile;

/** Schemas of the {@code frames} table and the conversion of {@link Frames} to its rows. */
public final class FrameRows {
  private FrameRows() {}

  private static StructField[] head() {
    return new StructField[] {
        DataTypes.createStructField("sample_id", DataTypes.StringType, false),
        DataTypes.createStructField("label", DataTypes.IntegerType, false),
        DataTypes.createStructField("split", DataTypes.StringType, false),
        DataTypes.createStructField("T", DataTypes.IntegerType, false),
        DataTypes.createStructField("height", DataTypes.IntegerType, false),
        DataTypes.createStructField("width", DataTypes.IntegerType, false)};
  }

  /** Dense: {@code sample_id, label, split, T, height, width, frames} (float32 LE {@code [T, 2, H, W]}). */
  public static final StructType DENSE = new StructType(head())
      .add(DataTypes.createStructField("frames", DataTypes.BinaryType, false));

  /** Sparse: {@code ..., nnz, indices} (int32 LE flat indices, ascending) {@code , counts} (float32 LE). */
  public static final StructType SPARSE = new StructType(head())
      .add(DataTypes.createStructField("nnz", DataTypes.LongType, false))
      .add(DataTypes.createStructField("indices", DataTypes.BinaryType, false))
      .add(DataTypes.createStructField("counts", DataTypes.BinaryType, false));

  /** The schema for {@code storage}. */
  public static StructType schema(FrameStorage storage) {
    return storage == FrameStorage.DENSE ? DENSE : SPARSE;
  }

  /** One row of the frames table. */
  public static Row row(String sampleId, SampleShape s, Frames f, FrameStorage storage) {
    float[] data = f.data();
    int n = f.size();
    if (storage == FrameStorage.DENSE) {
      byte[] b = new byte[4 * n];
      // a bulk copy in native (little-endian) order on x86: 2x the speed of a VarHandle store per float (measured)
      ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(data, 0, n);
      return RowFactory.create(sampleId, s.label(), s.split(), f.frames(), f.height(), f.width(), b);
    }
    Sparse sparse = new Sparse();
    int nnz = sparse.of(data, n);
    ByteBuffer idx = ByteBuffer.allocate(4 * nnz).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer val = ByteBuffer.allocate(4 * nnz).order(ByteOrder.LITTLE_ENDIAN);
    idx.asIntBuffer().put(sparse.indices, 0, nnz);
    val.asFloatBuffer().put(sparse.values, 0, nnz);
    return RowFactory.create(sampleId, s.label(), s.split(), f.frames(), f.height(), f.width(), (long) nnz,
        idx.array(), val.array());
  }

  /**
   * Writes one row of the frames table into {@code out} (its schema for {@code storage}, columns in schema order;
   * the caller ends the row); returns the bytes of the frames value(s). {@code sparse} is scratch.
   */
  static long write(DirectRowsFile out, String sampleId, SampleShape s, Frames f, FrameStorage storage,
      Sparse sparse) {
    out.string(0, sampleId);
    out.integer(1, s.label());
    out.string(2, s.split());
    out.integer(3, f.frames());
    out.integer(4, f.height());
    out.integer(5, f.width());
    float[] data = f.data();
    int n = f.size();
    if (storage == FrameStorage.DENSE) {
      out.floats(6, data, n);
      return 4L * n;
    }
    int nnz = sparse.of(data, n);
    out.bigint(6, nnz);
    out.ints(7, sparse.indices, nnz);
    out.floats(8, sparse.values, nnz);
    return 8L * nnz;
  }

  /** The non-zero elements of a frames tensor: flat indices (ascending) and values, in reused arrays. */
  static final class Sparse {
    int[] indices = new int[0];
    float[] values = new float[0];

    /** Collects the non-zeros of {@code data[0, n)}; returns their count. */
    int of(float[] data, int n) {
      int nnz = 0;
      for (int i = 0; i < n; i++) {
        if (data[i] != 0f) {
          nnz++;
        }
      }
      if (indices.length < nnz) {
        indices = new int[Math.max(nnz, 2 * indices.length)];
        values = new float[indices.length];
      }
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (data[i] != 0f) {
          indices[k] = i;
          values[k++] = data[i];
        }
      }
      return nnz;
    }
  }

  /** Decodes a dense {@code frames} value (float32 LE) into floats. */
  public static float[] dense(byte[] frames) {
    float[] out = new float[frames.length / 4];
    ByteBuffer.wrap(frames).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  /** Expands a sparse value ({@code indices}, {@code counts}) to {@code size} dense floats. */
  public static float[] sparse(byte[] indices, byte[] counts, int size) {
    float[] out = new float[size];
    ByteBuffer i = ByteBuffer.wrap(indices).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer v = ByteBuffer.wrap(counts).order(ByteOrder.LITTLE_ENDIAN);
    while (i.hasRemaining()) {
      out[i.getInt()] = v.getFloat();
    }
    return out;
  }
}
