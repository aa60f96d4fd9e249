package org.neurospark.spark.train;

import java.io.Serializable;
import java.util.Objects;

/**
 * The options of {@code spark train} (immutable, shipped to the executors).
 *
 * @param tables the tables folder (Hadoop path or local folder); training reads {@code TABLES/frames}, split
 *     {@code train}
 * @param out the run folder {@code RUN} (a Hadoop path every executor can write, e.g. a shared folder or HDFS)
 * @param model model-zoo name (e.g. {@code plif-nmnist})
 * @param channels model channels (≤ 0: the model's default)
 * @param workers N, data-parallel workers (one barrier task each)
 * @param syncEvery K, local steps between two averagings
 * @param epochs epochs (each worker passes over its shard once per epoch)
 * @param maxRounds stop after this many rounds (≤ 0: no limit)
 * @param batch samples per step and worker
 * @param optimizer "adam", "adamw", "sgd", "sgd-nesterov"
 * @param lr base learning rate per step
 * @param momentum SGD momentum
 * @param schedule learning-rate schedule over epochs ("const", "cosine", ...)
 * @param loss "mse", "ce", "tet"
 * @param seed run seed
 * @param threads CPU threads per worker (≤ 0: {@code spark.task.cpus})
 * @param averaging ring or tree
 * @param averageOptimizerState average the optimizer state with the parameters (the default)
 * @param resume continue the run in {@code out} after its last committed round
 * @param maxAttempts how many times the driver starts the training stage before giving up
 * @param ioTimeoutSeconds bound on a ring step without progress (covers workers arriving apart), seconds
 * @param failure test hook: a worker failure to inject, or null
 * @param backend where each worker's replica computes: {@code auto} (the CUDA backend when Spark assigned the task
 *     a GPU and it starts, else the CPU), {@code cuda}, {@code cpu} or {@code sealed} ({@link TrainDevice})
 */
public record TrainOptions(String tables, String out, String model, int channels, int workers, int syncEvery,
    int epochs, int maxRounds, int batch, String optimizer, double lr, double momentum, String schedule, String loss,
    long seed, int threads, Averaging averaging, boolean averageOptimizerState, boolean resume, int maxAttempts,
    int ioTimeoutSeconds, InjectedFailure failure, String backend) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Options with {@code backend} {@code auto}. */
  public TrainOptions(String tables, String out, String model, int channels, int workers, int syncEvery,
      int epochs, int maxRounds, int batch, String optimizer, double lr, double momentum, String schedule,
      String loss, long seed, int threads, Averaging averaging, boolean averageOptimizerState, boolean resume,
      int maxAttempts, int ioTimeoutSeconds, InjectedFailure failure) {
    this(tables, out, model, channels, workers, syncEvery, epochs, maxRounds, batch, optimizer, lr, momentum,
        schedule, loss, seed, threads, averaging, averageOptimizerState, resume, maxAttempts, ioTimeoutSeconds,
        failure, "auto");
  }

  public TrainOptions {
    backend = TrainDevice.checkMode(Objects.requireNonNull(backend, "backend"));
    Objects.requireNonNull(tables, "tables");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(averaging, "averaging");
    if (workers < 1 || syncEvery < 1 || epochs < 1 || batch < 1 || maxAttempts < 1 || ioTimeoutSeconds < 1) {
      throw new IllegalArgumentException("--workers, --sync-every, --epochs, --batch, attempts and timeouts must be"
          + " >= 1");
    }
    if (averaging == Averaging.TREE && !averageOptimizerState) {
      throw new IllegalArgumentException("--averaging tree always averages the optimizer state (its workers keep no "
          + "state between rounds)");
    }
  }

  /**
   * A failure injected for tests: worker {@code rank} throws before the local steps of round {@code round} in
   * driver attempt {@code attempt} (so a restarted stage passes).
   */
  public record InjectedFailure(int rank, int round, int attempt) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** A copy with another failure hook. */
  public TrainOptions withFailure(InjectedFailure f) {
    return new TrainOptions(tables, out, model, channels, workers, syncEvery, epochs, maxRounds, batch, optimizer,
        lr, momentum, schedule, loss, seed, threads, averaging, averageOptimizerState, resume, maxAttempts,
        ioTimeoutSeconds, f, backend);
  }

  /** A copy with {@code resume} set. */
  public TrainOptions withResume(boolean r) {
    return new TrainOptions(tables, out, model, channels, workers, syncEvery, epochs, maxRounds, batch, optimizer,
        lr, momentum, schedule, loss, seed, threads, averaging, averageOptimizerState, r, maxAttempts,
        ioTimeoutSeconds, failure, backend);
  }

  /** A copy with another {@code --backend}. */
  public TrainOptions withBackend(String b) {
    return new TrainOptions(tables, out, model, channels, workers, syncEvery, epochs, maxRounds, batch, optimizer,
        lr, momentum, schedule, loss, seed, threads, averaging, averageOptimizerState, resume, maxAttempts,
        ioTimeoutSeconds, failure, b);
  }

  /** Defaults as the command line's, for the required values given. */
  public static TrainOptions defaults(String tables, String out, String model, int workers, int syncEvery) {
    return new TrainOptions(tables, out, model, 0, workers, syncEvery, 1, 0, 16, "adam", 1e-3, 0.9, "cosine", "mse",
        2020, 0, Averaging.RING, true, false, 3, 600, null);
  }
}
