package org.neurospark.snn.tensor;

/**
 * Element-wise unary kernels run by {@link Backend#unary}. Ops marked "p" read the scalar parameter.
 * Comparison ops yield 1 or 0.
 */
public enum UnaryOp {
  NEG, EXP, LOG, SIGMOID, TANH, RELU, SQRT, ABS, SIGN, RECIPROCAL, SQUARE,
  /** x + p. */ ADD_SCALAR,
  /** x * p. */ MUL_SCALAR,
  /** p - x. */ RSUB_SCALAR,
  /** p / x. */ RDIV_SCALAR,
  /** x ^ p. */ POW_SCALAR,
  /** max(x, p). */ CLAMP_MIN,
  /** min(x, p). */ CLAMP_MAX,
  /** x >= p ? 1 : 0 (Heaviside with ties firing, as SpikingJelly). */ GE_SCALAR,
  /** x > p ? 1 : 0. */ GT_SCALAR,
  /** x == p ? 1 : 0. */ EQ_SCALAR
}
