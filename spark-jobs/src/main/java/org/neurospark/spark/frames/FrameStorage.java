package org.neurospark.spark.frames;

import java.util.Locale;
import org.neurospark.spark.cli.UsageException;

/**
 * How the {@code frames} table stores a sample's float32 {@code [T, 2, H, W]} frames.
 * <ul>
 *   <li>{@link #DENSE}: column {@code frames} = every value, float32 little-endian, C order (index
 *   {@code ((t * 2 + c) * H + y) * W + x}, channel {@code c} = polarity, 0 = OFF).</li>
 *   <li>{@link #SPARSE}: the non-zero values only — {@code nnz} (count), {@code indices} = int32 little-endian flat
 *   indices into {@code [T, 2, H, W]} (C order, ascending), {@code counts} = float32 little-endian values.</li>
 * </ul>
 */
public enum FrameStorage {
  DENSE, SPARSE;

  /** Lowercase name used on the command line. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code dense} / {@code sparse}. */
  public static FrameStorage parse(String s) {
    for (FrameStorage f : values()) {
      if (f.id().equalsIgnoreCase(s)) {
        return f;
      }
    }
    throw new UsageException("--storage must be 'dense' or 'sparse', not '" + s + "'");
  }
}
