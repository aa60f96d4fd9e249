package org.neurospark.snn.tensor;

import java.util.Arrays;
import org.neurospark.snn.autograd.Function;
import org.neurospark.snn.autograd.FunctionContext;
import org.neurospark.snn.autograd.GradMode;

/**
 * Differentiable neural-network operations with PyTorch semantics ({@code torch.nn.functional}). Image tensors
 * are {@code [N, C, H, W]} (multi-step {@code [T, N, C, H, W]} inputs are flattened to {@code [T·N, C, H, W]} by
 * the caller), sequences {@code [N, C, L]}.
 */
public final class NN {
  private NN() {}

  /** y = x Wᵀ + b over the last dim: x {@code [*, in]}, w {@code [out, in]}, b {@code [out]} or null. */
  public static Tensor linear(Tensor x, Tensor w, Tensor b) {
    return Linalg.linear(x, w, b);
  }

  /**
   * 2-D convolution (cross-correlation like PyTorch): x {@code [N, C, H, W]}, w {@code [Co, C/groups, kh, kw]},
   * bias {@code [Co]} or null; output {@code [N, Co, Ho, Wo]}.
   */
  public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, ConvParams p) {
    Elementwise.checkSame(x, w);
    if (x.dim() != 4 || w.dim() != 4) {
      throw new IllegalArgumentException("conv2d expects x [N, C, H, W] and weight [Co, C/groups, kh, kw]; got "
          + Arrays.toString(x.shape()) + " and " + Arrays.toString(w.shape()));
    }
    Tensor y = new Conv2d(p).apply1(x, w);
    if (bias != null) {
      if (bias.dim() != 1 || bias.size(0) != w.size(0)) {
        throw new IllegalArgumentException("conv2d bias must be [" + w.size(0) + "], got "
            + Arrays.toString(bias.shape()));
      }
      y = y.add(bias.reshape(1, -1, 1, 1));
    }
    return y;
  }

  /** 2-D convolution with equal stride/padding on both axes, dilation 1, one group. */
  public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int stride, int padding) {
    return conv2d(x, w, bias, ConvParams.of(stride, padding, 1, 1));
  }

  /** 1-D convolution: x {@code [N, C, L]}, w {@code [Co, C/groups, k]}, bias {@code [Co]} or null. */
  public static Tensor conv1d(Tensor x, Tensor w, Tensor bias, int stride, int padding, int dilation, int groups) {
    if (x.dim() != 3 || w.dim() != 3) {
      throw new IllegalArgumentException("conv1d expects x [N, C, L] and weight [Co, C/groups, k]; got "
          + Arrays.toString(x.shape()) + " and " + Arrays.toString(w.shape()));
    }
    ConvParams p = new ConvParams(1, stride, 0, padding, 1, dilation, groups);
    return conv2d(x.unsqueeze(2), w.unsqueeze(2), bias, p).squeeze(2);
  }

  static final class Conv2d extends Function {
    private final ConvParams p;

    Conv2d(ConvParams p) {
      this.p = p;
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      Tensor x = in[0].contiguous();
      Tensor w = in[1].contiguous();
      int ho = ConvParams.outSize(x.size(2), w.size(2), p.strideH(), p.padH(), p.dilationH());
      int wo = ConvParams.outSize(x.size(3), w.size(3), p.strideW(), p.padW(), p.dilationW());
      Tensor out = Tensor.zeros(x.backend(), x.dtype(), x.size(0), w.size(0), ho, wo);
      x.backend().conv2d(x, w, p, out);
      ctx.saveForBackward(x, w);
      return new Tensor[] {out};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
      Tensor[] s = ctx.savedTensors();
      Tensor gx = null;
      Tensor gw = null;
      if (ctx.needsInputGrad(0)) { // both kernels overwrite their output
        gx = Tensor.empty(s[0].backend(), s[0].dtype(), s[0].shape());
        gx.backend().conv2dBackwardInput(g[0], s[1], p, gx);
      }
      if (ctx.needsInputGrad(1)) {
        gw = Tensor.empty(s[1].backend(), s[1].dtype(), s[1].shape());
        gw.backend().conv2dBackwardWeight(g[0], s[0], p, gw);
      }
      return new Tensor[] {gx, gw};
    }
  }

  private static void check4d(String op, Tensor x) {
    if (x.dim() != 4) {
      throw new IllegalArgumentException(op + " expects [N, C, H, W], got " + Arrays.toString(x.shape()));
    }
  }

  /** Max pooling (floor mode, -inf padding) of {@code [N, C, H, W]}. */
  public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) {
    return maxPool2d(x, PoolParams.of(kernel, stride, padding));
  }

  /** Max pooling with explicit geometry. */
  public static Tensor maxPool2d(Tensor x, PoolParams p) {
    check4d("maxPool2d", x);
    return new Pool(p, 0).apply1(x);
  }

  /** Average pooling (floor mode, padded zeros counted) of {@code [N, C, H, W]}. */
  public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding) {
    return avgPool2d(x, PoolParams.of(kernel, stride, padding));
  }

  /** Average pooling with explicit geometry. */
  public static Tensor avgPool2d(Tensor x, PoolParams p) {
    check4d("avgPool2d", x);
    return new Pool(p, 1).apply1(x);
  }

  /** Adaptive average pooling of {@code [N, C, H, W]} to {@code [N, C, outH, outW]}. */
  public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
    check4d("adaptiveAvgPool2d", x);
    if (outH < 1 || outW < 1) {
      throw new IllegalArgumentException("adaptiveAvgPool2d output size must be positive");
    }
    return new Pool(new PoolParams(outH, outW, 1, 1, 0, 0), 2).apply1(x);
  }

  static final class Pool extends Function {
    private final PoolParams p;
    private final int kind; // 0 max, 1 avg, 2 adaptive avg (kernel fields = output size)

    Pool(PoolParams p, int kind) {
      this.p = p;
      this.kind = kind;
    }

    @Override
    public String name() {
      return kind == 0 ? "MaxPool2d" : kind == 1 ? "AvgPool2d" : "AdaptiveAvgPool2d";
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      Tensor x = in[0];
      int ho;
      int wo;
      if (kind == 2) {
        ho = p.kernelH();
        wo = p.kernelW();
      } else {
        ho = ConvParams.outSize(x.size(2), p.kernelH(), p.strideH(), p.padH(), 1);
        wo = ConvParams.outSize(x.size(3), p.kernelW(), p.strideW(), p.padW(), 1);
      }
      Tensor out = Tensor.zeros(x.backend(), x.dtype(), x.size(0), x.size(1), ho, wo);
      ctx.put("s", x.shape());
      if (kind == 0) {
        Tensor arg = Tensor.zeros(x.backend(), DType.INT32, out.shape());
        x.backend().maxPool2d(x, p, out, arg);
        ctx.put("arg", arg);
        ctx.releaseWithGraph(arg); // indices only backward reads
      } else if (kind == 1) {
        x.backend().avgPool2d(x, p, out);
      } else {
        x.backend().adaptiveAvgPool2d(x, out);
      }
      return new Tensor[] {out};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
      int[] s = ctx.get("s");
      // max and average pooling's kernels overwrite gx (max: zeroes it, then scatters)
      Tensor gx = kind == 2 ? Tensor.zeros(g[0].backend(), g[0].dtype(), s)
          : Tensor.empty(g[0].backend(), g[0].dtype(), s);
      if (kind == 0) {
        Tensor arg = ctx.get("arg");
        gx.backend().maxPool2dBackward(g[0], arg, gx);
      } else if (kind == 1) {
        gx.backend().avgPool2dBackward(g[0], p, gx);
      } else {
        gx.backend().adaptiveAvgPool2dBackward(g[0], gx);
      }
      return new Tensor[] {gx};
    }
  }

  /** Softmax over {@code dim}. */
  public static Tensor softmax(Tensor x, int dim) {
    return softmaxImpl(x, dim, false);
  }

  /** Log-softmax over {@code dim} (numerically stable). */
  public static Tensor logSoftmax(Tensor x, int dim) {
    return softmaxImpl(x, dim, true);
  }

  private static Tensor softmaxImpl(Tensor x, int dim, boolean log) {
    int d = Shapes.dim(dim, Math.max(1, x.dim()));
    if (x.dim() == 0 || d == x.dim() - 1) {
      return new Softmax(log).apply1(x);
    }
    return new Softmax(log).apply1(x.transpose(d, -1)).transpose(d, -1);
  }

  static final class Softmax extends Function {
    private final boolean log;

    Softmax(boolean log) {
      this.log = log;
    }

    @Override
    public String name() {
      return log ? "LogSoftmax" : "Softmax";
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      Tensor out = Tensor.zeros(in[0].backend(), in[0].dtype(), in[0].shape());
      in[0].backend().softmax(in[0], log, out);
      ctx.saveForBackward(out);
      return new Tensor[] {out};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
      Tensor y = ctx.savedTensors()[0];
      Tensor gx = y.zerosLike();
      y.backend().softmaxBackward(g[0], y, log, gx);
      return new Tensor[] {gx};
    }
  }

  /**
   * Negative log-likelihood of class indices: logp {@code [N, C]}, target[i] in [0, C); mean over N (or sum). The
   * targets are uploaded to logp's backend; see {@link #nllLoss(Tensor, Tensor, boolean)}.
   */
  public static Tensor nllLoss(Tensor logp, int[] target, boolean mean) {
    if (logp.dim() != 2 || logp.size(0) != target.length) {
      throw new IllegalArgumentException("nllLoss expects logp [N, C] and N targets; got "
          + Arrays.toString(logp.shape()) + " and " + target.length + " targets");
    }
    return nllLoss(logp, Tensor.fromArray(logp.backend(), target, target.length), mean);
  }

  /**
   * Negative log-likelihood of class indices on the backend: logp {@code [N, C]} (floating), target an INT32 or
   * INT64 tensor {@code [N]} of class indices in [0, C) on logp's backend; the result is a scalar of logp's dtype,
   * {@code −Σ_i logp[i, target[i]]} accumulated in float64 in order of i, divided by N when {@code mean}. Forward
   * is a {@code gather}, backward a {@code scatter}: no element is read on the host.
   */
  public static Tensor nllLoss(Tensor logp, Tensor target, boolean mean) {
    if (logp.dim() != 2 || target.dim() != 1 || logp.size(0) != target.size(0)) {
      throw new IllegalArgumentException("nllLoss expects logp [N, C] and targets [N]; got "
          + Arrays.toString(logp.shape()) + " and " + Arrays.toString(target.shape()));
    }
    if (target.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException("nllLoss targets must be INT32 or INT64 class indices, got "
          + target.dtype());
    }
    if (target.backend() != logp.backend()) {
      throw new IllegalArgumentException("nllLoss: targets on " + target.backend().name() + ", logp on "
          + logp.backend().name());
    }
    return new Nll(target.unsqueeze(1), mean).apply1(logp);
  }

  static final class Nll extends Function {
    /** Targets as {@code [N, 1]} indices along dim 1. */
    private final Tensor index;
    private final boolean mean;

    Nll(Tensor index, boolean mean) {
      this.index = index;
      this.mean = mean;
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      Tensor lp = in[0];
      Backend be = lp.backend();
      int n = index.size(0);
      ctx.put("s", lp.shape());
      Tensor picked = Tensor.zeros(be, lp.dtype(), n, 1);
      be.gather(lp, 1, index, picked);
      // −Σ logp in float64: Σ(−x) from 0 in order equals the sequential 0 − x0 − x1 − … bit for bit
      Tensor wide = Tensor.zeros(be, DType.FLOAT64, n, 1);
      be.copy(picked, wide);
      Tensor neg = Tensor.zeros(be, DType.FLOAT64, n, 1);
      be.unary(UnaryOp.NEG, 0, wide, neg);
      Tensor s = Tensor.zeros(be, DType.FLOAT64, 1, 1);
      be.sum(neg, new int[] {0, 1}, s);
      if (mean) {
        Tensor q = Tensor.zeros(be, DType.FLOAT64, 1, 1);
        be.binary(BinaryOp.DIV, s, Tensor.full(be, Math.max(1, n), DType.FLOAT64, 1, 1), q);
        s = q;
      }
      Tensor out = Tensor.zeros(be, lp.dtype());
      be.copy(s.reshape(), out);
      return new Tensor[] {out};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
      int[] s = ctx.get("s");
      Backend be = g[0].backend();
      int n = index.size(0);
      // −g · (1/N) in float64 (as g.item() · (1/N) on the host), then to the gradient's dtype
      Tensor gw = Tensor.zeros(be, DType.FLOAT64, g[0].shape());
      be.copy(g[0], gw);
      Tensor scaled = Tensor.zeros(be, DType.FLOAT64, g[0].shape());
      be.unary(UnaryOp.MUL_SCALAR, mean ? 1.0 / Math.max(1, n) : 1.0, gw, scaled);
      Tensor neg = Tensor.zeros(be, DType.FLOAT64, g[0].shape());
      be.unary(UnaryOp.NEG, 0, scaled, neg);
      Tensor v = Tensor.zeros(be, g[0].dtype(), g[0].shape());
      be.copy(neg, v);
      Tensor gx = Tensor.zeros(be, g[0].dtype(), s);
      be.scatter(gx, 1, index, v.reshape(1, 1).expand(n, 1));
      return new Tensor[] {gx};
    }
  }

  /** Cross-entropy of logits {@code [N, C]} against class indices, mean over N (PyTorch default). */
  public static Tensor crossEntropy(Tensor logits, int[] target) {
    return nllLoss(logSoftmax(logits, 1), target, true);
  }

  /**
   * Cross-entropy of logits {@code [N, C]} against an INT32/INT64 tensor {@code [N]} of class indices on the
   * logits' backend, mean over N.
   */
  public static Tensor crossEntropy(Tensor logits, Tensor target) {
    if (!target.dtype().isFloatingPoint()) {
      return nllLoss(logSoftmax(logits, 1), target, true);
    }
    return crossEntropyProbs(logits, target);
  }

  /**
   * Cross-entropy against class probabilities {@code [N, C]} (soft labels): mean_n −Σ_c p·log softmax(x). (Also
   * reached through {@link #crossEntropy(Tensor, Tensor)} with a floating target.)
   */
  public static Tensor crossEntropyProbs(Tensor logits, Tensor targetProbs) {
    if (!Arrays.equals(logits.shape(), targetProbs.shape()) || logits.dim() != 2) {
      throw new IllegalArgumentException("crossEntropy with probabilities needs equal [N, C] shapes; got "
          + Arrays.toString(logits.shape()) + " and " + Arrays.toString(targetProbs.shape()));
    }
    return logSoftmax(logits, 1).mul(targetProbs).sum(1, false).mean().neg();
  }

  /** Mean squared error, mean over all elements (shapes broadcast). */
  public static Tensor mseLoss(Tensor a, Tensor b) {
    Tensor d = a.sub(b);
    return d.mul(d).mean();
  }

  /**
   * Batch normalisation of {@code [N, C, *]} over all dims but 1. In training, normalises with the batch
   * statistics (biased variance) and, if running buffers are given, updates them in place without grad:
   * {@code running = (1 - momentum) running + momentum · stat} (unbiased variance, like PyTorch). In eval,
   * normalises with the running buffers. weight/bias {@code [C]} may be null.
   */
  public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
      boolean training, double momentum, double eps) {
    return batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps, 1);
  }

  /**
   * Batch normalisation of {@code x} standing for {@code repeats} identical copies of it (one step of a
   * T-broadcast {@code [T, N, C, *]} batch, repeats = T): output and batch statistics are those of x, which equal
   * those of the repeated batch, and the unbiased running-variance update uses n = repeats · numel / C.
   */
  public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
      boolean training, double momentum, double eps, int repeats) {
    if (repeats < 1) {
      throw new IllegalArgumentException("batchNorm repeats must be >= 1, got " + repeats);
    }
    if (x.dim() < 2) {
      throw new IllegalArgumentException("batchNorm expects [N, C, *], got " + Arrays.toString(x.shape()));
    }
    int c = x.size(1);
    for (Tensor t : new Tensor[] {runningMean, runningVar, weight, bias}) {
      if (t != null && (t.dim() != 1 || t.size(0) != c)) {
        throw new IllegalArgumentException("batchNorm parameters and buffers must be [" + c + "], got "
            + Arrays.toString(t.shape()));
      }
    }
    if (!training && (runningMean == null || runningVar == null)) {
      throw new IllegalArgumentException("batchNorm in eval mode needs running mean and variance");
    }
    long count = (long) repeats * (x.numel() / Math.max(c, 1));
    if (training && count <= 1) {
      throw new IllegalArgumentException("batchNorm in training needs more than one value per channel, got shape "
          + Arrays.toString(x.shape()));
    }
    BatchNormFn fn = new BatchNormFn(training, eps, runningMean, runningVar);
    Tensor y = weight == null && bias == null ? fn.apply1(x) : fn.apply1(x, weight, bias);
    if (training && runningMean != null && runningVar != null) {
      try (GradMode.Scope s = GradMode.noGrad()) {
        runningMean.mul_(1 - momentum).add_(fn.batchMean.to(runningMean.dtype()), momentum);
        runningVar.mul_(1 - momentum).add_(fn.batchVar.mul((double) count / (count - 1)).to(runningVar.dtype()),
            momentum);
      }
    }
    return y;
  }

  /** Fused batch norm over [N, C, *]: inputs (x) or (x, weight, bias) where weight or bias may be null. */
  static final class BatchNormFn extends Function {
    private final boolean training;
    private final double eps;
    private final Tensor runningMean;
    private final Tensor runningVar;
    Tensor batchMean;
    Tensor batchVar;

    BatchNormFn(boolean training, double eps, Tensor runningMean, Tensor runningVar) {
      this.training = training;
      this.eps = eps;
      this.runningMean = runningMean;
      this.runningVar = runningVar;
    }

    @Override
    public String name() {
      return "BatchNorm";
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      Tensor x = in[0].contiguous();
      Tensor w = in.length > 1 ? in[1] : null;
      Tensor b = in.length > 2 ? in[2] : null;
      int c = x.size(1);
      Tensor mean;
      Tensor var;
      if (training) {
        mean = Tensor.zeros(x.backend(), x.dtype(), c);
        var = Tensor.zeros(x.backend(), x.dtype(), c);
        x.backend().batchNormStats(x, mean, var);
        batchMean = mean;
        batchVar = var;
      } else {
        mean = runningMean.to(x.dtype()).contiguous();
        var = runningVar.to(x.dtype());
      }
      Tensor varEps = var.add(eps);
      Tensor std = varEps.sqrt();
      Tensor invstd = std.reciprocal();
      varEps.storage().release(); // op-local temporaries
      std.storage().release();
      Tensor out = Tensor.empty(x.backend(), x.dtype(), x.shape());
      x.backend().batchNormApply(x, mean, invstd, w, b, out);
      ctx.saveForBackward(x, mean, invstd, w);
      ctx.releaseWithGraph(invstd); // created here, saved only
      if (x.storage() != in[0].storage()) {
        ctx.releaseWithGraph(x); // the contiguous copy of the input
      }
      return new Tensor[] {out};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
      Tensor[] s = ctx.savedTensors();
      Tensor x = s[0];
      int c = x.size(1);
      Tensor gx = ctx.needsInputGrad(0) ? Tensor.empty(x.backend(), x.dtype(), x.shape()) : null;
      boolean hasW = ctx.numInputs() > 1;
      Tensor gw = hasW && ctx.needsInputGrad(1) && s[3] != null ? Tensor.zeros(x.backend(), x.dtype(), c) : null;
      Tensor gb = hasW && ctx.needsInputGrad(2) ? Tensor.zeros(x.backend(), x.dtype(), c) : null;
      x.backend().batchNormBackward(g[0], x, s[1], s[2], s[3], training, gx, gw, gb);
      return hasW ? new Tensor[] {gx, gw, gb} : new Tensor[] {gx};
    }
  }

  /**
   * Dropout with a fresh mask: in training {@code x · mask} with mask values 0 (prob p) or 1/(1−p); identity
   * otherwise. SpikingJelly's layers reuse one mask over time: draw it with {@link Init#dropoutMask} and multiply.
   */
  public static Tensor dropout(Tensor x, double p, boolean training, Rng rng) {
    if (!training || p == 0) {
      return x;
    }
    return x.mul(Init.dropoutMask(rng, p, x.dtype(), x.shape()));
  }
}
