package org.neurospark.snn.nn;

import org.neurospark.snn.tensor.Tensor;

/**
 * {@code layer.Flatten(start_dim=1, end_dim=-1)}; in step mode 'm' applied per {@code [T·N, *]} (to one step of a
 * T-broadcast input, which stays T-broadcast: {@link Module#isTimeBroadcast}).
 */
public final class Flatten extends Module {
  private final int start;
  private final int end;

  public Flatten() {
    this(1, -1);
  }

  public Flatten(int start, int end) {
    this.start = start;
    this.end = end;
  }

  @Override
  protected boolean timeInvariant() {
    return true;
  }

  @Override
  protected Tensor doForward(Tensor x) {
    return seqToAnn(x, v -> v.flatten(start, end < 0 ? v.dim() + end : end));
  }

  @Override
  protected String extraRepr() {
    return "start_dim=" + start + ", end_dim=" + end + ", step_mode=" + stepMode();
  }
}
