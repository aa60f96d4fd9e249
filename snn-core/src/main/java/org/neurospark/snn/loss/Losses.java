package org.neurospark.snn.loss;

import java.util.Arrays;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.NN;
import org.neurospark.snn.tensor.Tensor;

/**
 * Classification losses and metrics for spiking outputs {@code [T, N, C]} (time first) with integer labels.
 * All losses are differentiable tensors (mean reductions like PyTorch).
 */
public final class Losses {
  private Losses() {}

  /** One-hot float tensor {@code [N, C]} (dtype given). */
  public static Tensor oneHot(int[] labels, int numClasses, DType dtype) {
    Tensor t = Tensor.zeros(dtype, labels.length, numClasses);
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException("label " + labels[i] + " outside [0, " + numClasses + ")");
      }
      t.set(1, i, labels[i]);
    }
    return t;
  }

  private static void check3(String what, Tensor x, int[] labels) {
    if (x.dim() != 3 || x.size(1) != labels.length) {
      throw new IllegalArgumentException(what + " expects [T, N, C] outputs and N labels; got "
          + Arrays.toString(x.shape()) + " and " + labels.length + " labels");
    }
  }

  /** Firing rate: mean over time of {@code [T, N, C]} → {@code [N, C]}. */
  public static Tensor firingRate(Tensor outSeq) {
    return outSeq.mean(0, false);
  }

  /**
   * SpikingJelly's default: {@code F.mse_loss(out_seq.mean(0), one_hot(label))}, mean over N·C.
   */
  public static Tensor mseRate(Tensor outSeq, int[] labels) {
    check3("mseRate", outSeq, labels);
    Tensor rate = firingRate(outSeq);
    return NN.mseLoss(rate, oneHot(labels, rate.size(1), rate.dtype()));
  }

  /** Cross-entropy on the firing rate (mean over T) used as logits. */
  public static Tensor crossEntropyRate(Tensor outSeq, int[] labels) {
    check3("crossEntropyRate", outSeq, labels);
    return NN.crossEntropy(firingRate(outSeq), labels);
  }

  /**
   * Temporal efficient training (TET, SpikingJelly {@code temporal_efficient_training_cross_entropy}):
   * {@code mean_t CE(x[t], label)}.
   */
  public static Tensor tet(Tensor outSeq, int[] labels) {
    check3("tet", outSeq, labels);
    int t = outSeq.size(0);
    Tensor sum = null;
    for (int i = 0; i < t; i++) {
      Tensor ce = NN.crossEntropy(outSeq.select(0, i), labels);
      sum = sum == null ? ce : sum.add(ce);
    }
    return sum.div(t);
  }

  /** Loss by name: "mse" (rate vs one-hot), "ce" (CE on rate), "tet". */
  public static Tensor byName(String name, Tensor outSeq, int[] labels) {
    switch (name) {
      case "mse":
        return mseRate(outSeq, labels);
      case "ce":
        return crossEntropyRate(outSeq, labels);
      case "tet":
        return tet(outSeq, labels);
      default:
        throw new IllegalArgumentException("unknown loss '" + name + "' (mse, ce, tet)");
    }
  }

  /**
   * Predicted classes: argmax over C of the summed outputs over T (first index wins ties, like torch.argmax on
   * CPU). Works on {@code [T, N, C]} or {@code [N, C]}.
   */
  public static int[] predict(Tensor out) {
    float[] v = out.to(DType.FLOAT32).toFloatArray();
    int c = out.size(out.dim() - 1);
    int n = out.dim() == 3 ? out.size(1) : out.size(0);
    int t = out.dim() == 3 ? out.size(0) : 1;
    int[] pred = new int[n];
    double[] acc = new double[c];
    for (int i = 0; i < n; i++) {
      Arrays.fill(acc, 0);
      for (int s = 0; s < t; s++) {
        int base = (s * n + i) * c;
        for (int k = 0; k < c; k++) {
          acc[k] += v[base + k];
        }
      }
      int best = 0;
      for (int k = 1; k < c; k++) {
        if (acc[k] > acc[best]) {
          best = k;
        }
      }
      pred[i] = best;
    }
    return pred;
  }

  /** Number of correct predictions ({@link #predict}) among the labels. */
  public static int correct(Tensor out, int[] labels) {
    int[] p = predict(out);
    int k = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] == labels[i]) {
        k++;
      }
    }
    return k;
  }
}
