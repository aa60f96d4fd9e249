package org.neurospark.snn.neuron.spec;

/** How the fp32 form of a {@link FunctionSpec} computes. */
public enum FloatForm {
  /**
   * With float32 operations in the tree's order: variables are floats, parameters are rounded to float where used,
   * {@link Expr.Derived} values are computed in double and rounded once, {@code exp} is {@code FastMathF.exp}
   * (whose Cody–Waite/polynomial algorithm the C emitter reproduces).
   */
  FLOAT_OPS,
  /** In double precision from the widened float inputs, rounded to float once. */
  ROUNDED,
  /** No fp32 form (a double-only helper such as PLIF's decay = sigmoid(w)). */
  NONE
}
