package org.neurospark.snn.nn;

import java.util.ArrayDeque;
import org.neurospark.snn.tensor.Tensor;

/**
 * {@code layer.Delay(delay_steps)}: {@code y[t] = x[t − d]}, zeros for t &lt; d. In 'm' on {@code [T, N, *]}
 * ({@code functional.delay}); in 's' a queue of the last d inputs (state, cleared by {@link #reset()}).
 */
public final class Delay extends Module {
  private final int d;
  private final ArrayDeque<Tensor> queue = new ArrayDeque<>();

  public Delay(int delaySteps) {
    if (delaySteps < 0) {
      throw new IllegalArgumentException("delay must be >= 0");
    }
    this.d = delaySteps;
  }

  /** {@code functional.delay(x_seq, d)} on {@code [T, N, *]}. */
  public static Tensor delay(Tensor xSeq, int d) {
    int t = xSeq.size(0);
    if (d == 0) {
      return xSeq;
    }
    int[] zs = xSeq.shape();
    zs[0] = Math.min(d, t);
    Tensor zeros = Tensor.zeros(xSeq.backend(), xSeq.dtype(), zs);
    if (d >= t) {
      return zeros.add(xSeq.mul(0));
    }
    return Tensor.cat(java.util.List.of(zeros, xSeq.slice(0, 0, t - d)), 0);
  }

  @Override
  protected Tensor doForward(Tensor x) {
    if (stepMode() == 'm') {
      return delay(x, d);
    }
    if (d == 0) {
      return x;
    }
    queue.addLast(x);
    if (queue.size() > d) {
      return queue.removeFirst();
    }
    return x.mul(0);
  }

  @Override
  protected void resetState() {
    queue.clear();
  }

  @Override
  protected String extraRepr() {
    return "delay_steps=" + d + ", step_mode=" + stepMode();
  }
}
