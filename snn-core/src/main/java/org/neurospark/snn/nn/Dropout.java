package org.neurospark.snn.nn;

import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.Tensor;

/**
 * {@code layer.Dropout(p)} / {@code layer.Dropout2d(p)}: the mask (0 or 1/(1−p); Dropout2d: one per channel, shape
 * {@code [N, C, 1, 1]}) is drawn once per sequence — from the first step in 'm', on the first call in 's' — and
 * reused for every time step until {@link #reset()}. Identity in eval mode. Masks come from the {@link
 * org.neurospark.snn.tensor.Philox} stream keyed by the seed ({@link Backend#dropoutMask}), drawn on the input's
 * backend; each mask continues the stream where the previous one ended, and {@link #reseed} restarts it.
 */
public final class Dropout extends Module implements Stochastic {
  private final double p;
  private final boolean channelWise;
  /** Key of the mask stream: the seed. */
  private long key;
  /** Stream position of the next mask's first element (a multiple of 4: every mask starts a Philox block). */
  private long offset;
  private Tensor mask;

  public Dropout(double p, boolean channelWise, long seed) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
    }
    this.p = p;
    this.channelWise = channelWise;
    this.key = seed;
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
    key = seed;
    offset = 0;
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
      // drawn on the input's backend from the counter-based stream (Philox4x32-10): the same mask on every backend
      mask = Tensor.zeros(x.backend(), x.dtype(), ms);
      x.backend().dropoutMask(key, offset, p, mask);
      offset += (mask.numel() + 3L) & ~3L;
    }
    return x.mul(mask);
  }

  @Override
  protected String extraRepr() {
    return "p=" + p + ", step_mode=" + stepMode();
  }
}
