package org.neurospark.snn.neuron.dynamics;

/**
 * KLIF (SpikingJelly {@code KLIFNode}, Jiang et al. 2023): LIF charge H, then F = ReLU(k·H) with learnable scalar k,
 * S = Θ(F − V_th) and reset on F. scale_reset = false: hard F(1 − S) + V_reset·S, soft F − V_th·S; true: hard
 * (F/k)(1 − S) + V_reset·S, soft (F − V_th·S)/k. The equations are the generated ones of
 * {@code NeuronMath.KLIF} (double; float32 forms as {@link NeuronSpec}'s) plus the derivatives BPTT needs.
 */
public final class KlifDynamics {
  private final NeuronSpec spec;
  private final double k;
  private final boolean scaleReset;

  /** {@code spec} holds the LIF charge, threshold, reset and surrogate; {@code k} is the scale (float32 value). */
  public KlifDynamics(NeuronSpec spec, double k, boolean scaleReset) {
    this.spec = spec;
    this.k = k;
    this.scaleReset = scaleReset;
  }

  public NeuronSpec spec() {
    return spec;
  }

  public double k() {
    return k;
  }

  public boolean scaleReset() {
    return scaleReset;
  }

  /** F = ReLU(k·H). */
  public double scale(double h) {
    return DynamicsMath.klifScale(k, h);
  }

  /** V after reset from F and S. */
  public double reset(double f, double s) {
    if (!scaleReset) {
      return spec.reset(f, s);
    }
    return spec.softReset() ? DynamicsMath.klifScaledResetSoft(k, spec.vThreshold(), f, s)
        : DynamicsMath.klifScaledResetHard(k, spec.vInit(), f, s);
  }

  /** dV/dF including the path through S (sg = ∂S/∂F). */
  public double dVdF(double f, double s, double sg) {
    if (!scaleReset) {
      return spec.dVdH(f, s, sg);
    }
    if (spec.softReset()) {
      return spec.detachReset() ? DynamicsMath.klifScaledDVdFSoftDetached(k)
          : DynamicsMath.klifScaledDVdFSoft(k, spec.vThreshold(), sg);
    }
    return spec.detachReset() ? DynamicsMath.klifScaledDVdFHardDetached(k, s)
        : DynamicsMath.klifScaledDVdFHard(k, spec.vInit(), f, s, sg);
  }

  /** Direct ∂V/∂k of the scaled reset at fixed F and S (0 without scale_reset). */
  public double dVdk(double f, double s) {
    if (!scaleReset) {
      return 0;
    }
    return spec.softReset() ? DynamicsMath.klifScaledDVdkSoft(k, spec.vThreshold(), f, s)
        : DynamicsMath.klifScaledDVdkHard(k, f, s);
  }

  // ---- float32 views ----

  /** fp32 F = ReLU(k·H), k rounded to float32 like the parameter. */
  public float scale(float h) {
    return DynamicsMath.klifScaleF(k, h);
  }

  /** fp32 reset: the float32 operations when S is exactly 0 or 1 (spiking), else the double form rounded once. */
  public float reset(float f, float s) {
    if (!scaleReset) {
      return spec.reset(f, s);
    }
    if (!spec.surrogate().spiking()) {
      return (float) reset((double) f, (double) s);
    }
    return spec.softReset() ? DynamicsMath.klifScaledResetSoftF(k, spec.vThreshold(), f, s)
        : DynamicsMath.klifScaledResetHardF(k, spec.vInit(), f, s);
  }
}
