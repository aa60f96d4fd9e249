package org.neurospark.snn.nn;

import org.neurospark.snn.autograd.GradMode;
import org.neurospark.snn.tensor.NN;
import org.neurospark.snn.tensor.Tensor;

/**
 * {@code layer.BatchNorm1d/2d} (eps 1e-5, momentum 0.1, affine, running statistics). In training it normalises with
 * the batch statistics over every dim but C (in step mode 'm' over T·N as well), updates {@code running_mean},
 * {@code running_var} (unbiased) and {@code num_batches_tracked}; in eval it uses the running statistics. The state
 * dict holds {@code weight, bias, running_mean, running_var, num_batches_tracked} (the last a counter buffer,
 * {@link Module#registerCounter}, saved as an I64 scalar).
 *
 * <p>A T-broadcast input in step mode 'm' ({@link Module#isTimeBroadcast}) is normalised once over its
 * {@code [N, C, *]} step: the mean and biased variance over N·H·W of one step equal those over T·N·H·W of T equal
 * steps, only the unbiased running-variance factor n/(n−1) uses n = T·N·H·W. Backward matches too: with G the
 * sum over T of the output gradients and x̂ the normalised step, the repeated computation's input gradient summed
 * over T is {@code Σ_t invstd·w·(g_t − mean_TN(g) − x̂·mean_TN(g·x̂))}
 * {@code = invstd·w·(G − mean_N(G) − x̂·mean_N(G·x̂))} (as {@code T·mean_TN(g) = mean_N(G)}), which is batch-norm
 * backward over N applied to G (and the weight and bias gradients are sums either way).
 */
public final class BatchNorm extends Module {
  private final int features;
  private final int spatialDims;
  private final double eps;
  private final double momentum;

  /**
   * @param spatialDims 0 or 1 for BatchNorm1d ([N, C] or [N, C, L]), 2 for BatchNorm2d ([N, C, H, W])
   */
  public BatchNorm(int features, int spatialDims, double eps, double momentum) {
    if (features < 1 || spatialDims < 0 || spatialDims > 2) {
      throw new IllegalArgumentException("BatchNorm needs features >= 1 and 0..2 spatial dims");
    }
    this.features = features;
    this.spatialDims = spatialDims;
    this.eps = eps;
    this.momentum = momentum;
    registerParameter("weight", Tensor.ones(features));
    registerParameter("bias", Tensor.zeros(features));
    registerBuffer("running_mean", Tensor.zeros(features));
    registerBuffer("running_var", Tensor.ones(features));
    registerCounter("num_batches_tracked");
  }

  /** BatchNorm2d(features) with PyTorch defaults. */
  public static BatchNorm bn2d(int features) {
    return new BatchNorm(features, 2, 1e-5, 0.1);
  }

  /** BatchNorm1d(features) with PyTorch defaults (input [N, C] or [N, C, L]). */
  public static BatchNorm bn1d(int features) {
    return new BatchNorm(features, 1, 1e-5, 0.1);
  }

  public Tensor weight() {
    return param("weight");
  }

  public Tensor bias() {
    return param("bias");
  }

  public Tensor runningMean() {
    return buffer("running_mean");
  }

  public Tensor runningVar() {
    return buffer("running_var");
  }

  /** Training-mode forward calls so far (the {@code num_batches_tracked} buffer; reads it back from its backend). */
  public long numBatchesTracked() {
    return (long) buffer("num_batches_tracked").item();
  }

  @Override
  protected boolean timeInvariant() {
    return true;
  }

  @Override
  protected Tensor doForward(Tensor x) {
    int d = stepMode() == 'm' ? x.dim() - 1 : x.dim();
    boolean ok = spatialDims == 2 ? d == 4 : (d == 2 || d == 3);
    if (!ok) {
      throw new IllegalArgumentException((spatialDims == 2 ? "BatchNorm2d" : "BatchNorm1d") + " in step mode '"
          + stepMode() + "' got " + java.util.Arrays.toString(x.shape()));
    }
    return seqToAnn(x, (v, repeats) -> {
      if (v.size(1) != features) {
        throw new IllegalArgumentException("BatchNorm(" + features + ") got " + v.size(1) + " channels");
      }
      if (isTraining()) {
        try (GradMode.Scope s = GradMode.noGrad()) {
          buffer("num_batches_tracked").add_(1.0); // on the counter's backend; exact up to 2^53
        }
      }
      return NN.batchNorm(v, buffer("running_mean"), buffer("running_var"), param("weight"), param("bias"),
          isTraining(), momentum, eps, repeats);
    });
  }

  @Override
  protected String extraRepr() {
    return features + ", eps=" + eps + ", momentum=" + momentum + ", affine=True, track_running_stats=True"
        + ", step_mode=" + stepMode();
  }
}
