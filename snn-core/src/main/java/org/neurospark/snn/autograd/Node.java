package org.neurospark.snn.autograd;

import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;

/**
 * A recorded operation in the autograd graph ({@code grad_fn}): the function, its context and one edge per
 * input. Created by {@link Function#apply}; user code only inspects it ({@link #name()}).
 */
public final class Node {
  final Function function;
  final FunctionContext ctx;
  /** Per input: the producing node (or null). */
  final Node[] inputNodes;
  /** Per input: the output index of the producing node. */
  final int[] inputIndex;
  /** Per input: the leaf tensor requiring grad (or null). */
  final Tensor[] leaves;
  final int[][] inputShapes;
  final int[][] outputShapes;
  final DType[] outputTypes;
  /** Per output: the backend it lives on (gradients materialised for it are allocated there). */
  final Backend[] outputBackends;
  boolean released;

  Node(Function function, FunctionContext ctx, Tensor[] inputs, Tensor[] outputs) {
    this.function = function;
    this.ctx = ctx;
    int n = inputs.length;
    inputNodes = new Node[n];
    inputIndex = new int[n];
    leaves = new Tensor[n];
    inputShapes = new int[n][];
    for (int i = 0; i < n; i++) {
      Tensor t = inputs[i];
      if (t == null) {
        continue;
      }
      inputShapes[i] = t.shape();
      if (t.requiresGrad()) {
        if (t.gradFn() != null) {
          inputNodes[i] = t.gradFn();
          inputIndex[i] = t.outputIndex();
        } else {
          leaves[i] = t;
        }
      }
    }
    outputShapes = new int[outputs.length][];
    outputTypes = new DType[outputs.length];
    outputBackends = new Backend[outputs.length];
    for (int i = 0; i < outputs.length; i++) {
      outputShapes[i] = outputs[i].shape();
      outputTypes[i] = outputs[i].dtype();
      outputBackends[i] = outputs[i].backend();
    }
  }

  /** Name of the op that produced the tensor, e.g. {@code "Mul"} or {@code "Conv2d"}. */
  public String name() {
    return ctx.opName();
  }

  @Override
  public String toString() {
    return name() + "Backward";
  }
}
