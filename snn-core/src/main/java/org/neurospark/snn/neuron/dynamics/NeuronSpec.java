package org.neurospark.snn.neuron.dynamics;

import java.util.Objects;
import org.neurospark.snn.surrogate.SurrogateFunction;

/**
 * The three equations of a SpikingJelly {@code BaseNode}, written once: charge H[t] = f(V[t−1], X[t])
 * ({@link ChargeFunction}), fire S[t] = Θ(H[t] − V_th) through the surrogate function, and reset
 * V[t] = H·(1 − S) + V_reset·S (hard) or H − V_th·S (soft, {@code vReset == null}). With {@code detachReset} the S
 * inside the reset carries no gradient. Immutable; all methods are pure functions. The float overloads (fp32
 * kernels) use V_th and V_reset rounded to float32, as a float32 tensor op with a Python scalar does. The reset
 * equations and their derivatives are generated from {@code org.neurospark.snn.neuron.spec.NeuronMath#RESET}.
 */
public final class NeuronSpec {
  private final ChargeFunction charge;
  private final SurrogateFunction surrogate;
  private final double vThreshold;
  private final Double vReset;
  private final boolean detachReset;
  private final double vr;
  private final boolean soft;
  private final double vThresholdF;
  private final double vrF;
  private final boolean spiking;

  public NeuronSpec(ChargeFunction charge, SurrogateFunction surrogate, double vThreshold, Double vReset,
      boolean detachReset) {
    this.charge = Objects.requireNonNull(charge, "charge");
    this.surrogate = Objects.requireNonNull(surrogate, "surrogate");
    if (!Double.isFinite(vThreshold) || (vReset != null && !Double.isFinite(vReset))) {
      throw new IllegalArgumentException("v_threshold/v_reset must be finite, got " + vThreshold + "/" + vReset);
    }
    this.vThreshold = vThreshold;
    this.vReset = vReset;
    this.detachReset = detachReset;
    this.soft = vReset == null;
    this.vr = soft ? 0.0 : vReset;
    this.vThresholdF = (float) vThreshold;
    this.vrF = (float) vr;
    this.spiking = surrogate.spiking();
  }

  public ChargeFunction charge() {
    return charge;
  }

  public SurrogateFunction surrogate() {
    return surrogate;
  }

  public double vThreshold() {
    return vThreshold;
  }

  /** Reset potential, or null for soft reset. */
  public Double vReset() {
    return vReset;
  }

  public boolean softReset() {
    return soft;
  }

  public boolean detachReset() {
    return detachReset;
  }

  /** Initial / reset-time membrane potential: V_reset, or 0 for soft reset. */
  public double vInit() {
    return vr;
  }

  /** The same spec with another charge function (e.g. PLIF with an updated w). */
  public NeuronSpec withCharge(ChargeFunction c) {
    return new NeuronSpec(c, surrogate, vThreshold, vReset, detachReset);
  }

  // ---- the equations (double precision) ----

  /** H[t] = f(V[t−1], X[t]). */
  public double charge(double v, double x) {
    return charge.charge(v, x);
  }

  /** S = surrogate forward of (H − V_th): Θ (1 if H − V_th ≥ 0) when spiking, the primitive otherwise. */
  public double fire(double h) {
    return surrogate.forward(h - vThreshold);
  }

  /** Surrogate derivative ∂S/∂H at H = h. */
  public double fireGrad(double h) {
    return surrogate.grad(h - vThreshold);
  }

  /** V[t] after reset, from H[t] and S[t]. */
  public double reset(double h, double s) {
    return reset(h, s, vThreshold, vr);
  }

  /** Total derivative dV[t]/dH[t] including the path through S (zero when detach_reset); sg = ∂S/∂H. */
  public double dVdH(double h, double s, double sg) {
    return dVdH(h, s, sg, vThreshold, vr);
  }

  /** ∂V[t]/∂S[t] through the reset (0 when detach_reset). */
  public double dVdS(double h) {
    if (detachReset) {
      return 0;
    }
    return soft ? DynamicsMath.dVdSSoft(vThreshold) : DynamicsMath.dVdSHard(vr, h);
  }

  private double reset(double h, double s, double vth, double vReset) {
    return soft ? DynamicsMath.resetSoft(vth, h, s) : DynamicsMath.resetHard(vReset, h, s);
  }

  private double dVdH(double h, double s, double sg, double vth, double vReset) {
    if (soft) {
      return detachReset ? DynamicsMath.dVdHSoftDetached() : DynamicsMath.dVdHSoft(vth, sg);
    }
    return detachReset ? DynamicsMath.dVdHHardDetached(s) : DynamicsMath.dVdHHard(vReset, h, s, sg);
  }

  // ---- float32 views (one rounding each) ----

  public float vInitF() {
    return (float) vr;
  }

  public float charge(float v, float x) {
    return charge.charge(v, x);
  }

  /** V_th rounded to float32. */
  public float vThresholdF() {
    return (float) vThresholdF;
  }

  /**
   * fp32 S = {@code (float) fire((double) h)} with V_th in float32: the branch-free {@link
   * SurrogateFunction#heavisideF} when spiking (the float32 difference has the sign of the exact one), the
   * primitive of the double difference otherwise.
   */
  public float fire(float h) {
    return surrogate.spiking() ? surrogate.heavisideF(h - (float) vThresholdF)
        : (float) surrogate.primitive(h - vThresholdF);
  }

  /** fp32 ∂S/∂H: the surrogate's float path on the float32 difference H − V_th (as a float32 tensor op). */
  public float fireGrad(float h) {
    return surrogate.gradF(h - (float) vThresholdF);
  }

  /**
   * fp32 {@link #reset(double, double)}. With a spiking surrogate S is exactly 0 or 1 and the float32 form below is
   * exact (equal to the double form rounded once), and branch-free; otherwise the double form, rounded once.
   */
  public float reset(float h, float s) {
    if (spiking) {
      return soft ? DynamicsMath.resetSoftF(vThresholdF, h, s) : DynamicsMath.resetHardF(vrF, h, s);
    }
    return (float) reset(h, s, vThresholdF, vrF);
  }

  /**
   * fp32 dV/dH: {@code 1 − S} or 1 when detach_reset, else one fused multiply-add rounded once:
   * {@code fma(V_reset − H, sg, 1 − S)} (hard) or {@code fma(−V_th, sg, 1)} (soft).
   */
  public float dVdH(float h, float s, float sg) {
    if (soft) {
      return detachReset ? DynamicsMath.dVdHSoftDetachedF() : DynamicsMath.dVdHSoftF(vThresholdF, sg);
    }
    return detachReset ? DynamicsMath.dVdHHardDetachedF(s) : DynamicsMath.dVdHHardF(vrF, h, s, sg);
  }

  @Override
  public String toString() {
    return "v_threshold=" + vThreshold + ", v_reset=" + (soft ? "None" : vReset) + ", detach_reset="
        + (detachReset ? "True" : "False") + ", surrogate_function=" + surrogate;
  }
}
