package org.neurospark.snn.monitor;

/** Firing-rate summaries of spike arrays; pure functions. */
public final class FiringRates {
  private FiringRates() {}

  /**
   * Per-step firing rate of [T, N, ...] spikes: the mean over everything but the first axis (SpikingJelly's
   * {@code s_seq.flatten(1).mean(1)}), length T. A 1-D array [N] gives one value.
   */
  public static float[] perStep(float[] spikes, int[] shape) {
    int t = shape.length >= 2 ? shape[0] : 1;
    if (t == 0) {
      return new float[0];
    }
    int n = spikes.length / t;
    float[] r = new float[t];
    for (int i = 0; i < t; i++) {
      double s = 0;
      for (int j = 0; j < n; j++) {
        s += spikes[i * n + j];
      }
      r[i] = n == 0 ? 0f : (float) (s / n);
    }
    return r;
  }

  /** Mean of all spikes (fraction of neuron-steps that fired). */
  public static double mean(float[] spikes) {
    double s = 0;
    for (float v : spikes) {
      s += v;
    }
    return spikes.length == 0 ? 0 : s / spikes.length;
  }

  /** {@link #perStep} as a monitor function. */
  public static RecordFunction perStep() {
    return FiringRates::perStep;
  }

  /** The overall rate as a one-element record. */
  public static RecordFunction overall() {
    return (data, shape) -> new float[] {(float) mean(data)};
  }
}
