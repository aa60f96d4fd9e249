package org.neurospark.snn.nn;

import org.neurospark.snn.tensor.NN;
import org.neurospark.snn.tensor.PoolParams;
import org.neurospark.snn.tensor.Tensor;

/**
 * {@code layer.MaxPool2d}, {@code layer.AvgPool2d} and {@code layer.AdaptiveAvgPool2d} on {@code [N, C, H, W]}
 * ('s') or {@code [T, N, C, H, W]} ('m'; a T-broadcast input is computed once, see {@link Module#isTimeBroadcast}).
 */
public final class Pool2d extends Module {
  /** Pooling kinds. */
  public enum Kind { MAX, AVG, ADAPTIVE_AVG }

  private final Kind kind;
  private final PoolParams p;
  private final int outH;
  private final int outW;

  private Pool2d(Kind kind, PoolParams p, int outH, int outW) {
    this.kind = kind;
    this.p = p;
    this.outH = outH;
    this.outW = outW;
  }

  /** MaxPool2d(kernel, stride, padding). */
  public static Pool2d max(int kernel, int stride, int padding) {
    return new Pool2d(Kind.MAX, PoolParams.of(kernel, stride, padding), 0, 0);
  }

  /** AvgPool2d(kernel, stride, padding), padded zeros counted. */
  public static Pool2d avg(int kernel, int stride, int padding) {
    return new Pool2d(Kind.AVG, PoolParams.of(kernel, stride, padding), 0, 0);
  }

  /** AdaptiveAvgPool2d((outH, outW)). */
  public static Pool2d adaptiveAvg(int outH, int outW) {
    return new Pool2d(Kind.ADAPTIVE_AVG, null, outH, outW);
  }

  @Override
  protected boolean timeInvariant() {
    return true;
  }

  @Override
  protected Tensor doForward(Tensor x) {
    requireDims(x, 4, "[N, C, H, W]");
    switch (kind) {
      case MAX:
        return seqToAnn(x, v -> NN.maxPool2d(v, p));
      case AVG:
        return seqToAnn(x, v -> NN.avgPool2d(v, p));
      default:
        return seqToAnn(x, v -> NN.adaptiveAvgPool2d(v, outH, outW));
    }
  }

  @Override
  protected String extraRepr() {
    return kind == Kind.ADAPTIVE_AVG ? "output_size=(" + outH + ", " + outW + ")"
        : "kernel_size=" + p.kernelH() + ", stride=" + p.strideH() + ", padding=" + p.padH();
  }

  @Override
  public String toString() {
    String n = kind == Kind.MAX ? "MaxPool2d" : kind == Kind.AVG ? "AvgPool2d" : "AdaptiveAvgPool2d";
    return n + "(" + extraRepr() + ", step_mode=" + stepMode() + ")";
  }
}
