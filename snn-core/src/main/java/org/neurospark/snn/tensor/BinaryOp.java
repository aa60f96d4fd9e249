package org.neurospark.snn.tensor;

/**
 * Element-wise binary kernels run by {@link Backend#binary} on (a, b). The *_BACKWARD ops are fused gradient
 * formulas: a is the incoming gradient, b the saved forward value named in the constant.
 */
public enum BinaryOp {
  ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM,
  /** a > b ? 1 : 0. */ GT,
  /** a >= b ? 1 : 0. */ GE,
  /** a == b ? 1 : 0. */ EQ,
  /** a * b * (1 - b), b = sigmoid output. */ SIGMOID_BACKWARD,
  /** a * (1 - b * b), b = tanh output. */ TANH_BACKWARD,
  /** b > 0 ? a : 0, b = relu input. */ RELU_BACKWARD
}
