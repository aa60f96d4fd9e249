package org.neurospark.snn.nn;

import org.neurospark.snn.tensor.Init;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;

/**
 * {@code layer.Dropout(p)} / {@code layer.Dropout2d(p)}: the mask (0 or 1/(1−p); Dropout2d: one per channel, shape
 * {@code [N, C, 1, 1]}) is drawn once per sequence — from the first step in 'm', on the first call in 's' — and
 * reused for every time step until {@link #reset()}. Identity in eval mode.
 */
public final class Dropout extends Module implements Stochastic {
  private final double p;
  private final boolean channelWise;
  private Rng rng;
  private Tensor mask;

  public Dropout(double p, boolean channelWise, long seed) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
    }
    this.p = p;
    this.channelWise = channelWise;
    this.rng = new Rng(seed);
  }

  /** Dropout(p). */
  public static Dropout dropout(double p, long seed) {
    return new Dropout(p, false, seed);
  }

  /** Dropout2d(p). */
  public static Dropout dropout2d(double p, long seed) {
    return new Dropout(p, true, seed);
  }

  @Override
  public void reseed(long seed) {
    rng = new Rng(seed);
  }

  @Override
  protected void resetState() {
    mask = null;
  }

  /** The current mask (null before the first training call after a reset). */
  public Tensor mask() {
    return mask;
  }

  @Override
  protected Tensor doForward(Tensor x) {
    if (!isTraining() || p == 0) {
      return x;
    }
    int[] step = stepMode() == 'm' ? java.util.Arrays.copyOfRange(x.shape(), 1, x.dim()) : x.shape();
    if (mask == null) {
      int[] ms = step.clone();
      if (channelWise) {
        if (ms.length < 3) {
          throw new IllegalArgumentException("Dropout2d expects [N, C, H, W] steps, got "
              + java.util.Arrays.toString(step));
        }
        for (int i = 2; i < ms.length; i++) {
          ms[i] = 1;
        }
      }
      // drawn from the host RNG, then uploaded to the input's backend (one transfer per mask)
      mask = Init.dropoutMask(rng, p, x.dtype(), ms).to(x.backend());
    }
    return x.mul(mask);
  }

  @Override
  protected String extraRepr() {
    return "p=" + p + ", step_mode=" + stepMode();
  }
}
