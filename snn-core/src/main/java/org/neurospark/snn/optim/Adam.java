package org.neurospark.snn.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurospark.snn.tensor.AdamParams;
import org.neurospark.snn.tensor.Tensor;

/**
 * Adam and AdamW with PyTorch's rule ({@code torch.optim.Adam/AdamW}, non-fused): at step t,
 * AdamW first decays {@code p *= 1 − lr·wd}, Adam instead adds {@code g += wd·p}; then
 * {@code m = m + (1−β1)(g − m)}, {@code v = β2·v + (1−β2)·g²}, (AMSGrad: {@code v̂ = max(v̂, v)}),
 * {@code p -= (lr / (1−β1^t)) · m / (sqrt(v) / sqrt(1−β2^t) + eps)}.
 */
public final class Adam extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final boolean decoupled;
  private final boolean amsgrad;

  /**
   * @param decoupled true for AdamW (decoupled weight decay)
   */
  public Adam(Map<String, Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay,
      boolean decoupled, boolean amsgrad) {
    super(params, lr);
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps >= 0 && weightDecay >= 0)) {
      throw new IllegalArgumentException("invalid Adam hyper-parameters: betas (" + beta1 + ", " + beta2 + "), eps "
          + eps + ", weight decay " + weightDecay);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.decoupled = decoupled;
    this.amsgrad = amsgrad;
  }

  /** Adam with PyTorch defaults (betas 0.9, 0.999, eps 1e-8, no weight decay). */
  public static Adam adam(Map<String, Tensor> params, double lr) {
    return new Adam(params, lr, 0.9, 0.999, 1e-8, 0, false, false);
  }

  /** AdamW with PyTorch defaults (betas 0.9, 0.999, eps 1e-8, weight decay 0.01). */
  public static Adam adamW(Map<String, Tensor> params, double lr) {
    return new Adam(params, lr, 0.9, 0.999, 1e-8, 0.01, true, false);
  }

  @Override
  public List<String> bufferNames() {
    return amsgrad ? List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq") : List.of("exp_avg", "exp_avg_sq");
  }

  @Override
  public String name() {
    return decoupled ? "AdamW" : "Adam";
  }

  @Override
  protected Map<String, String> hyperParameters() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("beta1", Double.toString(beta1));
    m.put("beta2", Double.toString(beta2));
    m.put("eps", Double.toString(eps));
    m.put("weight_decay", Double.toString(weightDecay));
    m.put("amsgrad", Boolean.toString(amsgrad));
    return m;
  }

  @Override
  protected void update(String name, Tensor p, Tensor g, ParamState st, long t) {
    Tensor m = st.bufferOrCreate("exp_avg");
    Tensor v = st.bufferOrCreate("exp_avg_sq");
    Tensor vmax = amsgrad ? st.bufferOrCreate("max_exp_avg_sq") : null;
    p.backend().adamUpdate(new AdamParams(lr(), beta1, beta2, eps, weightDecay, decoupled), t, p, g, m, v, vmax);
  }
}
