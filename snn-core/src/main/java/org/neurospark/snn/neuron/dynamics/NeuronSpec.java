package org.neurospark.snn.neuron.dynamics;

import java.util.Objects;
import org.neurospark.snn.surrogate.SurrogateFunction;

/**
 * The three equations of a SpikingJelly {@code BaseNode}, written once: charge H[t] = f(V[t−1], X[t])
 * ({@link ChargeFunction}), fire S[t] = Θ(H[t] − V_th) through the surrogate function, and reset
 * V[t] = H·(1 − S) + V_reset·S (hard) or H − V_th·S (soft, {@code vReset == null}). With {@code detachReset} the S
 * inside the reset carries no gradient. Immutable; all methods are pure float32 functions.
 */
public final class NeuronSpec {
  private final ChargeFunction charge;
  private final SurrogateFunction surrogate;
  private final float vThreshold;
  private final Float vReset;
  private final boolean detachReset;
  private final float vr;
  private final boolean soft;

  public NeuronSpec(ChargeFunction charge, SurrogateFunction surrogate, double vThreshold, Double vReset,
      boolean detachReset) {
    this.charge = Objects.requireNonNull(charge, "charge");
    this.surrogate = Objects.requireNonNull(surrogate, "surrogate");
    if (!Double.isFinite(vThreshold) || (vReset != null && !Double.isFinite(vReset))) {
      throw new IllegalArgumentException("v_threshold/v_reset must be finite, got " + vThreshold + "/" + vReset);
    }
    this.vThreshold = (float) vThreshold;
    this.vReset = vReset == null ? null : vReset.floatValue();
    this.detachReset = detachReset;
    this.soft = vReset == null;
    this.vr = soft ? 0f : vReset.floatValue();
  }

  public ChargeFunction charge() {
    return charge;
  }

  public SurrogateFunction surrogate() {
    return surrogate;
  }

  public float vThreshold() {
    return vThreshold;
  }

  /** Reset potential, or null for soft reset. */
  public Float vReset() {
    return vReset;
  }

  public boolean softReset() {
    return soft;
  }

  public boolean detachReset() {
    return detachReset;
  }

  /** Initial / reset-time membrane potential: V_reset, or 0 for soft reset. */
  public float vInit() {
    return vr;
  }

  /** The same spec with another charge function (e.g. PLIF with an updated w). */
  public NeuronSpec withCharge(ChargeFunction c) {
    return new NeuronSpec(c, surrogate, vThreshold, vReset == null ? null : (double) vReset, detachReset);
  }

  /** H[t] = f(V[t−1], X[t]). */
  public float charge(float v, float x) {
    return charge.charge(v, x);
  }

  /** S = surrogate forward of (H − V_th): Θ (1 if H − V_th ≥ 0) when spiking, the primitive otherwise. */
  public float fire(float h) {
    return surrogate.forwardF(h - vThreshold);
  }

  /** Surrogate derivative ∂S/∂H at H = h. */
  public float fireGrad(float h) {
    return surrogate.gradF(h - vThreshold);
  }

  /** V[t] after reset, from H[t] and S[t]. */
  public float reset(float h, float s) {
    return soft ? h - s * vThreshold : (1f - s) * h + s * vr;
  }

  /** Total derivative dV[t]/dH[t] including the path through S (zero when detach_reset); sg = ∂S/∂H. */
  public float dVdH(float h, float s, float sg) {
    if (soft) {
      return detachReset ? 1f : 1f - vThreshold * sg;
    }
    return detachReset ? 1f - s : 1f - s + (vr - h) * sg;
  }

  /** ∂V[t]/∂S[t] through the reset (0 when detach_reset). */
  public float dVdS(float h) {
    if (detachReset) {
      return 0f;
    }
    return soft ? -vThreshold : vr - h;
  }

  @Override
  public String toString() {
    return "v_threshold=" + vThreshold + ", v_reset=" + (soft ? "None" : vReset) + ", detach_reset="
        + (detachReset ? "True" : "False") + ", surrogate_function=" + surrogate;
  }
}
