package org.neurospark.events.format.mat;

import java.util.Arrays;

/**
 * One numeric matrix of a MAT-file, as its header describes it; the values are streamed by {@link MatColumn}.
 *
 * @param name variable name
 * @param mxClass array class ({@code mxDOUBLE} = 6 .. {@code mxUINT64} = 15)
 * @param dims dimensions (MATLAB order; values are stored column-major)
 * @param complex true when an imaginary part follows (it is ignored)
 * @param miType storage type of the real part (may be narrower than the class, e.g. doubles stored as miUINT8)
 * @param count number of values = product of {@code dims}
 * @param elementOffset file byte offset of the variable's top-level element tag
 * @param compressed true when the variable sits in an miCOMPRESSED element
 */
record MatVariable(String name, int mxClass, int[] dims, boolean complex, int miType, long count, long elementOffset,
    boolean compressed) {

  /** True when at most one dimension differs from 1 (a row or column vector, a scalar or an empty array). */
  boolean isVector() {
    int big = 0;
    for (int d : dims) {
      if (d != 1) {
        big++;
      }
    }
    return big <= 1 || count == 0;
  }

  /** e.g. {@code "'ts' double [1000x1] stored as miUINT32"}. */
  String describe() {
    StringBuilder sb = new StringBuilder("'").append(name).append("' ").append(MatTypes.mxName(mxClass)).append(" [");
    for (int i = 0; i < dims.length; i++) {
      sb.append(i == 0 ? "" : "x").append(dims[i]);
    }
    return sb.append("] stored as ").append(MatTypes.miName(miType)).append(compressed ? ", compressed" : "")
        .toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MatVariable v && v.name.equals(name) && v.mxClass == mxClass && Arrays.equals(v.dims, dims)
        && v.complex == complex && v.miType == miType && v.count == count && v.elementOffset == elementOffset
        && v.compressed == compressed;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Long.hashCode(elementOffset);
  }

  @Override
  public String toString() {
    return describe();
  }
}
