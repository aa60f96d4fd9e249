package org.neurospark.snn.train;

import org.neurospark.snn.autograd.GradMode;
import org.neurospark.snn.data.Batch;
import org.neurospark.snn.data.BatchSource;
import org.neurospark.snn.data.EpochOrder;
import org.neurospark.snn.encoding.InputEncoder;
import org.neurospark.snn.loss.Loss;
import org.neurospark.snn.loss.Losses;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.StorageScope;
import org.neurospark.snn.tensor.Tensor;

/**
 * Evaluation as a function: the first {@code n} samples of a {@link BatchSource} in order, in batches, in eval mode
 * without gradients; per batch the input encoder is seeded with {@link StepSeeds#evaluation} and the model's state
 * is reset after it. The model's training flag is restored afterwards. On a device backend every batch gives back
 * at its end the storages it allocated that the model, loss, encoder and data source do not reach (the batch,
 * activations, outputs, the loss; {@link StepStorage}'s rule), so evaluation's device memory stays flat instead of
 * waiting for the collector.
 */
public final class Evaluation {
  private Evaluation() {}

  /** Called after each batch: batches done, total batches, samples done. */
  @FunctionalInterface
  public interface Progress {
    void batchDone(int done, int total, long samples);
  }

  /**
   * Evaluates {@code model} on samples {@code 0 .. n-1} of {@code data}.
   *
   * @param batchSize samples per batch
   * @param seed run seed (only stochastic encoders use it)
   * @param progress called after every batch, or null
   */
  public static EvalResult evaluate(Module model, BatchSource data, int n, int batchSize, Loss loss,
      InputEncoder encoder, long seed, Progress progress) {
    if (n < 0 || n > data.size()) {
      throw new IllegalArgumentException("cannot evaluate " + n + " of " + data.size() + " samples");
    }
    boolean wasTraining = model.isTraining();
    model.eval();
    EpochOrder order = new EpochOrder(seed, n, batchSize, false);
    int[] idx = order.order(0);
    int classes = data.numClasses();
    long[][] confusion = new long[classes][classes];
    double sum = 0;
    long ok = 0;
    long t0 = System.nanoTime();
    int batches = order.batches();
    StepStorage storage = new StepStorage();
    Object[] roots = {model, loss, encoder, data};
    try (GradMode.Scope s = GradMode.noGrad()) {
      for (int k = 0; k < batches; k++) {
        int from = order.batchStart(k);
        int b = order.batchLength(k);
        try (StorageScope scope = StorageScope.open()) {
          Batch batch = data.batch(idx, from, b);
          Tensor xs = encoder.encode(batch.inputs(), new Rng(StepSeeds.evaluation(seed, k).encoder()));
          Tensor out = model.forward(xs);
          sum += loss.compute(out, batch.labels()).item() * b;
          int[] pred = Losses.predict(out);
          for (int i = 0; i < b; i++) {
            confusion[batch.labels()[i]][pred[i]]++;
            if (pred[i] == batch.labels()[i]) {
              ok++;
            }
          }
          model.reset();
          storage.end(scope, roots);
        }
        if (progress != null) {
          progress.batchDone(k + 1, batches, (long) from + b);
        }
      }
    } finally {
      model.train(wasTraining);
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    return new EvalResult(n, sum / Math.max(1, n), (double) ok / Math.max(1, n), n / secs, confusion);
  }
}
