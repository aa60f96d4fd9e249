package org.neurospark.snn.train;

/**
 * Evaluation of a model on a data set.
 *
 * @param samples samples evaluated
 * @param loss mean loss per sample
 * @param accuracy fraction of correct predictions, in [0, 1]
 * @param samplesPerSecond throughput of the whole evaluation (wall clock)
 * @param confusion {@code confusion[label][predicted]} counts, {@code classes × classes}
 */
public record EvalResult(int samples, double loss, double accuracy, double samplesPerSecond, long[][] confusion) {
  /** Samples per true class (row sums of the confusion matrix). */
  public long[] perClassTotal() {
    long[] t = new long[confusion.length];
    for (int i = 0; i < t.length; i++) {
      for (long v : confusion[i]) {
        t[i] += v;
      }
    }
    return t;
  }

  /** Correct predictions per true class (the diagonal). */
  public long[] perClassCorrect() {
    long[] c = new long[confusion.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = confusion[i][i];
    }
    return c;
  }
}
