package org.neurospark.snn.train;

import java.io.Serializable;
import org.neurospark.snn.tensor.Rng;

/**
 * The seeds of one step: {@code model} reseeds the stochastic layers (dropout masks, {@link
 * org.neurospark.snn.nn.Module#reseed}), {@code encoder} seeds the input encoder's generator (Poisson spikes).
 * Derived from the run seed and the batch's position, so any step can be replayed exactly (bit-exact resume).
 */
public record StepSeeds(long model, long encoder) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Training batch {@code batch} of epoch {@code epoch}: {@code (mix(seed, 2, e, b), mix(seed, 3, e, b))}. */
  public static StepSeeds training(long runSeed, int epoch, int batch) {
    return new StepSeeds(Rng.mix(runSeed, 2, epoch, batch), Rng.mix(runSeed, 3, epoch, batch));
  }

  /** Evaluation batch {@code batch}: encoder {@code mix(seed, 4, b)} (the model is not reseeded in eval mode). */
  public static StepSeeds evaluation(long runSeed, int batch) {
    return new StepSeeds(0, Rng.mix(runSeed, 4, batch));
  }
}
