package org.neurospark.events.transform;

import org.neurospark.events.EventBatch;

/**
 * tonic {@code TimeSkew(coefficient, offset)}: {@code t' = trunc(t · coefficient + offset)} (µs; truncated toward
 * zero as numpy's assignment into an integer field). Keeps time order for {@code coefficient > 0}.
 */
public final class TimeSkew implements EventTransform {
  private final double coefficient;
  private final double offset;

  public TimeSkew(double coefficient, double offsetUs) {
    if (!(coefficient > 0) || Double.isInfinite(coefficient) || Double.isNaN(offsetUs)
        || Double.isInfinite(offsetUs)) {
      throw new IllegalArgumentException("time skew needs coefficient > 0 and a finite offset: " + coefficient
          + ", " + offsetUs);
    }
    this.coefficient = coefficient;
    this.offset = offsetUs;
  }

  @Override
  public void apply(EventBatch b) {
    int n = b.size();
    long[] t = b.t();
    double c = coefficient;
    double o = offset;
    for (int i = 0; i < n; i++) {
      t[i] = (long) (t[i] * c + o);
    }
  }

  @Override
  public String toString() {
    return "timeskew(" + coefficient + "," + offset + ")";
  }
}
