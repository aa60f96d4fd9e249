package org.neurospark.spark.train;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.spark.sql.Row;

/**
 * One row of {@code TABLES/frames} as it travels to its worker: the sample's id, label and shape, and its frames as
 * stored — dense (float32 LE {@code [T, 2, H, W]}) or sparse (int32 LE flat indices, float32 LE counts).
 *
 * @param sampleId the sample's id
 * @param label class index
 * @param t frames (time steps)
 * @param height pixels
 * @param width pixels
 * @param dense float32 LE values (null when sparse)
 * @param indices int32 LE flat indices (null when dense)
 * @param counts float32 LE values at the indices (null when dense)
 */
public record FrameRecord(String sampleId, int label, int t, int height, int width, byte[] dense, byte[] indices,
    byte[] counts) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Columns to select from a dense frames table, in the order {@link #of} reads. */
  public static final String[] DENSE_COLUMNS = {"sample_id", "label", "T", "height", "width", "frames"};
  /** Columns to select from a sparse frames table. */
  public static final String[] SPARSE_COLUMNS = {"sample_id", "label", "T", "height", "width", "indices", "counts"};

  /** A row selected with {@link #DENSE_COLUMNS} or {@link #SPARSE_COLUMNS}. */
  public static FrameRecord of(Row r, boolean sparse) {
    if (sparse) {
      return new FrameRecord(r.getString(0), r.getInt(1), r.getInt(2), r.getInt(3), r.getInt(4), null,
          (byte[]) r.get(5), (byte[]) r.get(6));
    }
    return new FrameRecord(r.getString(0), r.getInt(1), r.getInt(2), r.getInt(3), r.getInt(4), (byte[]) r.get(5),
        null, null);
  }

  /** Values per sample: T·2·H·W. */
  public int size() {
    return t * 2 * height * width;
  }

  /** The dense {@code [T, 2, H, W]} values. */
  public float[] values() {
    int n = size();
    float[] out = new float[n];
    if (dense != null) {
      if (dense.length != 4L * n) {
        throw new IllegalArgumentException("frames row '" + sampleId + "': " + dense.length + " bytes of frames, a ["
            + t + ", 2, " + height + ", " + width + "] float32 stack has " + 4L * n);
      }
      ByteBuffer.wrap(dense).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      return out;
    }
    if (indices.length != counts.length || indices.length % 4 != 0) {
      throw new IllegalArgumentException("frames row '" + sampleId + "': " + indices.length + " bytes of indices and "
          + counts.length + " bytes of counts");
    }
    ByteBuffer i = ByteBuffer.wrap(indices).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer v = ByteBuffer.wrap(counts).order(ByteOrder.LITTLE_ENDIAN);
    for (int k = 0; i.hasRemaining(); k++) {
      int idx = i.getInt();
      if (idx < 0 || idx >= n) {
        throw new IllegalArgumentException("frames row '" + sampleId + "': index " + idx + " (entry " + k
            + ") outside [0, " + n + ")");
      }
      out[idx] = v.getFloat();
    }
    return out;
  }
}
