package org.neurospark.snn.neuron.dynamics;

/**
 * KLIF (SpikingJelly {@code KLIFNode}, Jiang et al. 2023): LIF charge H, then F = ReLU(k·H) with learnable scalar k,
 * S = Θ(F − V_th) and reset on F. scale_reset = false: hard F(1 − S) + V_reset·S, soft F − V_th·S; true: hard
 * (F/k)(1 − S) + V_reset·S, soft (F − V_th·S)/k. Pure functions written in double (float
 * overloads round once) plus the derivatives BPTT needs.
 */
public final class KlifDynamics {
  private final NeuronSpec spec;
  private final double k;
  private final boolean scaleReset;

  /** {@code spec} holds the LIF charge, threshold, reset and surrogate. */
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

  /** F = ReLU(k·H). */
  public double scale(double h) {
    double kh = k * h;
    return kh > 0 ? kh : 0;
  }

  /** V after reset from F and S. */
  public double reset(double f, double s) {
    if (!scaleReset) {
      return spec.reset(f, s);
    }
    return spec.softReset() ? spec.reset(f, s) / k : spec.reset(f / k, s);
  }

  /** dV/dF including the path through S (sg = ∂S/∂F). */
  public double dVdF(double f, double s, double sg) {
    if (!scaleReset) {
      return spec.dVdH(f, s, sg);
    }
    if (spec.softReset()) {
      return spec.dVdH(f, s, sg) / k;
    }
    // V = (F/k)(1 − S) + V_reset·S, S = S(F)
    double through = spec.detachReset() ? 0 : (spec.vInit() - f / k) * sg;
    return (1.0 - s) / k + through;
  }

  /** Direct ∂V/∂k of the scaled reset at fixed F and S (0 without scale_reset). */
  public double dVdk(double f, double s) {
    if (!scaleReset) {
      return 0;
    }
    return spec.softReset() ? -spec.reset(f, s) / (k * k) : -(1.0 - s) * f / (k * k);
  }

  // ---- float32 views ----

  /** fp32 F = ReLU(k·H), k rounded to float32 like the parameter. */
  public float scale(float h) {
    float kh = (float) k * h;
    return kh > 0f ? kh : 0f;
  }

  public float reset(float f, float s) {
    if (!scaleReset) {
      return spec.reset(f, s);
    }
    float kf = (float) k;
    return spec.softReset() ? spec.reset(f, s) / kf : spec.reset(f / kf, s);
  }
}
