package org.neurospark.snn.conformance;

import java.util.Arrays;

/** A dense row-major array read from a golden file: its shape and its values widened to double. */
public final class NdArray {
  private final int[] shape;
  private final double[] data;

  public NdArray(int[] shape, double[] data) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not match " + data.length
          + " values");
    }
    this.shape = shape.clone();
    this.data = data;
  }

  public int[] shape() {
    return shape.clone();
  }

  public int size() {
    return data.length;
  }

  /** The values (not copied). */
  public double[] data() {
    return data;
  }

  public double get(int i) {
    return data[i];
  }

  /** The values rounded to float32. */
  public float[] floats() {
    float[] f = new float[data.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) data[i];
    }
    return f;
  }
}
