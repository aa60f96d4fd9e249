package org.neurospark.snn.nn;

import org.neurospark.snn.tensor.Tensor;

/**
 * {@code layer.VotingLayer(voting_size=10)}: average pooling with kernel = stride = v over the last dim,
 * {@code [*, C·v] → [*, C]} (a remainder shorter than v is dropped, like avg_pool1d).
 */
public final class VotingLayer extends Module {
  private final int v;

  public VotingLayer(int votingSize) {
    if (votingSize < 1) {
      throw new IllegalArgumentException("voting size must be >= 1");
    }
    this.v = votingSize;
  }

  @Override
  protected Tensor doForward(Tensor x) {
    int l = x.size(x.dim() - 1);
    int c = l / v;
    if (c < 1) {
      throw new IllegalArgumentException("VotingLayer(" + v + ") needs at least " + v + " inputs, got " + l);
    }
    Tensor y = c * v == l ? x : x.slice(x.dim() - 1, 0, c * v);
    int[] s = y.shape();
    int[] ns = java.util.Arrays.copyOf(s, s.length + 1);
    ns[s.length - 1] = c;
    ns[s.length] = v;
    return y.reshape(ns).mean(s.length, false);
  }

  @Override
  protected String extraRepr() {
    return "voting_size=" + v + ", step_mode=" + stepMode();
  }
}
