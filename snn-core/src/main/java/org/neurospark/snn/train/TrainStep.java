package org.neurospark.snn.train;

import java.util.Objects;
import org.neurospark.snn.data.Batch;
import org.neurospark.snn.encoding.InputEncoder;
import org.neurospark.snn.loss.Loss;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.optim.Optimizer;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;

/**
 * One surrogate-gradient optimisation step of SpikingJelly's classification loop, the single implementation the
 * trainer, the benchmark and the conformance runner share: reseed the stochastic layers, encode the batch to
 * {@code [T, N, ...]}, forward in multi-step mode, loss, zero grads, backward, optimizer update,
 * {@code reset_net}. Returns a {@link StepResult} holding tensors, not values, so a step does not force a host
 * read; the caller decides when to look ({@link StepMetrics}).
 *
 * <p>The model must be in training mode and multi-step ('m') mode, as {@link org.neurospark.snn.models.ModelZoo}
 * builds it. Not thread-safe: one step at a time per instance (and per model).
 */
public final class TrainStep {
  private final Module model;
  private final Loss loss;
  private final InputEncoder encoder;
  private final Optimizer optimizer;

  /**
   * @param optimizer updates the model's parameters; null for a step that only computes gradients
   *     ({@link #computeGradients}; {@link #step} then throws)
   */
  public TrainStep(Module model, Loss loss, InputEncoder encoder, Optimizer optimizer) {
    this.model = Objects.requireNonNull(model, "model");
    this.loss = Objects.requireNonNull(loss, "loss");
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    this.optimizer = optimizer;
  }

  public Module model() {
    return model;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  public Loss loss() {
    return loss;
  }

  public InputEncoder encoder() {
    return encoder;
  }

  /** One optimizer step on a batch; the model's recurrent state is reset afterwards. */
  public StepResult step(Batch batch, StepSeeds seeds) {
    if (optimizer == null) {
      throw new IllegalStateException("this TrainStep has no optimizer: use computeGradients");
    }
    StepResult r = computeGradients(batch, seeds);
    long c = System.nanoTime();
    optimizer.step();
    model.reset();
    long d = System.nanoTime();
    return new StepResult(r.lossTensor(), r.output(), r.labels(), r.forwardNanos(), r.backwardNanos(), d - c);
  }

  /**
   * Forward, loss and backward without an update: every parameter's {@code grad()} holds ∂loss/∂parameter and the
   * model keeps its recurrent state and buffers as the forward left them (for inspection; call
   * {@code model().reset()} before the next forward).
   */
  public StepResult computeGradients(Batch batch, StepSeeds seeds) {
    long a = System.nanoTime();
    model.reseed(seeds.model());
    Tensor xs = encoder.encode(batch.inputs(), new Rng(seeds.encoder()));
    Tensor out = model.forward(xs);
    Tensor l = loss.compute(out, batch.labels());
    long b = System.nanoTime();
    if (optimizer != null) {
      optimizer.zeroGrad();
    } else {
      model.zeroGrad();
    }
    l.backward();
    long c = System.nanoTime();
    // the labels are copied: callers refill their batch arrays while results wait in StepMetrics
    return new StepResult(l.detach(), out.detach(), batch.labels().clone(), b - a, c - b, 0);
  }
}
