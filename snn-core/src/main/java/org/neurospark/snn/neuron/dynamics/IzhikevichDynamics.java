package org.neurospark.snn.neuron.dynamics;

/**
 * Izhikevich neuron (SpikingJelly {@code IzhikevichNode} on {@code AdaptBaseNode}), adaptation current W:
 * <pre>
 *   H    = V + (X + a0·(V − V_rest)(V − V_c) − W)/τ        (charge)
 *   W'   = W + (a·(H − V_rest) − W)/τ_w                      (adaptation, uses the charged H)
 *   S    = Θ(H − V_th);  V ← reset(H, S);  W ← W' + b·S       (fire, reset)
 * </pre>
 * Pure float32 functions; the partial derivatives are the ones BPTT needs.
 */
public final class IzhikevichDynamics implements ChargeFunction {
  private final float tau;
  private final float vC;
  private final float a0;
  private final float vRest;
  private final float wRest;
  private final float tauW;
  private final float a;
  private final float b;

  public IzhikevichDynamics(double tau, double vC, double a0, double vRest, double wRest, double tauW, double a,
      double b) {
    if (!(tau > 1.0) || !(tauW > 1.0) || !(a0 > 0)) {
      throw new IllegalArgumentException("Izhikevich: need tau > 1, tau_w > 1, a0 > 0; got tau=" + tau + ", tau_w="
          + tauW + ", a0=" + a0);
    }
    this.tau = (float) tau;
    this.vC = (float) vC;
    this.a0 = (float) a0;
    this.vRest = (float) vRest;
    this.wRest = (float) wRest;
    this.tauW = (float) tauW;
    this.a = (float) a;
    this.b = (float) b;
  }

  /** Initial / reset value of W. */
  public float wRest() {
    return wRest;
  }

  /** H from V[t−1] = v, X = x, W[t−1] = w. */
  public float charge(float v, float x, float w) {
    return v + (x + a0 * (v - vRest) * (v - vC) - w) / tau;
  }

  /** Charge at W = W_rest (the {@link ChargeFunction} view). */
  @Override
  public float charge(float v, float x) {
    return charge(v, x, wRest);
  }

  /** W after adaptation, before the spike increment. */
  public float adapt(float w, float h) {
    return w + (a * (h - vRest) - w) / tauW;
  }

  /** W after the spike increment b·S. */
  public float spikeIncrement(float wAdapted, float s) {
    return wAdapted + b * s;
  }

  @Override
  public float dHdV(float v) {
    return 1f + a0 * (2f * v - vRest - vC) / tau;
  }

  @Override
  public float dHdX(float v) {
    return 1f / tau;
  }

  /** ∂H/∂W[t−1]. */
  public float dHdW() {
    return -1f / tau;
  }

  /** ∂W'/∂W[t−1]. */
  public float dAdaptdW() {
    return 1f - 1f / tauW;
  }

  /** ∂W'/∂H. */
  public float dAdaptdH() {
    return a / tauW;
  }

  /** ∂W[t]/∂S (the spike increment b). */
  public float b() {
    return b;
  }
}
