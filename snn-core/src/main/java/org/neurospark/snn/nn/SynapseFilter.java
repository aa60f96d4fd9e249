package org.neurospark.snn.nn;

import java.util.ArrayList;
import java.util.List;
import org.neurospark.snn.tensor.Tensor;

/**
 * {@code layer.SynapseFilter(tau, learnable)}: {@code I[t] = I[t−1] − (1 − S[t])·I[t−1]/τ + S[t]}, I[−1] = 0.
 * Learnable: {@code 1/τ = sigmoid(w)} with parameter {@code w = −ln(τ − 1)}. State I is reset by {@link #reset()}.
 */
public final class SynapseFilter extends Module {
  private final double tau;
  private Tensor outI;

  public SynapseFilter(double tau, boolean learnable) {
    if (!(tau > 1)) {
      throw new IllegalArgumentException("SynapseFilter needs tau > 1, got " + tau);
    }
    this.tau = tau;
    registerParameter("w", learnable ? Tensor.fromArray(new float[] {(float) -Math.log(tau - 1)}, 1) : null);
  }

  private Tensor step(Tensor x) {
    if (outI == null) {
      outI = x.zerosLike();
    }
    Tensor decay = x.rsub(1).mul(outI);
    decay = param("w") != null ? decay.mul(param("w").sigmoid()) : decay.div(tau);
    outI = outI.sub(decay).add(x);
    return outI;
  }

  @Override
  protected Tensor doForward(Tensor x) {
    if (stepMode() == 's') {
      return step(x);
    }
    List<Tensor> ys = new ArrayList<>();
    for (int t = 0; t < x.size(0); t++) {
      ys.add(step(x.select(0, t)));
    }
    return Tensor.stack(ys, 0);
  }

  @Override
  protected void resetState() {
    outI = null;
  }

  @Override
  protected void detachState() {
    if (outI != null) {
      outI = outI.detach();
    }
  }

  @Override
  protected void saveOwn(String prefix, org.neurospark.snn.io.SafeTensors st) {
    if (param("w") != null) {
      org.neurospark.snn.io.StEntry full = org.neurospark.snn.io.StEntry.of(param("w").detach());
      st.put(prefix.isEmpty() ? "w" : prefix + ".w",
          full.withShape());
    }
  }

  @Override
  protected String extraRepr() {
    return "tau=" + tau + ", learnable=" + (param("w") != null) + ", step_mode=" + stepMode();
  }
}
