package org.neurospark.snn.tensor;

import org.neurospark.snn.autograd.Function;
import org.neurospark.snn.autograd.FunctionContext;

/** Differentiable reductions (package internal; reached through {@link Tensor}). */
final class Reductions {
  private Reductions() {}

  static int[] normDims(int[] dims, int rank) {
    boolean[] seen = new boolean[rank];
    int[] r = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      r[i] = Shapes.dim(dims[i], rank);
      if (seen[r[i]]) {
        throw new IllegalArgumentException("dimension " + dims[i] + " repeated in reduction");
      }
      seen[r[i]] = true;
    }
    java.util.Arrays.sort(r);
    return r;
  }

  static int[] keptShape(int[] shape, int[] dims) {
    int[] k = shape.clone();
    for (int d : dims) {
      k[d] = 1;
    }
    return k;
  }

  static int[] droppedShape(int[] shape, int[] dims) {
    int[] r = new int[shape.length - dims.length];
    int j = 0;
    int p = 0;
    for (int i = 0; i < shape.length; i++) {
      if (p < dims.length && dims[p] == i) {
        p++;
      } else {
        r[j++] = shape[i];
      }
    }
    return r;
  }

  /** Sum over dims with keepdim shape, no autograd. */
  static Tensor rawSum(Tensor a, int[] dims) {
    int[] nd = normDims(dims, a.dim());
    Tensor out = Tensor.zeros(a.backend(), a.dtype(), keptShape(a.shape(), nd));
    a.backend().sum(a, nd, out);
    return out;
  }

  static Tensor sum(Tensor a, int[] dims, boolean keepDim) {
    return new Sum(normDims(dims, a.dim()), keepDim, false).apply1(a);
  }

  static Tensor mean(Tensor a, int[] dims, boolean keepDim) {
    return new Sum(normDims(dims, a.dim()), keepDim, true).apply1(a);
  }

  static final class Sum extends Function {
    private final int[] dims;
    private final boolean keep;
    private final boolean mean;

    Sum(int[] dims, boolean keep, boolean mean) {
      this.dims = dims;
      this.keep = keep;
      this.mean = mean;
    }

    @Override
    public String name() {
      return mean ? "Mean" : "Sum";
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      Tensor a = in[0];
      int[] shape = a.shape();
      ctx.put("s", shape);
      Tensor out = Tensor.zeros(a.backend(), a.dtype(), keptShape(shape, dims));
      a.backend().sum(a, dims, out);
      if (mean) {
        long n = 1;
        for (int d : dims) {
          n *= shape[d];
        }
        Tensor m = Tensor.zeros(a.backend(), a.dtype(), out.shape());
        a.backend().unary(UnaryOp.MUL_SCALAR, 1.0 / n, out, m);
        out = m;
      }
      if (!keep) {
        out = new Tensor(out.storage(), droppedShape(shape, dims),
            Shapes.contiguousStrides(droppedShape(shape, dims)), 0);
      }
      return new Tensor[] {out};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... go) {
      int[] s = ctx.get("s");
      Tensor g = go[0].reshape(keptShape(s, dims));
      if (mean) {
        long n = 1;
        for (int d : dims) {
          n *= s[d];
        }
        g = g.mul(1.0 / n);
      }
      Tensor r = Tensor.zeros(g.backend(), g.dtype(), s);
      r.backend().copy(ShapeOps.expandView(g, s), r);
      return new Tensor[] {r};
    }
  }

  static Tensor max(Tensor a, int dim, boolean keepDim) {
    return new Max(Shapes.dim(dim, a.dim()), keepDim).apply1(a);
  }

  static Tensor argmax(Tensor a, int dim, boolean keepDim) {
    int d = Shapes.dim(dim, a.dim());
    int[] ks = keptShape(a.shape(), new int[] {d});
    Tensor out = Tensor.zeros(a.backend(), a.dtype(), ks);
    Tensor arg = Tensor.zeros(a.backend(), DType.INT32, ks);
    a.backend().max(a, d, out, arg);
    return keepDim ? arg : arg.reshape(droppedShape(a.shape(), new int[] {d}));
  }

  /** Max over a dim; backward scatters into the first maximum through the INT32 argmax on the backend. */
  static final class Max extends Function {
    private final int d;
    private final boolean keep;

    Max(int d, boolean keep) {
      this.d = d;
      this.keep = keep;
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      Tensor a = in[0];
      int[] s = a.shape();
      int[] ks = keptShape(s, new int[] {d});
      Tensor out = Tensor.zeros(a.backend(), a.dtype(), ks);
      Tensor arg = Tensor.zeros(a.backend(), DType.INT32, ks);
      a.backend().max(a, d, out, arg);
      ctx.put("s", s);
      ctx.put("arg", arg);
      if (!keep) {
        int[] ds = droppedShape(s, new int[] {d});
        out = new Tensor(out.storage(), ds, Shapes.contiguousStrides(ds), 0);
      }
      return new Tensor[] {out};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... go) {
      int[] s = ctx.get("s");
      Tensor arg = ctx.get("arg");
      Tensor g = go[0].reshape(arg.shape());
      Tensor r = Tensor.zeros(g.backend(), g.dtype(), s);
      r.backend().scatter(r, d, arg, g);
      return new Tensor[] {r};
    }
  }
}
