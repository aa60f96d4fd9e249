package org.neurospark.snn.encoding;

import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;

/**
 * Turns a batch as a {@link org.neurospark.snn.data.BatchSource} fills it into the time-major network input
 * {@code [T, N, ...]}: images {@code [N, C, H, W]} are encoded over T steps ({@link Encoders}); event frames
 * {@code [T, N, 2, H, W]} are already time-major and pass through ({@link #timeMajor()}).
 */
@FunctionalInterface
public interface InputEncoder {
  /**
   * Encodes one batch.
   *
   * @param batch the batch tensor
   * @param rng generator for stochastic encoders (Poisson), seeded per batch by the caller
   * @return {@code [T, N, ...]} float32
   */
  Tensor encode(Tensor batch, Rng rng);

  /** Identity for inputs already laid out {@code [T, N, ...]} (event frames, SpikingJelly's multi-step layout). */
  static InputEncoder timeMajor() {
    return (x, rng) -> x;
  }

  /**
   * By name: "direct", "poisson", "latency", "latency-log" (images over {@code t} steps, {@link Encoders#encode}),
   * or "frames" (time-major event frames, {@link #timeMajor()}; {@code t} is the data's).
   */
  static InputEncoder named(String name, int t) {
    if (name.equals("frames")) {
      return timeMajor();
    }
    Encoders.checkName(name);
    if (t < 1) {
      throw new IllegalArgumentException("T must be >= 1, got " + t);
    }
    return (x, rng) -> Encoders.encode(name, x, t, rng);
  }
}
