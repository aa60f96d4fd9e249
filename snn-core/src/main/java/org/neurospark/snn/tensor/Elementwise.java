package org.neurospark.snn.tensor;

import java.util.Arrays;
import org.neurospark.snn.autograd.Function;
import org.neurospark.snn.autograd.FunctionContext;

/** Differentiable element-wise operations (package internal; reached through {@link Tensor}). */
final class Elementwise {
  private Elementwise() {}

  static Tensor unary(UnaryOp op, double p, Tensor a) {
    return new Unary(op, p).apply1(a);
  }

  static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
    return new Binary(op).apply1(a, b);
  }

  /** Non-differentiable unary kernel (comparisons, sign). */
  static Tensor compare(UnaryOp op, double p, Tensor a) {
    return rawUnary(op, p, a);
  }

  /** Non-differentiable binary kernel (comparisons). */
  static Tensor compare(BinaryOp op, Tensor a, Tensor b) {
    return rawBinary(op, a, b);
  }

  static Tensor rawUnary(UnaryOp op, double p, Tensor a) {
    Tensor out = Tensor.zeros(a.backend(), a.dtype(), a.shape());
    a.backend().unary(op, p, a, out);
    return out;
  }

  static Tensor rawBinary(BinaryOp op, Tensor a, Tensor b) {
    int[] s = Shapes.broadcast(a.shape(), b.shape());
    checkSame(a, b);
    Tensor out = Tensor.zeros(a.backend(), a.dtype(), s);
    a.backend().binary(op, ShapeOps.expandView(a, s), ShapeOps.expandView(b, s), out);
    return out;
  }

  static void checkSame(Tensor a, Tensor b) {
    if (a.dtype() != b.dtype()) {
      throw new IllegalArgumentException("dtype mismatch: " + a.dtype() + " vs " + b.dtype()
          + "; convert with to(DType)");
    }
    if (a.backend() != b.backend()) {
      throw new IllegalArgumentException("backend mismatch: " + a.backend().name() + " vs " + b.backend().name());
    }
  }

  /** Sums a broadcast gradient back to {@code shape}. */
  static Tensor sumTo(Tensor g, int[] shape) {
    int[] gs = g.shape();
    if (Arrays.equals(gs, shape)) {
      return g;
    }
    int lead = gs.length - shape.length;
    int[] dims = new int[gs.length];
    int n = 0;
    for (int i = 0; i < gs.length; i++) {
      if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) {
        dims[n++] = i;
      }
    }
    Tensor s = Reductions.rawSum(g, Arrays.copyOf(dims, n));
    return s.reshape(shape);
  }

  static final class Unary extends Function {
    private final UnaryOp op;
    private final double p;

    Unary(UnaryOp op, double p) {
      this.op = op;
      this.p = p;
    }

    @Override
    public String name() {
      return op.name();
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      Tensor out = rawUnary(op, p, in[0]);
      switch (op) {
        case EXP, SIGMOID, TANH, SQRT, RECIPROCAL -> ctx.saveForBackward(out);
        case RDIV_SCALAR -> ctx.saveForBackward(in[0], out);
        case LOG, RELU, ABS, SQUARE, POW_SCALAR, CLAMP_MIN, CLAMP_MAX -> ctx.saveForBackward(in[0]);
        default -> { }
      }
      return new Tensor[] {out};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... go) {
      Tensor g = go[0];
      Tensor[] s = ctx.savedTensors();
      Tensor r = switch (op) {
        case NEG -> g.neg();
        case EXP -> g.mul(s[0]);
        case LOG -> g.div(s[0]);
        case SIGMOID -> rawBinary(BinaryOp.SIGMOID_BACKWARD, g, s[0]);
        case TANH -> rawBinary(BinaryOp.TANH_BACKWARD, g, s[0]);
        case RELU -> rawBinary(BinaryOp.RELU_BACKWARD, g, s[0]);
        case SQRT -> g.div(s[0]).mul(0.5);
        case ABS -> g.mul(rawUnary(UnaryOp.SIGN, 0, s[0]));
        case SQUARE -> g.mul(s[0]).mul(2);
        case RECIPROCAL -> g.mul(s[0]).mul(s[0]).neg();
        case ADD_SCALAR -> g;
        case MUL_SCALAR -> g.mul(p);
        case RSUB_SCALAR -> g.neg();
        case RDIV_SCALAR -> g.mul(s[1]).div(s[0]).neg();
        case POW_SCALAR -> p == 0 ? g.mul(0) : g.mul(s[0].pow(p - 1)).mul(p);
        case CLAMP_MIN -> g.mul(rawUnary(UnaryOp.GE_SCALAR, p, s[0]));
        case CLAMP_MAX -> g.mul(rawUnary(UnaryOp.GT_SCALAR, p, s[0]).rsub(1));
        default -> throw new IllegalStateException(op + " has no gradient");
      };
      return new Tensor[] {r};
    }
  }

  static final class Binary extends Function {
    private final BinaryOp op;

    Binary(BinaryOp op) {
      this.op = op;
    }

    @Override
    public String name() {
      return op.name();
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      Tensor out = rawBinary(op, in[0], in[1]);
      ctx.put("a", in[0].shape());
      ctx.put("b", in[1].shape());
      switch (op) {
        case ADD, SUB -> { }
        case MUL, DIV, MAXIMUM, MINIMUM -> ctx.saveForBackward(in[0], in[1]);
        case POW -> ctx.saveForBackward(in[0], in[1], out);
        default -> throw new IllegalStateException(op + " is not differentiable");
      }
      return new Tensor[] {out};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... go) {
      Tensor g = go[0];
      int[] sa = ctx.get("a");
      int[] sb = ctx.get("b");
      Tensor[] s = ctx.savedTensors();
      Tensor ga = null;
      Tensor gb = null;
      boolean na = ctx.needsInputGrad(0);
      boolean nb = ctx.needsInputGrad(1);
      switch (op) {
        case ADD -> {
          ga = na ? g : null;
          gb = nb ? g : null;
        }
        case SUB -> {
          ga = na ? g : null;
          gb = nb ? g.neg() : null;
        }
        case MUL -> {
          ga = na ? g.mul(s[1]) : null;
          gb = nb ? g.mul(s[0]) : null;
        }
        case DIV -> {
          ga = na ? g.div(s[1]) : null;
          gb = nb ? g.mul(s[0]).div(s[1].mul(s[1])).neg() : null;
        }
        case POW -> {
          ga = na ? g.mul(s[1]).mul(s[0].pow(s[1].sub(1))) : null;
          gb = nb ? g.mul(s[2]).mul(s[0].log()) : null;
        }
        case MAXIMUM, MINIMUM -> {
          Tensor gtA = op == BinaryOp.MAXIMUM ? rawBinary(BinaryOp.GT, s[0], s[1]) : rawBinary(BinaryOp.GT, s[1], s[0]);
          Tensor eq = rawBinary(BinaryOp.EQ, s[0], s[1]).mul(0.5);
          Tensor wa = gtA.add(eq);
          ga = na ? g.mul(wa) : null;
          gb = nb ? g.mul(wa.rsub(1)) : null;
        }
        default -> throw new IllegalStateException(op + " is not differentiable");
      }
      return new Tensor[] {ga == null ? null : sumTo(ga, sa), gb == null ? null : sumTo(gb, sb)};
    }
  }
}
