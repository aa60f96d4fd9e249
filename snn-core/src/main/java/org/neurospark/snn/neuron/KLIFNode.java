package org.neurospark.snn.neuron;

import org.neurospark.snn.neuron.dynamics.ChargeFunction;
import org.neurospark.snn.neuron.dynamics.KlifDynamics;
import org.neurospark.snn.neuron.dynamics.LifCharge;
import org.neurospark.snn.neuron.kernels.KlifKernel;
import org.neurospark.snn.surrogate.SurrogateFunction;
import org.neurospark.snn.tensor.cpu.Cpu;

/**
 * KLIF neurons (SpikingJelly {@code KLIFNode}): LIF charge, F = ReLU(k·H) with learnable scalar k (init 1), fire
 * and reset on F ({@link KlifDynamics}). The gradient of k accumulates in the tensor {@code k().tensor()} (parameter "k").
 */
public class KLIFNode extends BaseNode {
  private final boolean scaleReset;
  private final double tau;
  private final LifCharge charge;
  private final ScalarParameter k;

  /** Defaults: scale_reset false, tau 2, decay_input true, v_threshold 1, v_reset 0, Sigmoid(alpha=4). */
  public KLIFNode() {
    this(false, 2.0, true, 1.0, 0.0, null, false, 's', false);
  }

  public KLIFNode(boolean scaleReset, double tau, boolean decayInput, double vThreshold, Double vReset,
      SurrogateFunction surrogate, boolean detachReset, char stepMode, boolean storeVSeq) {
    super(vThreshold, vReset, surrogate, detachReset, stepMode, storeVSeq);
    this.scaleReset = scaleReset;
    this.tau = requireTau("KLIFNode", tau);
    this.charge = new LifCharge(tau, decayInput, vReset == null ? 0.0 : vReset);
    this.k = addScalarParameter("k", 1f);
  }

  /** The learnable k. */
  public ScalarParameter k() {
    return k;
  }

  public double tau() {
    return tau;
  }

  @Override
  protected ChargeFunction chargeFunction() {
    return charge;
  }

  private KlifDynamics dynamics(Record rec) {
    return new KlifDynamics(rec.spec, k.value(), scaleReset);
  }

  @Override
  protected float[] forwardKernel(Record rec, float[] x, float[] vSeqOut, float[] vFinal) {
    float[] spike = new float[x.length];
    KlifDynamics d = dynamics(rec);
    rec.extra = new float[] {(float) d.k()};
    KlifKernel.forward(d, rec.t, rec.n, x, rec.vInit, spike, rec.h, vSeqOut, vFinal, Cpu.threads());
    return spike;
  }

  @Override
  protected double backwardKernel(Record rec, float[] gradOut, float[] gradVSeq, float[] gradVFinal, float[] gradX,
      float[] gradVInit) {
    KlifDynamics d = new KlifDynamics(rec.spec, rec.extra[0], scaleReset);
    return KlifKernel.backward(d, rec.t, rec.n, rec.h, rec.vInit, gradOut, gradVSeq, gradVFinal, gradX, gradVInit,
        Cpu.threads());
  }

  @Override
  protected ScalarParameter thetaParameter() {
    return k;
  }

  @Override
  protected boolean supportsFloat64() {
    return false;
  }

  @Override
  protected float[] fireInput(Record r) {
    KlifDynamics d = new KlifDynamics(r.spec, r.extra[0], scaleReset);
    float[] f = new float[r.h.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = d.scale(r.h[i]);
    }
    return f;
  }

  @Override
  protected String extraRepr() {
    return super.extraRepr() + ", tau=" + tau + ", scale_reset=" + (scaleReset ? "True" : "False");
  }

  /** Its own host-array kernels: CPU only. */
  @Override
  protected boolean usesBackendKernels() {
    return false;
  }
}
