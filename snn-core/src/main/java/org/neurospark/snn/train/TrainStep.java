package org.neurospark.snn.train;

import java.util.Objects;
import org.neurospark.snn.data.Batch;
import org.neurospark.snn.encoding.InputEncoder;
import org.neurospark.snn.loss.Loss;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.optim.Optimizer;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.StorageScope;
import org.neurospark.snn.tensor.Tensor;

/**
 * One surrogate-gradient optimisation step of SpikingJelly's classification loop, the single implementation the
 * trainer, the benchmark and the conformance runner share: reseed the stochastic layers, encode the batch to
 * {@code [T, N, ...]}, forward in multi-step mode, loss, zero grads, backward, optimizer update,
 * {@code reset_net}. Returns a {@link StepResult} holding tensors, not values, so a step does not force a host
 * read; the caller decides when to look ({@link StepMetrics}).
 *
 * <p>Memory: every device storage the step allocates (not {@link org.neurospark.snn.tensor.Storage#gcManaged()
 * garbage-collected}: CPU arrays are left to the collector) is released at its end unless the model, optimizer,
 * loss or encoder still reach it or it is the loss / output handed over in the {@link StepResult}
 * ({@link StepStorage} states the rule), so on a device backend a step gives its activations, saved tensors and
 * intermediate gradients back at once. A step that throws releases nothing (its storages are left to the
 * collector / the backend's cleaner). Keep tensors a step produces that must outlive it reachable from one of those four (a monitor or hook on
 * the model is), or copy them out of the result before it is {@link StepResult#release() released}.
 *
 * <p>The model must be in training mode and multi-step ('m') mode, as {@link org.neurospark.snn.models.ModelZoo}
 * builds it. Not thread-safe: one step at a time per instance (and per model).
 */
public final class TrainStep {
  private final Module model;
  private final Loss loss;
  private final InputEncoder encoder;
  private final Optimizer optimizer;
  private final StepStorage storage = new StepStorage();

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
    try (StorageScope scope = StorageScope.open()) {
      StepResult r = gradients(batch, seeds);
      long c = System.nanoTime();
      optimizer.step();
      model.reset();
      boolean[] owns = storage.end(scope, roots(), r.lossTensor(), r.output());
      long d = System.nanoTime();
      return new StepResult(r.lossTensor(), r.output(), r.labels(), r.forwardNanos(), r.backwardNanos(), d - c,
          owns[0], owns[1]);
    }
  }

  private Object[] roots() {
    return new Object[] {model, optimizer, loss, encoder};
  }

  /** Storages kept at the end of the last step because the model, optimizer, loss or encoder reach them. */
  public int keptStorages() {
    return storage.carried();
  }

  /** Storages released at the end of steps so far (see {@link StepStorage}). */
  public long releasedStorages() {
    return storage.released();
  }

  /**
   * Forward, loss and backward without an update: every parameter's {@code grad()} holds ∂loss/∂parameter and the
   * model keeps its recurrent state and buffers as the forward left them (for inspection; call
   * {@code model().reset()} before the next forward).
   */
  public StepResult computeGradients(Batch batch, StepSeeds seeds) {
    try (StorageScope scope = StorageScope.open()) {
      StepResult r = gradients(batch, seeds);
      boolean[] owns = storage.end(scope, roots(), r.lossTensor(), r.output());
      return new StepResult(r.lossTensor(), r.output(), r.labels(), r.forwardNanos(), r.backwardNanos(), 0, owns[0],
          owns[1]);
    }
  }

  private StepResult gradients(Batch batch, StepSeeds seeds) {
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
