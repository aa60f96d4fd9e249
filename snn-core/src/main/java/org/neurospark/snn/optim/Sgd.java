package org.neurospark.snn.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurospark.snn.tensor.SgdParams;
import org.neurospark.snn.tensor.Tensor;

/**
 * Stochastic gradient descent with PyTorch's rule ({@code torch.optim.SGD}): {@code d = g + wd·p};
 * with momentum μ: {@code buf = d} on the first step, then {@code buf = μ·buf + (1 − dampening)·d}, and
 * {@code d = d + μ·buf} (Nesterov) or {@code d = buf}; finally {@code p -= lr·d}.
 */
public final class Sgd extends Optimizer {
  private final double momentum;
  private final double dampening;
  private final double weightDecay;
  private final boolean nesterov;

  public Sgd(Map<String, Tensor> params, double lr, double momentum, double dampening, double weightDecay,
      boolean nesterov) {
    super(params, lr);
    if (momentum < 0 || weightDecay < 0) {
      throw new IllegalArgumentException("momentum and weight decay must be >= 0");
    }
    if (nesterov && (momentum <= 0 || dampening != 0)) {
      throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
    }
    this.momentum = momentum;
    this.dampening = dampening;
    this.weightDecay = weightDecay;
    this.nesterov = nesterov;
  }

  /** Plain SGD with momentum (no dampening, no weight decay). */
  public Sgd(Map<String, Tensor> params, double lr, double momentum) {
    this(params, lr, momentum, 0, 0, false);
  }

  @Override
  public List<String> bufferNames() {
    return momentum != 0 ? List.of("momentum_buffer") : List.of();
  }

  @Override
  public String name() {
    return "SGD";
  }

  @Override
  protected Map<String, String> hyperParameters() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("momentum", Double.toString(momentum));
    m.put("dampening", Double.toString(dampening));
    m.put("weight_decay", Double.toString(weightDecay));
    m.put("nesterov", Boolean.toString(nesterov));
    return m;
  }

  @Override
  protected void update(String name, Tensor p, Tensor g, ParamState st, long t) {
    Tensor buf = null;
    boolean first = false;
    if (momentum != 0) {
      buf = st.buffer("momentum_buffer");
      first = buf == null;
      if (first) {
        buf = st.bufferOrCreate("momentum_buffer");
      }
    }
    p.backend().sgdUpdate(new SgdParams(lr(), momentum, dampening, weightDecay, nesterov), p, g, buf, first);
  }
}
