package org.neurospark.snn.flat;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * One named tensor of a {@link FlatLayout}: where its values sit in a {@link ParameterVector}.
 *
 * @param name state-dict name ({@code conv_fc.0.weight}, {@code conv_fc.1.num_batches_tracked}) or, for optimizer
 *     state, {@code optimizer.<parameter>.<buffer>} / {@code optimizer.<parameter>.step}
 * @param kind what it is, and so its section (float32 values or integer counters)
 * @param shape tensor shape ({@code [1]} for counters)
 * @param offset first element in its section
 * @param length elements (product of the shape)
 */
public record FlatEntry(String name, FlatKind kind, int[] shape, int offset, int length) implements Serializable {
  private static final long serialVersionUID = 1L;

  public FlatEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    shape = shape.clone();
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    if (n != length || offset < 0) {
      throw new IllegalArgumentException("entry '" + name + "': shape " + Arrays.toString(shape) + " has " + n
          + " elements, length says " + length + " (offset " + offset + ")");
    }
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlatEntry e && name.equals(e.name) && kind == e.kind && Arrays.equals(shape, e.shape)
        && offset == e.offset && length == e.length;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, kind, Arrays.hashCode(shape), offset, length);
  }

  @Override
  public String toString() {
    return name + " " + kind + " " + Arrays.toString(shape) + " @" + offset + "+" + length;
  }
}
