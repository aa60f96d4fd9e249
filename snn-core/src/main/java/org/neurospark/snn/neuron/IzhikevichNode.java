package org.neurospark.snn.neuron;

import org.neurospark.snn.neuron.dynamics.ChargeFunction;
import org.neurospark.snn.neuron.dynamics.IzhikevichDynamics;
import org.neurospark.snn.neuron.kernels.IzhikevichKernel;
import org.neurospark.snn.surrogate.SurrogateFunction;
import org.neurospark.snn.tensor.Tensor;

/**
 * Izhikevich neurons (SpikingJelly {@code IzhikevichNode}): V with adaptation current W, see
 * {@link IzhikevichDynamics}. W starts at W_rest and is reset with V.
 */
public class IzhikevichNode extends BaseNode {
  private final IzhikevichDynamics dyn;
  private float[] w;
  private float[] pendingGradW;

  /** Defaults: tau 2, v_c 0.8, a0 1, v_threshold 1, v_reset 0, v_rest −0.1, w_rest 0, tau_w 2, a 0, b 0. */
  public IzhikevichNode() {
    this(2.0, 0.8, 1.0, 1.0, 0.0, -0.1, 0.0, 2.0, 0.0, 0.0, null, false, 's', false);
  }

  public IzhikevichNode(double tau, double vC, double a0, double vThreshold, Double vReset, double vRest,
      double wRest, double tauW, double a, double b, SurrogateFunction surrogate, boolean detachReset,
      char stepMode, boolean storeVSeq) {
    super(vThreshold, vReset, surrogate, detachReset, stepMode, storeVSeq);
    requireTau("IzhikevichNode", tau);
    if (vReset != null && !(vThreshold > vReset)) {
      throw new IllegalArgumentException("IzhikevichNode: need v_threshold > v_reset");
    }
    this.dyn = new IzhikevichDynamics(tau, vC, a0, vRest, wRest, tauW, a, b);
  }

  @Override
  protected ChargeFunction chargeFunction() {
    return dyn;
  }

  /** Current adaptation state W [N] (a copy), or null before the first input. */
  public float[] w() {
    return w == null ? null : w.clone();
  }

  private Tensor vT;
  private Tensor wT;
  private Tensor vSeqT;

  @Override
  public void reset() {
    super.reset();
    w = null;
    pendingGradW = null;
    vT = null;
    wT = null;
    vSeqT = null;
  }

  @Override
  public void detach() {
    super.detach();
    pendingGradW = null;
    if (vT != null) {
      vT = vT.detach();
      wT = wT.detach();
    }
  }

  /** Tensor API (float32): as {@link BaseNode#forward(Tensor)}, with W carried as a second state tensor. */
  @Override
  public Tensor forward(Tensor x) {
    boolean multi = stepMode() == 'm';
    Tensor xs = multi ? x : x.unsqueeze(0);
    Tensor[] out = new IzhikevichFunction(spec(), dyn, threads()).apply(xs, vT, wT);
    vT = out[1].select(0, xs.shape()[0] - 1);
    wT = out[2];
    vSeqT = multi && storeVSeq() ? out[1] : null;
    return multi ? out[0] : out[0].squeeze(0);
  }

  @Override
  public Tensor vTensor() {
    return vT;
  }

  @Override
  public Tensor vSeqTensor() {
    return vSeqT;
  }

  /** W of the tensor API, or null before its first input. */
  public Tensor wTensor() {
    return wT;
  }

  @Override
  protected float[] forwardKernel(Record rec, float[] x, float[] vSeqOut, float[] vFinal) {
    float[] spike = new float[x.length];
    float[] wFinal = new float[rec.n];
    if (rec.h != null) {
      rec.extra = new float[x.length];
    }
    IzhikevichKernel.forward(rec.spec, dyn, rec.t, rec.n, x, rec.vInit, w, spike, rec.h, rec.extra, vSeqOut,
        vFinal, wFinal, threads());
    w = wFinal;
    return spike;
  }

  @Override
  protected boolean supportsFloat64() {
    return false;
  }

  @Override
  protected double backwardKernel(Record rec, float[] gradOut, float[] gradVSeq, float[] gradVFinal, float[] gradX,
      float[] gradVInit) {
    float[] gradWInit = gradVInit == null ? null : new float[rec.n];
    IzhikevichKernel.backward(rec.spec, dyn, rec.t, rec.n, rec.h, rec.extra, rec.vInit, gradOut, gradVSeq,
        gradVFinal, pendingGradW, gradX, gradVInit, gradWInit, threads());
    pendingGradW = gradWInit;
    return 0;
  }
}
