package org.neurospark.snn.neuron;

import java.util.Arrays;
import org.neurospark.snn.neuron.dynamics.ChargeFunction;
import org.neurospark.snn.neuron.dynamics.IzhikevichDynamics;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.kernels.NeuronModelKernels;
import org.neurospark.snn.surrogate.SurrogateFunction;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.Tensor;

/**
 * Izhikevich neurons (SpikingJelly {@code IzhikevichNode}): V with adaptation current W, see
 * {@link IzhikevichDynamics}. W starts at W_rest and is reset with V; both are carried in the autograd graph
 * ({@link IzhikevichFunction}, float32, on the backend's {@link NeuronModelKernels}).
 */
public class IzhikevichNode extends BaseNode {
  private final IzhikevichDynamics dyn;
  private Tensor w;

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

  /** Current adaptation state W [N, ...], or null before the first input. */
  public Tensor w() {
    return w;
  }

  @Override
  protected void resetState() {
    super.resetState();
    w = null;
  }

  @Override
  protected void detachState() {
    super.detachState();
    if (w != null) {
      w = w.detach();
    }
  }

  /** As {@link BaseNode#doForward}, with W carried as a second state tensor. */
  @Override
  protected Tensor doForward(Tensor x) {
    boolean multi = stepMode() == 'm';
    Tensor xs = multi ? x : x.unsqueeze(0);
    if (xs.dim() < 1 || xs.shape()[0] < 1) {
      throw new IllegalArgumentException("IzhikevichNode: need input [T >= 1, N, ...], got "
          + Arrays.toString(x.shape()));
    }
    int t = xs.shape()[0];
    checkStateShape(v(), Arrays.copyOfRange(xs.shape(), 1, xs.dim()));
    IzhikevichFunction fn = new IzhikevichFunction(spec(), dyn);
    Tensor[] out = fn.apply(xs, v(), w);
    recordFireInput(fn.lastH());
    w = out[2];
    setState(out[1].select(0, t - 1), multi && storeVSeq() ? out[1] : null);
    return multi ? out[0] : out[0].squeeze(0);
  }

  @Override
  protected boolean supportsFloat64() {
    return false;
  }

  @Override
  protected void kernelForward(NeuronSpec spec, Tensor theta, Tensor x, Tensor vInit, Tensor out, Tensor h,
      Tensor vSeq, Tensor vFinal) {
    throw new UnsupportedOperationException("IzhikevichNode runs through IzhikevichFunction");
  }

  @Override
  protected void kernelBackward(NeuronSpec spec, Tensor theta, Tensor h, Tensor vInit, Tensor gradOut,
      Tensor gradVSeq, Tensor gradX, Tensor gradVInit, Tensor gradTheta) {
    throw new UnsupportedOperationException("IzhikevichNode runs through IzhikevichFunction");
  }

  @Override
  protected boolean kernelsRunOn(Backend backend) {
    return NeuronModelKernels.on(backend) != null;
  }
}
