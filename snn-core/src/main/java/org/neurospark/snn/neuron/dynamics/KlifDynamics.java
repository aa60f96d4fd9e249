package org.neurospark.snn.neuron.dynamics;

/**
 * KLIF (SpikingJelly {@code KLIFNode}, Jiang et al. 2023): LIF charge H, then F = ReLU(k·H) with learnable scalar k,
 * S = Θ(F − V_th) and reset on F. scale_reset = false: hard F(1 − S) + V_reset·S, soft F − V_th·S; true: hard
 * (F/k)(1 − S) + V_reset·S, soft (F − V_th·S)/k. Pure float32 functions plus the derivatives BPTT needs.
 */
public final class KlifDynamics {
  private final NeuronSpec spec;
  private final float k;
  private final boolean scaleReset;

  /** {@code spec} holds the LIF charge, threshold, reset and surrogate. */
  public KlifDynamics(NeuronSpec spec, float k, boolean scaleReset) {
    this.spec = spec;
    this.k = k;
    this.scaleReset = scaleReset;
  }

  public NeuronSpec spec() {
    return spec;
  }

  public float k() {
    return k;
  }

  /** F = ReLU(k·H). */
  public float scale(float h) {
    float kh = k * h;
    return kh > 0f ? kh : 0f;
  }

  /** V after reset from F and S. */
  public float reset(float f, float s) {
    if (!scaleReset) {
      return spec.reset(f, s);
    }
    return spec.softReset() ? spec.reset(f, s) / k : spec.reset(f / k, s);
  }

  /** dV/dF including the path through S (sg = ∂S/∂F). */
  public float dVdF(float f, float s, float sg) {
    if (!scaleReset) {
      return spec.dVdH(f, s, sg);
    }
    if (spec.softReset()) {
      return spec.dVdH(f, s, sg) / k;
    }
    // V = (F/k)(1 − S) + V_reset·S, S = S(F)
    float through = spec.detachReset() ? 0f : (spec.vInit() - f / k) * sg;
    return (1f - s) / k + through;
  }

  /** Direct ∂V/∂k of the scaled reset at fixed F and S (0 without scale_reset). */
  public float dVdk(float f, float s) {
    if (!scaleReset) {
      return 0f;
    }
    return spec.softReset() ? -spec.reset(f, s) / (k * k) : -(1f - s) * f / (k * k);
  }
}
