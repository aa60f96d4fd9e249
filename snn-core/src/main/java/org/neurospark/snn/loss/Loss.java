package org.neurospark.snn.loss;

import java.util.List;
import org.neurospark.snn.tensor.Tensor;

/** A differentiable classification loss of spiking outputs {@code [T, N, C]} against N integer labels (a scalar). */
@FunctionalInterface
public interface Loss {
  /** The loss tensor (scalar, mean over the batch, part of the autograd graph). */
  Tensor compute(Tensor outSeq, int[] labels);

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
