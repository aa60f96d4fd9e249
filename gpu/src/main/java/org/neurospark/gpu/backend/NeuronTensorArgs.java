package org.neurospark.gpu.backend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;

/**
 * The tensor arguments of one fused neuron kernel launch ({@link CudaNeuronKernels}, {@link CudaNeuronModelKernels}):
 * each nullable tensor is checked as it is added ({@link CudaNeuronKernels#check}: on the backend, of the launch's
 * dtype, [T, N] for a sequence or [N] for a per-neuron state, contiguous when an output), and {@link #pointers()}
 * then maps every kernel parameter to its device address, in the order added (inputs made contiguous on the device
 * first, absent tensors 0 = NULL). T is the leading dimension of the sequence the launch is built from, N the rest.
 */
final class NeuronTensorArgs {
  private final CudaBackend backend;
  private final DType dtype;
  private final int steps;
  private final long n;
  private final List<Arg> args = new ArrayList<>();

  /** One argument: the kernel parameter, the tensor (null = NULL), whether the kernel writes it. */
  private record Arg(String param, Tensor tensor, boolean output) {}

  /**
   * @param seq a [T >= 1, N, ...] sequence of the launch, giving T and N (not added as an argument)
   * @throws IllegalArgumentException when {@code seq} is not a sequence
   */
  NeuronTensorArgs(CudaBackend backend, DType dtype, Tensor seq) {
    this.backend = backend;
    this.dtype = dtype;
    this.steps = CudaNeuronKernels.steps(seq);
    this.n = seq.numel() / steps;
  }

  /** T, the number of time steps. */
  int steps() {
    return steps;
  }

  /** N, the number of neurons (the elements of one time step). */
  long n() {
    return n;
  }

  /** A [T, N] input whose kernel parameter is named {@code name}. */
  NeuronTensorArgs seqIn(String name, Tensor t) {
    return seqIn(name, name, t);
  }

  /** A [T, N] input {@code what} passed as the kernel parameter {@code param}. */
  NeuronTensorArgs seqIn(String param, String what, Tensor t) {
    return add(param, what, t, (long) steps * n, false);
  }

  /** A [T, N] output whose kernel parameter is named {@code name}. */
  NeuronTensorArgs seqOut(String name, Tensor t) {
    return seqOut(name, name, t);
  }

  /** A [T, N] output {@code what} passed as the kernel parameter {@code param}. */
  NeuronTensorArgs seqOut(String param, String what, Tensor t) {
    return add(param, what, t, (long) steps * n, true);
  }

  /** An [N] input (an initial state or a final state's gradient) whose kernel parameter is named {@code name}. */
  NeuronTensorArgs stateIn(String name, Tensor t) {
    return add(name, name, t, n, false);
  }

  /** An [N] output (a final state or an initial state's gradient) whose kernel parameter is named {@code name}. */
  NeuronTensorArgs stateOut(String name, Tensor t) {
    return add(name, name, t, n, true);
  }

  /** An input checked by the caller (a one-element scalar tensor), passed as the kernel parameter {@code param}. */
  NeuronTensorArgs checkedIn(String param, Tensor t) {
    args.add(new Arg(param, t, false));
    return this;
  }

  private NeuronTensorArgs add(String param, String what, Tensor t, long numel, boolean output) {
    CudaNeuronKernels.check(backend, t, what, dtype, numel, output);
    args.add(new Arg(param, t, output));
    return this;
  }

  /**
   * The device address of every argument by kernel parameter, taken in the order added: inputs through
   * {@link CudaNeuronKernels#in} (a strided view copied to a contiguous tensor first), outputs as they are; 0 for an
   * absent tensor. A fresh, modifiable map.
   */
  Map<String, Long> pointers() {
    Map<String, Long> ptr = new HashMap<>();
    for (Arg a : args) {
      Tensor t = a.tensor();
      ptr.put(a.param(), a.output() ? (t == null ? 0 : backend.address(t)) : CudaNeuronKernels.in(backend, t));
    }
    return ptr;
  }
}
