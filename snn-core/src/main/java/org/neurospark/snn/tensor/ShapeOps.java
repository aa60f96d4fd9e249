package org.neurospark.snn.tensor;

import java.util.Arrays;
import org.neurospark.snn.autograd.Function;
import org.neurospark.snn.autograd.FunctionContext;

/** Differentiable view/shape operations (package internal; reached through {@link Tensor}). */
final class ShapeOps {
  private ShapeOps() {}

  /** Strides for viewing {@code t} as {@code ns} without copying, or null when impossible. */
  static int[] viewStrides(Tensor t, int[] ns) {
    if (t.isContiguous()) {
      return Shapes.contiguousStrides(ns);
    }
    // general case (PyTorch's computeStride): match chunks of old dims that are contiguous among themselves
    int[] os = t.shape();
    int[] ost = t.strides();
    int[] st = new int[ns.length];
    int viewD = ns.length - 1;
    int chunkBase = ost.length == 0 ? 1 : ost[os.length - 1];
    long tensorNumel = 1;
    long viewNumel = 1;
    for (int d = os.length - 1; d >= 0; d--) {
      tensorNumel *= os[d];
      if (d == 0 || (os[d - 1] != 1 && ost[d - 1] != tensorNumel * chunkBase)) {
        while (viewD >= 0 && (viewNumel < tensorNumel || ns[viewD] == 1)) {
          st[viewD] = (int) (viewNumel * chunkBase);
          viewNumel *= ns[viewD];
          viewD--;
        }
        if (viewNumel != tensorNumel) {
          return null;
        }
        if (d > 0) {
          chunkBase = ost[d - 1];
          tensorNumel = 1;
          viewNumel = 1;
        }
      }
    }
    if (viewD != -1) {
      return null;
    }
    return st;
  }

  static Tensor view(Tensor t, int[] ns, boolean strict) {
    if (Arrays.equals(ns, t.shape())) {
      return new View(ns, null).apply1(t);
    }
    int[] st = viewStrides(t, ns);
    if (st == null) {
      if (strict) {
        throw new IllegalStateException("view " + Arrays.toString(ns) + " is not compatible with the strides of "
            + "this " + Arrays.toString(t.shape()) + " tensor; use reshape() or contiguous()");
      }
      return view(copy(t, t.dtype()), ns, true);
    }
    return new View(ns, st).apply1(t);
  }

  static final class View extends Function {
    private final int[] ns;
    private final int[] st;

    View(int[] ns, int[] st) {
      this.ns = ns;
      this.st = st;
    }

    @Override
    public String name() {
      return "View";
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      ctx.put("s", in[0].shape());
      int[] strides = st == null ? in[0].strides() : st;
      return new Tensor[] {new Tensor(in[0].storage(), ns, strides, in[0].offset())};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
      int[] s = ctx.get("s");
      return new Tensor[] {g[0].reshape(s)};
    }
  }

  static Tensor permute(Tensor t, int[] dims) {
    int r = t.dim();
    if (dims.length != r) {
      throw new IllegalArgumentException("permute needs " + r + " dims, got " + Arrays.toString(dims));
    }
    int[] p = new int[r];
    boolean[] seen = new boolean[r];
    for (int i = 0; i < r; i++) {
      p[i] = Shapes.dim(dims[i], r);
      if (seen[p[i]]) {
        throw new IllegalArgumentException("repeated dim in permute " + Arrays.toString(dims));
      }
      seen[p[i]] = true;
    }
    return new Permute(p).apply1(t);
  }

  static final class Permute extends Function {
    private final int[] p;

    Permute(int[] p) {
      this.p = p;
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      int[] s = in[0].shape();
      int[] st = in[0].strides();
      int[] ns = new int[p.length];
      int[] nst = new int[p.length];
      for (int i = 0; i < p.length; i++) {
        ns[i] = s[p[i]];
        nst[i] = st[p[i]];
      }
      return new Tensor[] {new Tensor(in[0].storage(), ns, nst, in[0].offset())};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
      int[] inv = new int[p.length];
      for (int i = 0; i < p.length; i++) {
        inv[p[i]] = i;
      }
      return new Tensor[] {g[0].permute(inv)};
    }
  }

  /** Raw broadcast view (no autograd), used by kernels. */
  static Tensor expandView(Tensor t, int[] target) {
    int[] s = t.shape();
    int[] st = t.strides();
    if (Arrays.equals(s, target)) {
      return t;
    }
    int lead = target.length - s.length;
    if (lead < 0) {
      throw new IllegalArgumentException("cannot expand " + Arrays.toString(s) + " to " + Arrays.toString(target));
    }
    int[] ns = new int[target.length];
    int[] nst = new int[target.length];
    for (int i = 0; i < target.length; i++) {
      int want = target[i];
      if (i < lead) {
        ns[i] = want;
        nst[i] = 0;
      } else {
        int have = s[i - lead];
        if (want == -1) {
          want = have;
        }
        if (have == want) {
          ns[i] = have;
          nst[i] = st[i - lead];
        } else if (have == 1) {
          ns[i] = want;
          nst[i] = 0;
        } else {
          throw new IllegalArgumentException(
              "cannot expand " + Arrays.toString(s) + " to " + Arrays.toString(target));
        }
      }
    }
    return new Tensor(t.storage(), ns, nst, t.offset());
  }

  static Tensor expand(Tensor t, int[] target) {
    return new Expand(target).apply1(t);
  }

  static final class Expand extends Function {
    private final int[] target;

