package org.neurospark.snn.neuron.spec;

import java.util.Objects;

/**
 * A node of the neuron-math expression IR: an immutable tree over variables (the per-element inputs such as
 * {@code v}, {@code x}, {@code h}), named parameters (per-layer scalars such as {@code alpha}, {@code tau}),
 * constants and elementary operations. Evaluation order is the tree's order (no reassociation, no contraction), so
 * every emitter that writes the tree with its parentheses computes the same IEEE operations: the generated Java is
 * bit-identical to the formulas it replaced, and the CUDA C uses explicitly rounded operations (no FMA contraction).
 *
 * <p>Numbers are dimensionless (membrane potentials in the units of the threshold, time constants in steps).
 */
public sealed interface Expr {
  /** A per-element input (in the fp32 forms a float, in the fp64 forms a double). */
  record Var(String name) implements Expr {
    public Var {
      Objects.requireNonNull(name, "name");
    }
  }

  /** A named per-layer parameter, always passed as a double; the fp32 forms round it to float where they use it. */
  record Param(String name) implements Expr {
    public Param {
      Objects.requireNonNull(name, "name");
    }
  }

  /** A constant (in the fp32 forms it must be exactly representable as a float). */
  record Const(double value) implements Expr {}

  /**
   * A parameter-only subexpression evaluated in double precision even in the fp32 forms, and rounded to float once
   * there (as {@code (float) (Math.PI / 2.0 * alpha)}): how the hand-written fp32 paths used scalars.
   */
  record Derived(Expr value) implements Expr {
    public Derived {
      Objects.requireNonNull(value, "value");
    }
  }

  /** Unary operations. */
  enum Op1 {
    NEG, ABS, EXP, LOG, SQRT, TANH, ATAN, SIN, COS,
    /** Java's {@code Math.signum}: −1, 0 (keeping the sign of zero), 1, NaN for NaN. */
    SIGNUM,
    /** {@link NeuronMath#ERFC} (snn-core's erfc, relative error below 1.2e−7; not the libm erfc). */
    ERFC
  }

  /** Binary operations. */
  enum Op2 {
    ADD, SUB, MUL, DIV,
    /** Java's {@code Math.min}: NaN if either is NaN, −0 below +0. */
    MIN,
    /** Java's {@code Math.max}: NaN if either is NaN, +0 above −0. */
    MAX,
    POW
  }

  /** Comparisons (false when either side is NaN, as in Java and C). */
  enum Cmp {
    LT, LE, GT, GE
  }

  record Unary(Op1 op, Expr a) implements Expr {
    public Unary {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(a, "a");
    }
  }

  record Binary(Op2 op, Expr a, Expr b) implements Expr {
    public Binary {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(a, "a");
      Objects.requireNonNull(b, "b");
    }
  }

  /** a·b + c with one rounding ({@code Math.fma}, {@code fma}/{@code fmaf}). */
  record Fma(Expr a, Expr b, Expr c) implements Expr {
    public Fma {
      Objects.requireNonNull(a, "a");
      Objects.requireNonNull(b, "b");
      Objects.requireNonNull(c, "c");
    }
  }

  /** A boolean comparison, only valid as the condition of a {@link Select}. */
  record Compare(Cmp op, Expr a, Expr b) implements Expr {
    public Compare {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(a, "a");
      Objects.requireNonNull(b, "b");
    }
  }

  /** {@code cond ? a : b}; both branches are evaluated by value semantics (they have no side effects). */
  record Select(Compare cond, Expr a, Expr b) implements Expr {
    public Select {
      Objects.requireNonNull(cond, "cond");
      Objects.requireNonNull(a, "a");
      Objects.requireNonNull(b, "b");
    }
  }

  // ---- construction helpers (for the spec catalogue) ----

  static Var var(String name) {
    return new Var(name);
  }

  static Param param(String name) {
    return new Param(name);
  }

  static Const num(double value) {
    return new Const(value);
  }

  static Derived derived(Expr value) {
    return new Derived(value);
  }

  static Expr add(Expr a, Expr b) {
    return new Binary(Op2.ADD, a, b);
  }

  static Expr sub(Expr a, Expr b) {
    return new Binary(Op2.SUB, a, b);
  }

  static Expr mul(Expr a, Expr b) {
    return new Binary(Op2.MUL, a, b);
  }

  static Expr div(Expr a, Expr b) {
    return new Binary(Op2.DIV, a, b);
  }

  static Expr min(Expr a, Expr b) {
    return new Binary(Op2.MIN, a, b);
  }

  static Expr max(Expr a, Expr b) {
    return new Binary(Op2.MAX, a, b);
  }

  static Expr pow(Expr a, Expr b) {
    return new Binary(Op2.POW, a, b);
  }

  static Expr neg(Expr a) {
    return new Unary(Op1.NEG, a);
  }

  static Expr abs(Expr a) {
    return new Unary(Op1.ABS, a);
  }

  static Expr exp(Expr a) {
    return new Unary(Op1.EXP, a);
  }

  static Expr log(Expr a) {
    return new Unary(Op1.LOG, a);
  }

  static Expr sqrt(Expr a) {
    return new Unary(Op1.SQRT, a);
  }

  static Expr atan(Expr a) {
    return new Unary(Op1.ATAN, a);
  }

  static Expr sin(Expr a) {
    return new Unary(Op1.SIN, a);
  }

  static Expr cos(Expr a) {
    return new Unary(Op1.COS, a);
  }

  static Expr signum(Expr a) {
    return new Unary(Op1.SIGNUM, a);
  }

  static Expr erfc(Expr a) {
    return new Unary(Op1.ERFC, a);
  }

  static Expr fma(Expr a, Expr b, Expr c) {
    return new Fma(a, b, c);
  }

  static Compare lt(Expr a, Expr b) {
    return new Compare(Cmp.LT, a, b);
  }

  static Compare le(Expr a, Expr b) {
    return new Compare(Cmp.LE, a, b);
  }

  static Compare gt(Expr a, Expr b) {
    return new Compare(Cmp.GT, a, b);
  }

  static Compare ge(Expr a, Expr b) {
    return new Compare(Cmp.GE, a, b);
  }

  static Expr select(Compare cond, Expr a, Expr b) {
    return new Select(cond, a, b);
  }
}
