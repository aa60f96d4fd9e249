package org.neurospark.snn.tensor;

import java.util.Arrays;
import org.neurospark.snn.autograd.Function;
import org.neurospark.snn.autograd.FunctionContext;

/** Differentiable matrix products (package internal; reached through {@link Tensor#matmul} and {@link NN}). */
final class Linalg {
  private Linalg() {}

  static Tensor matmul(Tensor a, Tensor b) {
    Elementwise.checkSame(a, b);
    if (a.dim() == 0 || b.dim() == 0) {
      throw new IllegalArgumentException("matmul needs at least 1-D operands");
    }
    if (a.dim() == 1) {
      return matmul(a.unsqueeze(0), b).squeeze(-2);
    }
    if (b.dim() == 1) {
      return matmul(a, b.unsqueeze(1)).squeeze(-1);
    }
    int[] sa = a.shape();
    int[] sb = b.shape();
    int m = sa[sa.length - 2];
    int k = sa[sa.length - 1];
    int n = sb[sb.length - 1];
    if (sb[sb.length - 2] != k) {
      throw new IllegalArgumentException(
          "matmul shape mismatch: " + Arrays.toString(sa) + " x " + Arrays.toString(sb));
    }
    if (b.dim() == 2) {
      int[] os = sa.clone();
      os[os.length - 1] = n;
      Tensor a2 = a.reshape(-1, k);
      return new Bmm().apply1(a2.unsqueeze(0), b.unsqueeze(0)).reshape(os);
    }
    int[] ba = Arrays.copyOf(sa, sa.length - 2);
    int[] bb = Arrays.copyOf(sb, sb.length - 2);
    int[] batch = Shapes.broadcast(ba, bb);
    int bn = Shapes.numel(batch);
    int[] ea = Arrays.copyOf(batch, batch.length + 2);
    ea[batch.length] = m;
    ea[batch.length + 1] = k;
    int[] eb = Arrays.copyOf(batch, batch.length + 2);
    eb[batch.length] = k;
    eb[batch.length + 1] = n;
    int[] os = Arrays.copyOf(batch, batch.length + 2);
    os[batch.length] = m;
    os[batch.length + 1] = n;
    Tensor a3 = a.expand(ea).reshape(bn, m, k);
    Tensor b3 = b.expand(eb).reshape(bn, k, n);
    return new Bmm().apply1(a3, b3).reshape(os);
  }

  /**
   * Batched product of 3-D tensors: out[i] = op(a[i]) op(b[i]) where op transposes the last two dims when the
   * flag is set; inputs are made contiguous.
   */
  static Tensor bmmRaw(Tensor a, boolean ta, Tensor b, boolean tb) {
    a = a.contiguous();
    b = b.contiguous();
    int[] sa = a.shape();
    int[] sb = b.shape();
    int batch = sa[0];
    int m = ta ? sa[2] : sa[1];
    int k = ta ? sa[1] : sa[2];
    int n = tb ? sb[1] : sb[2];
    Tensor out = Tensor.zeros(a.backend(), a.dtype(), batch, m, n);
    a.backend().gemmBatched(ta, tb, batch, m, n, k, 1.0, a.storage(), a.offset(), sa[2], sa[1] * sa[2],
        b.storage(), b.offset(), sb[2], sb[1] * sb[2], 0.0, out.storage(), 0, n, m * n);
    return out;
  }

  static final class Bmm extends Function {
    @Override
    public String name() {
      return "MatMul";
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      Tensor a = in[0].contiguous();
      Tensor b = in[1].contiguous();
      ctx.saveForBackward(a, b);
      return new Tensor[] {bmmRaw(a, false, b, false)};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
      Tensor[] s = ctx.savedTensors();
      Tensor ga = ctx.needsInputGrad(0) ? bmmRaw(g[0], false, s[1], true) : null;
      Tensor gb = null;
      if (ctx.needsInputGrad(1)) {
        gb = bmmRaw(s[0], true, g[0], false);
      }
      return new Tensor[] {ga, gb};
    }
  }

  /** y = x W^T + b over the last dim of x ([*, in] → [*, out]); b may be null. */
  static Tensor linear(Tensor x, Tensor w, Tensor b) {
    Elementwise.checkSame(x, w);
    if (w.dim() != 2 || x.size(-1) != w.size(1)) {
      throw new IllegalArgumentException("linear: input " + Arrays.toString(x.shape()) + " and weight "
          + Arrays.toString(w.shape()) + " do not match (weight is [out, in])");
    }
    if (b != null && (b.dim() != 1 || b.size(0) != w.size(0))) {
      throw new IllegalArgumentException("linear: bias " + Arrays.toString(b.shape()) + " must be [" + w.size(0)
          + "]");
    }
    int[] os = x.shape();
    os[os.length - 1] = w.size(0);
    Tensor x2 = x.reshape(-1, w.size(1));
    Tensor y = b == null ? new Linear().apply1(x2, w) : new Linear().apply1(x2, w, b);
    return y.reshape(os);
  }

  static final class Linear extends Function {
    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      Tensor x = in[0].contiguous();
      Tensor w = in[1].contiguous();
      int m = x.size(0);
      int k = x.size(1);
      int n = w.size(0);
      Tensor out = Tensor.zeros(x.backend(), x.dtype(), m, n);
      double beta = 0;
      if (in.length > 2) {
        out.backend().copy(ShapeOps.expandView(in[2], new int[] {m, n}), out);
        beta = 1;
      }
      x.backend().gemm(false, true, m, n, k, 1.0, x.storage(), x.offset(), k, w.storage(), w.offset(), k, beta,
          out.storage(), 0, n);
      ctx.saveForBackward(x, w);
      return new Tensor[] {out};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... go) {
      Tensor[] s = ctx.savedTensors();
      Tensor x = s[0];
      Tensor w = s[1];
      Tensor g = go[0].contiguous();
      int m = x.size(0);
      int k = x.size(1);
      int n = w.size(0);
      Tensor gx = null;
      Tensor gw = null;
      Tensor gb = null;
      if (ctx.needsInputGrad(0)) {
        gx = Tensor.empty(x.backend(), x.dtype(), m, k); // beta = 0: the GEMM ignores C's old content
        x.backend().gemm(false, false, m, k, n, 1.0, g.storage(), g.offset(), n, w.storage(), w.offset(), k, 0.0,
            gx.storage(), 0, k);
      }
      if (ctx.needsInputGrad(1)) {
        gw = Tensor.empty(x.backend(), x.dtype(), n, k);
        x.backend().gemm(true, false, n, k, m, 1.0, g.storage(), g.offset(), n, x.storage(), x.offset(), k, 0.0,
            gw.storage(), 0, k);
      }
      if (ctx.numInputs() > 2 && ctx.needsInputGrad(2)) {
        gb = Reductions.rawSum(g, new int[] {0}).reshape(n);
      }
      return ctx.numInputs() > 2 ? new Tensor[] {gx, gw, gb} : new Tensor[] {gx, gw};
    }
  }
}
