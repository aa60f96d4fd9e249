package org.neurospark.snn.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  protected void update(String name, float[] p, float[] g, ParamState st, long t) {
    float lr = (float) lr();
    float wd = (float) weightDecay;
    float mu = (float) momentum;
    float damp = (float) (1 - dampening);
    float[] buf = momentum != 0 ? fbuf(st, "momentum_buffer", false) : null;
    boolean first = momentum != 0 && buf == null;
    if (first) {
      buf = fbuf(st, "momentum_buffer", true);
    }
    for (int i = 0; i < p.length; i++) {
      float d = g[i];
      if (weightDecay != 0) {
        d = d + wd * p[i];
      }
      if (momentum != 0) {
        float b = first ? d : mu * buf[i] + damp * d;
        buf[i] = b;
        d = nesterov ? d + mu * b : b;
      }
      p[i] = p[i] - lr * d;
    }
  }

  @Override
  protected void update(String name, double[] p, double[] g, ParamState st, long t) {
    double lr = lr();
    double[] buf = momentum != 0 ? dbuf(st, "momentum_buffer", false) : null;
    boolean first = momentum != 0 && buf == null;
    if (first) {
      buf = dbuf(st, "momentum_buffer", true);
    }
    for (int i = 0; i < p.length; i++) {
      double d = g[i];
      if (weightDecay != 0) {
        d = d + weightDecay * p[i];
      }
      if (momentum != 0) {
        double b = first ? d : momentum * buf[i] + (1 - dampening) * d;
        buf[i] = b;
        d = nesterov ? d + momentum * b : b;
      }
      p[i] = p[i] - lr * d;
    }
  }
}