    Expand(int[] target) {
      this.target = target;
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      ctx.put("s", in[0].shape());
      Tensor v = expandView(in[0], target);
      return new Tensor[] {v == in[0] ? in[0].alias() : v};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
      int[] s = ctx.get("s");
      return new Tensor[] {Elementwise.sumTo(g[0], s)};
    }
  }

  static Tensor select(Tensor t, int dim, int index) {
    int d = Shapes.dim(dim, t.dim());
    int n = t.shape()[d];
    int i = index < 0 ? index + n : index;
    if (i < 0 || i >= n) {
      throw new IndexOutOfBoundsException("select index " + index + " out of range for dim " + dim + " of size " + n);
    }
    return new Select(d, i).apply1(t);
  }

  static final class Select extends Function {
    private final int d;
    private final int i;

    Select(int d, int i) {
      this.d = d;
      this.i = i;
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      Tensor t = in[0];
      ctx.put("s", t.shape());
      int[] s = t.shape();
      int[] st = t.strides();
      int[] ns = new int[s.length - 1];
      int[] nst = new int[s.length - 1];
      for (int k = 0, j = 0; k < s.length; k++) {
        if (k != d) {
          ns[j] = s[k];
          nst[j++] = st[k];
        }
      }
      return new Tensor[] {new Tensor(t.storage(), ns, nst, t.offset() + i * st[d])};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
      int[] s = ctx.get("s");
      Tensor gi = Tensor.zeros(g[0].backend(), g[0].dtype(), s);
      Tensor dst = gi.select(d, i);
      gi.backend().copy(g[0], dst);
      return new Tensor[] {gi};
    }
  }

  static Tensor slice(Tensor t, int dim, int start, int end, int step) {
    int d = Shapes.dim(dim, t.dim());
    int n = t.shape()[d];
    int s = start < 0 ? start + n : start;
    int e = end < 0 ? end + n : Math.min(end, n);
    if (step < 1 || s < 0 || s > n || e < s) {
      throw new IndexOutOfBoundsException("slice [" + start + ", " + end + ") step " + step + " invalid for dim "
          + dim + " of size " + n);
    }
    return new Slice(d, s, e, step).apply1(t);
  }

  static final class Slice extends Function {
    private final int d;
    private final int s;
    private final int e;
    private final int step;

    Slice(int d, int s, int e, int step) {
      this.d = d;
      this.s = s;
      this.e = e;
      this.step = step;
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      Tensor t = in[0];
      ctx.put("s", t.shape());
      int[] ns = t.shape();
      int[] st = t.strides();
      ns[d] = (e - s + step - 1) / step;
      int off = t.offset() + s * st[d];
      st[d] *= step;
      return new Tensor[] {new Tensor(t.storage(), ns, st, off)};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
      int[] shp = ctx.get("s");
      Tensor gi = Tensor.zeros(g[0].backend(), g[0].dtype(), shp);
      Tensor dst = gi.slice(d, s, e, step);
      gi.backend().copy(g[0], dst);
      return new Tensor[] {gi};
    }
  }

  static Tensor copy(Tensor t, DType dt) {
    return new Copy(dt).apply1(t);
  }

  static final class Copy extends Function {
    private final DType dt;

    Copy(DType dt) {
      this.dt = dt;
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      ctx.put("dt", in[0].dtype());
      Tensor out = Tensor.zeros(in[0].backend(), dt, in[0].shape());
      out.backend().copy(in[0], out);
      return new Tensor[] {out};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
      DType src = ctx.get("dt");
      return new Tensor[] {g[0].dtype() == src ? g[0] : g[0].to(src)};
    }
  }

  static Tensor cat(Tensor[] ts, int dim) {
    if (ts.length == 0) {
      throw new IllegalArgumentException("cat of no tensors");
    }
    int r = ts[0].dim();
    int d = Shapes.dim(dim, r);
    int[] s0 = ts[0].shape();
    for (Tensor t : ts) {
      int[] s = t.shape();
      boolean ok = s.length == r;
      for (int k = 0; ok && k < r; k++) {
        ok = k == d || s[k] == s0[k];
      }
      if (!ok) {
        throw new IllegalArgumentException("cat: shape " + Arrays.toString(s) + " does not match "
            + Arrays.toString(s0) + " outside dim " + d);
      }
      Elementwise.checkSame(ts[0], t);
    }
    return new Cat(d).apply1(ts);
  }

  static final class Cat extends Function {
    private final int d;

    Cat(int d) {
      this.d = d;
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      int[] sizes = new int[in.length];
      int[] ns = in[0].shape();
      int total = 0;
      for (int i = 0; i < in.length; i++) {
        sizes[i] = in[i].shape()[d];
        total += sizes[i];
      }
      ns[d] = total;
      ctx.put("sizes", sizes);
      Tensor out = Tensor.zeros(in[0].backend(), in[0].dtype(), ns);
      int pos = 0;
      for (int i = 0; i < in.length; i++) {
        if (sizes[i] > 0) {
          out.backend().copy(in[i], out.slice(d, pos, pos + sizes[i]));
        }
        pos += sizes[i];
      }
      return new Tensor[] {out};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
      int[] sizes = ctx.get("sizes");
      Tensor[] r = new Tensor[sizes.length];
      int pos = 0;
      for (int i = 0; i < sizes.length; i++) {
        if (ctx.needsInputGrad(i)) {
          r[i] = g[0].slice(d, pos, pos + sizes[i]).contiguous();
        }
        pos += sizes[i];
      }
      return r;
    }
  }
}
