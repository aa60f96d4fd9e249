package org.neurospark.snn.loss;

import java.util.Arrays;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.NN;
import org.neurospark.snn.tensor.Tensor;

/**
 * Classification losses and metrics for spiking outputs {@code [T, N, C]} (time first) with integer labels.
 * All losses are differentiable tensors (mean reductions like PyTorch). Labels are either a host {@code int[]}
 * (uploaded to the outputs' backend) or an INT32/INT64 tensor {@code [N]} on the outputs' backend; one-hot
 * targets, NLL and the correct count then run as backend ops (oneHot, gather/scatter, argmax) without reading
 * elements on the host.
 */
public final class Losses {
  private Losses() {}

  /** One-hot float tensor {@code [N, C]} (dtype given) on the CPU. */
  public static Tensor oneHot(int[] labels, int numClasses, DType dtype) {
    return oneHot(Tensor.fromArray(labels, labels.length), numClasses, dtype);
  }

  /**
   * One-hot tensor {@code [*, C]} of {@code dtype} on the labels' backend from INT32/INT64 labels {@code [*]}; a
   * label outside {@code [0, numClasses)} throws {@link IllegalArgumentException}.
   */
  public static Tensor oneHot(Tensor labels, int numClasses, DType dtype) {
    int[] ls = labels.shape();
    int[] os = Arrays.copyOf(ls, ls.length + 1);
    os[ls.length] = numClasses;
    Tensor t = Tensor.zeros(labels.backend(), dtype, os);
    labels.backend().oneHot(labels, numClasses, t);
    return t;
  }

  /** The labels as an INT32 tensor {@code [N]} on {@code like}'s backend (one upload). */
  public static Tensor labelTensor(int[] labels, Tensor like) {
    return Tensor.fromArray(like.backend(), labels, labels.length);
  }

  private static void check3(String what, Tensor x, int n) {
    if (x.dim() != 3 || x.size(1) != n) {
      throw new IllegalArgumentException(what + " expects [T, N, C] outputs and N labels; got "
          + Arrays.toString(x.shape()) + " and " + n + " labels");
    }
  }

  private static void checkLabels(String what, Tensor outSeq, Tensor labels) {
    if (labels.dim() != 1 || labels.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(what + " expects labels as an INT32/INT64 tensor [N], got "
          + labels.dtype() + " " + Arrays.toString(labels.shape()));
    }
    if (labels.backend() != outSeq.backend()) {
      throw new IllegalArgumentException(what + ": labels on " + labels.backend().name() + ", outputs on "
          + outSeq.backend().name());
    }
    check3(what, outSeq, labels.size(0));
  }

  /** Firing rate: mean over time of {@code [T, N, C]} → {@code [N, C]}. */
  public static Tensor firingRate(Tensor outSeq) {
    return outSeq.mean(0, false);
  }

  /**
   * SpikingJelly's default: {@code F.mse_loss(out_seq.mean(0), one_hot(label))}, mean over N·C.
   */
  public static Tensor mseRate(Tensor outSeq, int[] labels) {
    check3("mseRate", outSeq, labels.length);
    return mseRate(outSeq, labelTensor(labels, outSeq));
  }

  /** {@link #mseRate(Tensor, int[])} with labels as an INT32/INT64 tensor {@code [N]} on the outputs' backend. */
  public static Tensor mseRate(Tensor outSeq, Tensor labels) {
    checkLabels("mseRate", outSeq, labels);
    Tensor rate = firingRate(outSeq);
    return NN.mseLoss(rate, oneHot(labels, rate.size(1), rate.dtype()));
  }

  /** Cross-entropy on the firing rate (mean over T) used as logits. */
  public static Tensor crossEntropyRate(Tensor outSeq, int[] labels) {
    check3("crossEntropyRate", outSeq, labels.length);
    return crossEntropyRate(outSeq, labelTensor(labels, outSeq));
  }

  /** {@link #crossEntropyRate(Tensor, int[])} with labels as an INT32/INT64 tensor {@code [N]}. */
  public static Tensor crossEntropyRate(Tensor outSeq, Tensor labels) {
    checkLabels("crossEntropyRate", outSeq, labels);
    return NN.crossEntropy(firingRate(outSeq), labels);
  }

  /**
   * Temporal efficient training (TET, SpikingJelly {@code temporal_efficient_training_cross_entropy}):
   * {@code mean_t CE(x[t], label)}.
   */
  public static Tensor tet(Tensor outSeq, int[] labels) {
    check3("tet", outSeq, labels.length);
    return tet(outSeq, labelTensor(labels, outSeq));
  }

  /** {@link #tet(Tensor, int[])} with labels as an INT32/INT64 tensor {@code [N]}. */
  public static Tensor tet(Tensor outSeq, Tensor labels) {
    checkLabels("tet", outSeq, labels);
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
    if (!Loss.NAMES.contains(name)) {
      throw new IllegalArgumentException("unknown loss '" + name + "' (mse, ce, tet)");
    }
    check3(name, outSeq, labels.length);
    return byName(name, outSeq, labelTensor(labels, outSeq));
  }

  /** {@link #byName(String, Tensor, int[])} with labels as an INT32/INT64 tensor {@code [N]}. */
  public static Tensor byName(String name, Tensor outSeq, Tensor labels) {
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
   * Predicted classes as an INT32 tensor {@code [N]} on the outputs' backend: argmax over C of the outputs summed
   * over T in float64 (in order of t; values rounded to float32 first), the first index winning ties (like torch.argmax; NaN counts as maximum).
   * Works on {@code [T, N, C]} or {@code [N, C]}.
   */
  public static Tensor predictTensor(Tensor out) {
    if (out.dim() != 2 && out.dim() != 3) {
      throw new IllegalArgumentException("predict expects [T, N, C] or [N, C] outputs, got "
          + Arrays.toString(out.shape()));
    }
    // float64 outputs are rounded to float32 first, as this metric always has done
    Tensor acc = out.detach().to(DType.FLOAT32).to(DType.FLOAT64);
    if (out.dim() == 3) {
      acc = acc.sum(0, false);
    }
    return acc.argmax(1, false);
  }

  /** Predicted classes ({@link #predictTensor}) read back to the host (one download). */
  public static int[] predict(Tensor out) {
    return predictTensor(out).toIntArray();
  }

  /**
   * The number of correct predictions ({@link #predictTensor}) among INT32/INT64 labels {@code [N]}, as a 0-dim
   * FLOAT64 tensor on the outputs' backend (read it when the metric is wanted).
   */
  public static Tensor correctTensor(Tensor out, Tensor labels) {
    Tensor pred = predictTensor(out);
    if (labels.dim() != 1 || labels.size(0) != pred.size(0) || labels.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException("correct expects " + pred.size(0) + " INT32/INT64 labels, got "
          + labels.dtype() + " " + Arrays.toString(labels.shape()));
    }
    return pred.to(DType.FLOAT64).eq(labels.to(DType.FLOAT64)).sum();
  }

  /** Number of correct predictions ({@link #predict}) among the labels (one upload, one download). */
  public static int correct(Tensor out, int[] labels) {
    return correct(out, labelTensor(labels, out));
  }

  /** Number of correct predictions among INT32/INT64 labels {@code [N]} on the outputs' backend (one download). */
  public static int correct(Tensor out, Tensor labels) {
    return (int) correctTensor(out, labels).item();
  }
}
