package org.neurospark.snn.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Running training metrics (sample-weighted loss sum, correct predictions, samples seen) accumulated from
 * {@link StepResult}s. Results are queued and read only when a metric is asked for, so a training loop that reports
 * every few seconds does not wait for each step's values; results are folded in step order, so sums are the same
 * whenever they are read. A folded result is {@link StepResult#release() released} (its loss and output storages
 * freed when it owns them): queue a result here only when nothing else will read its tensors. A non-finite loss is reported when it is folded in, naming the step it came from.
 */
public final class StepMetrics {
  private final List<StepResult> pending = new ArrayList<>();
  private final List<String> pendingWhere = new ArrayList<>();
  private double lossSum;
  private long correct;
  private long seen;

  /** Queues a step's result; {@code where} names the step in errors ("epoch 3 batch 17"). */
  public void add(StepResult r, String where) {
    pending.add(r);
    pendingWhere.add(where);
  }

  /** Folds every queued result in (reads their values). */
  public void flush() {
    for (int i = 0; i < pending.size(); i++) {
      StepResult r = pending.get(i);
      double l = r.loss();
      if (!Double.isFinite(l)) {
        pending.subList(0, i + 1).clear();
        String where = pendingWhere.get(i);
        pendingWhere.subList(0, i + 1).clear();
        throw new IllegalStateException("loss became " + l + " at " + where);
      }
      lossSum += l * r.size();
      correct += r.correct();
      seen += r.size();
      r.release(); // read: its tensors are not needed any more
    }
    pending.clear();
    pendingWhere.clear();
  }

  /** Σ loss·batch size over the steps so far. */
  public double lossSum() {
    flush();
    return lossSum;
  }

  /** Correct predictions so far. */
  public long correct() {
    flush();
    return correct;
  }

  /** Samples so far. */
  public long seen() {
    flush();
    return seen;
  }

  /** Mean loss per sample (NaN before any step). */
  public double meanLoss() {
    flush();
    return seen > 0 ? lossSum / seen : Double.NaN;
  }

  /** Accuracy (NaN before any step). */
  public double accuracy() {
    flush();
    return seen > 0 ? (double) correct / seen : Double.NaN;
  }

  /** Drops everything (a new epoch). */
  public void reset() {
    restore(0, 0, 0);
  }

  /** Sets the sums (a resumed run), dropping queued results. */
  public void restore(double lossSum, long correct, long seen) {
    pending.clear();
    pendingWhere.clear();
    this.lossSum = lossSum;
    this.correct = correct;
    this.seen = seen;
  }
}
