package org.neurospark.snn.autograd;

import java.util.Arrays;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;

/**
 * Finite-difference gradient check (like {@code torch.autograd.gradcheck}) for ops on float64 tensors.
 *
 * <p>The outputs are reduced to a scalar {@code L = Σ_k Σ w_k · out_k} with fixed random weights {@code w_k}, so
 * every output element matters; analytic {@code dL/dx} from backward is compared with the central difference
 * {@code (L(x + eps) − L(x − eps)) / 2eps} for every element of every input that requires grad. Usage:
 *
 * <pre>{@code
 * Tensor x = Init.randn(new Rng(1), DType.FLOAT64, 3, 4).requiresGrad(true);
 * GradCheck.check(in -> in[0].sigmoid(), x);   // throws AssertionError with details on mismatch
 * }</pre>
 */
public final class GradCheck {
  private GradCheck() {}

  /** A single-output op under test. */
  @FunctionalInterface
  public interface Op {
    Tensor apply(Tensor[] inputs);
  }

  /** A multi-output op under test (e.g. a neuron returning spike and membrane sequences). */
  @FunctionalInterface
  public interface MultiOp {
    Tensor[] apply(Tensor[] inputs);
  }

  /** Checks with eps = 1e-6, atol = 1e-5, rtol = 1e-3. */
  public static void check(Op op, Tensor... inputs) {
    checkMulti(in -> new Tensor[] {op.apply(in)}, 1e-6, 1e-5, 1e-3, inputs);
  }

  /** Checks a multi-output op with eps = 1e-6, atol = 1e-5, rtol = 1e-3. */
  public static void checkMulti(MultiOp op, Tensor... inputs) {
    checkMulti(op, 1e-6, 1e-5, 1e-3, inputs);
  }

  /**
   * Full form. Inputs must be float64; those with {@code requiresGrad} are checked. Their {@code grad()} is
   * cleared. Throws {@link AssertionError} naming the input, element index, analytic and numeric values.
   */
  public static void checkMulti(MultiOp op, double eps, double atol, double rtol, Tensor... inputs) {
    for (Tensor t : inputs) {
      if (t != null && t.dtype() != DType.FLOAT64) {
        throw new IllegalArgumentException("GradCheck needs float64 inputs, got " + t.dtype());
      }
    }
    Rng rng = new Rng(12345);
    Tensor[] outs = op.apply(inputs);
    Tensor[] weights = new Tensor[outs.length];
    for (int k = 0; k < outs.length; k++) {
      double[] w = new double[outs[k].numel()];
      for (int i = 0; i < w.length; i++) {
        w[i] = rng.nextDouble() * 2 - 1;
      }
      weights[k] = Tensor.fromArray(w, outs[k].shape());
    }
    for (Tensor t : inputs) {
      if (t != null) {
        t.setGrad(null);
      }
    }
    Tensor loss = null;
    for (int k = 0; k < outs.length; k++) {
      if (!outs[k].requiresGrad()) {
        continue;
      }
      Tensor term = outs[k].to(DType.FLOAT64).mul(weights[k]).sum();
      loss = loss == null ? term : loss.add(term);
    }
    if (loss == null) {
      throw new AssertionError("no output of the op requires grad");
    }
    loss.backward();
    for (int a = 0; a < inputs.length; a++) {
      Tensor x = inputs[a];
      if (x == null || !x.requiresGrad()) {
        continue;
      }
      double[] analytic = x.grad() == null ? new double[x.numel()] : x.grad().toDoubleArray();
      Tensor xc = x.isContiguous() && x.offset() == 0 ? x : null;
      if (xc == null) {
        throw new IllegalArgumentException("GradCheck inputs must be contiguous with offset 0");
      }
      double[] data = x.doubleData();
      for (int i = 0; i < data.length && i < x.numel(); i++) {
        double orig = data[i];
        data[i] = orig + eps;
        double lp = value(op, inputs, weights);
        data[i] = orig - eps;
        double lm = value(op, inputs, weights);
        data[i] = orig;
        double numeric = (lp - lm) / (2 * eps);
        if (!(Math.abs(numeric - analytic[i]) <= atol + rtol * Math.abs(numeric))) {
          throw new AssertionError("gradient mismatch for input " + a + " " + Arrays.toString(x.shape())
              + " at flat index " + i + ": analytic " + analytic[i] + ", numeric " + numeric);
        }
      }
    }
  }

  private static double value(MultiOp op, Tensor[] inputs, Tensor[] weights) {
    try (GradMode.Scope s = GradMode.noGrad()) {
      Tensor[] outs = op.apply(inputs);
      double v = 0;
      for (int k = 0; k < outs.length; k++) {
        double[] o = outs[k].toDoubleArray();
        double[] w = weights[k].toDoubleArray();
        for (int i = 0; i < o.length; i++) {
          v += o[i] * w[i];
        }
      }
      return v;
    }
  }
}
