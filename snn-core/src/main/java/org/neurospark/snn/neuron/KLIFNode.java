package org.neurospark.snn.neuron;

import org.neurospark.snn.neuron.dynamics.ChargeFunction;
import org.neurospark.snn.neuron.dynamics.KlifDynamics;
import org.neurospark.snn.neuron.dynamics.LifCharge;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.kernels.NeuronModelKernels;
import org.neurospark.snn.surrogate.SurrogateFunction;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.Tensor;

/**
 * KLIF neurons (SpikingJelly {@code KLIFNode}): LIF charge, F = ReLU(k·H) with learnable scalar k (init 1), fire
 * and reset on F ({@link KlifDynamics}), computed by the backend's {@link NeuronModelKernels}. The gradient of k
 * accumulates in the tensor {@code k().tensor()} (parameter "k").
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

  public boolean scaleReset() {
    return scaleReset;
  }

  @Override
  protected void kernelForward(NeuronSpec spec, Tensor theta, Tensor x, Tensor vInit, Tensor out, Tensor h,
      Tensor vSeq, Tensor vFinal) {
    kernels(x.backend()).klifForward(spec, scaleReset, theta, x, vInit, out, h, vSeq, vFinal);
  }

  @Override
  protected void kernelBackward(NeuronSpec spec, Tensor theta, Tensor h, Tensor vInit, Tensor gradOut,
      Tensor gradVSeq, Tensor gradX, Tensor gradVInit, Tensor gradTheta) {
    kernels(h.backend()).klifBackward(spec, scaleReset, theta, h, vInit, gradOut, gradVSeq, gradX, gradVInit,
        gradTheta);
  }

  @Override
  protected boolean kernelsRunOn(Backend backend) {
    return NeuronModelKernels.on(backend) != null;
  }

  private NeuronModelKernels kernels(Backend b) {
    return modelKernels("KLIFNode", b);
  }

  @Override
  protected ScalarParameter thetaParameter() {
    return k;
  }

  @Override
  protected boolean supportsFloat64() {
    return false;
  }

  /** F = ReLU(k·H) with k's current value. */
  @Override
  protected float[] fireInput(float[] h) {
    KlifDynamics d = new KlifDynamics(spec(), k.value(), scaleReset);
    for (int i = 0; i < h.length; i++) {
      h[i] = d.scale(h[i]);
    }
    return h;
  }

  @Override
  protected String extraRepr() {
    return super.extraRepr() + ", tau=" + tau + ", scale_reset=" + (scaleReset ? "True" : "False");
  }
}
