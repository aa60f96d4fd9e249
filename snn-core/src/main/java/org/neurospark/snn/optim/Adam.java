package org.neurospark.snn.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  protected void update(String name, float[] p, float[] g, ParamState st, long t) {
    double lr = lr();
    float[] m = fbuf(st, "exp_avg", true);
    float[] v = fbuf(st, "exp_avg_sq", true);
    float[] vmax = amsgrad ? fbuf(st, "max_exp_avg_sq", true) : null;
    double bc1 = 1 - Math.pow(beta1, t);
    double bc2 = 1 - Math.pow(beta2, t);
    float stepSize = (float) (lr / bc1);
    float bc2Sqrt = (float) Math.sqrt(bc2);
    float decay = (float) (1 - lr * weightDecay);
    float wd = (float) weightDecay;
    float w1 = (float) (1 - beta1);
    float b2 = (float) beta2;
    float w2 = (float) (1 - beta2);
    float e = (float) eps;
    for (int i = 0; i < p.length; i++) {
      float gi = g[i];
      float pi = p[i];
      if (weightDecay != 0) {
        if (decoupled) {
          pi = pi * decay;
        } else {
          gi = gi + wd * pi;
        }
      }
      float mi = m[i] + w1 * (gi - m[i]);
      float vi = b2 * v[i] + w2 * gi * gi;
      m[i] = mi;
      v[i] = vi;
      float vd = vi;
      if (amsgrad) {
        vd = Math.max(vmax[i], vi);
        vmax[i] = vd;
      }
      float denom = (float) Math.sqrt(vd) / bc2Sqrt + e;
      p[i] = pi - stepSize * (mi / denom);
    }
  }

  @Override
  protected void update(String name, double[] p, double[] g, ParamState st, long t) {
    double lr = lr();
    double[] m = dbuf(st, "exp_avg", true);
    double[] v = dbuf(st, "exp_avg_sq", true);
    double[] vmax = amsgrad ? dbuf(st, "max_exp_avg_sq", true) : null;
    double stepSize = lr / (1 - Math.pow(beta1, t));
    double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
    for (int i = 0; i < p.length; i++) {
      double gi = g[i];
      double pi = p[i];
      if (weightDecay != 0) {
        if (decoupled) {
          pi = pi * (1 - lr * weightDecay);
        } else {
          gi = gi + weightDecay * pi;
        }
      }
      double mi = m[i] + (1 - beta1) * (gi - m[i]);
      double vi = beta2 * v[i] + (1 - beta2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      double vd = vi;
      if (amsgrad) {
        vd = Math.max(vmax[i], vi);
        vmax[i] = vd;
      }
      p[i] = pi - stepSize * (mi / (Math.sqrt(vd) / bc2Sqrt + eps));
    }
  }
}
