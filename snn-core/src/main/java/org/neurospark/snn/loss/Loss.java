package org.neurospark.snn.loss;

import java.util.List;
import org.neurospark.snn.tensor.Tensor;

/**
 * A differentiable classification loss of spiking outputs {@code [T, N, C]} against N integer labels (a scalar).
 * The labels are an INT32/INT64 tensor {@code [N]} on the outputs' backend; {@link #compute(Tensor, int[])}
 * uploads host labels first.
 */
@FunctionalInterface
public interface Loss {
  /** The loss tensor (scalar, mean over the batch, part of the autograd graph). */
  Tensor compute(Tensor outSeq, Tensor labels);

  /** {@link #compute(Tensor, Tensor)} with host labels, uploaded to the outputs' backend as INT32. */
  default Tensor compute(Tensor outSeq, int[] labels) {
    return compute(outSeq, Losses.labelTensor(labels, outSeq));
  }

  /** Names {@link #named} accepts. */
  List<String> NAMES = List.of("mse", "ce", "tet");

  /** By name: "mse" (firing rate vs one-hot), "ce" (cross-entropy on the rate), "tet" ({@link Losses#byName}). */
  static Loss named(String name) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("unknown loss '" + name + "' (mse, ce, tet)");
    }
    return (out, labels) -> Losses.byName(name, out, labels);
  }
}
