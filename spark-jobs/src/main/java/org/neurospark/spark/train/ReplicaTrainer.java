package org.neurospark.spark.train;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.neurospark.snn.data.Batch;
import org.neurospark.snn.data.BatchSource;
import org.neurospark.snn.data.EpochOrder;
import org.neurospark.snn.flat.ParameterVector;
import org.neurospark.snn.io.SafeTensors;
import org.neurospark.snn.models.ModelZoo;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.optim.LrSchedule;
import org.neurospark.snn.optim.Optimizer;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.CpuBackend;
import org.neurospark.snn.train.StepMetrics;
import org.neurospark.snn.train.StepResult;
import org.neurospark.snn.train.StepSeeds;
import org.neurospark.snn.train.TrainConfig;
import org.neurospark.snn.train.TrainStep;
import org.neurospark.snn.train.TrainerState;
import org.neurospark.snn.train.TrainingCheckpoint;

/**
 * One worker's model replica in data-parallel training with periodic parameter averaging (local SGD): it trains
 * {@code K} steps on its own shard, then the workers average parameters, buffers and (by default) optimizer state,
 * weighted by the samples each saw since the last average, in float32 through a {@link ParameterAverager}
 * ({@link ParameterVector} layout; integer counters — BatchNorm's {@code num_batches_tracked}, optimizer step
 * counts — as the floor of their mean, exact). Neuron state is never averaged: {@link TrainStep} resets it after
 * every batch.
 *
 * <p><b>Data and randomness.</b> The shard is visited in the order of {@code EpochOrder(workerSeed, shard.size(),
 * batch, true)} and step g uses batch {@link RoundPlan#batchOf g} of epoch {@link RoundPlan#epochOf g} with
 * {@code StepSeeds.training(workerSeed, epoch, batch)}; the learning rate of an epoch is
 * {@code cfg.lrSchedule().lr(cfg.lr(), epoch)}. {@link #workerSeed} is the run seed for rank 0 and a mix of seed and
 * rank otherwise, so one worker with K = 1 replays the single-process {@link org.neurospark.snn.train.Trainer}
 * exactly, and workers draw different shuffles, dropout masks and encodings. Everything is a function of the round
 * index, so a stage restarted at round r (after loading round r's checkpoint) continues exactly.
 *
 * <p>Runs in the caller's {@link org.neurospark.snn.tensor.cpu.CpuContext} (a Spark task opens one with its cores),
 * on the CPU or on a device backend ({@link #create(TrainConfig, BatchSource, RoundPlan, int, boolean, Backend)}):
 * the same seeds and the same averaging, the batch uploaded once per step. Not thread-safe.
 */
public final class ReplicaTrainer {
  private final TrainConfig cfg;
  private final TrainStep step;
  private final Module model;
  private final Optimizer optimizer;
  private final BatchSource shard;
  private final Backend device;
  private final RoundPlan plan;
  private final int rank;
  private final long workerSeed;
  private final boolean averageOptimizerState;
  private final EpochOrder order;
  private final LrSchedule schedule;
  private int permEpoch = -1;
  private int[] perm;
  private Tensor xFull;
  private int[] labFull;
  /** The averaged state, flattened into the same arrays every round (no per-round allocation of tens of MB). */
  private ParameterVector state;

  /**
   * A replica over an existing model and step (tests use models outside the zoo).
   *
   * @param cfg batch size, seed, learning rate and schedule come from it
   * @param step the model, loss, encoder and optimizer; the model in training mode
   * @param shard this worker's training samples
   * @param plan the run's schedule (the same on every worker)
   * @param rank this worker's rank (seeds its shuffle and step seeds)
   * @param averageOptimizerState average the optimizer's state too (else each worker keeps its own)
   */
  public ReplicaTrainer(TrainConfig cfg, TrainStep step, BatchSource shard, RoundPlan plan, int rank,
      boolean averageOptimizerState) {
    this(cfg, step, shard, plan, rank, averageOptimizerState, CpuBackend.INSTANCE);
  }

  /**
   * A replica whose model and optimizer live on {@code device} (the step's model already moved there): each batch
   * is filled on the host and uploaded once; averaging downloads the state into the vector and uploads it back.
   */
  public ReplicaTrainer(TrainConfig cfg, TrainStep step, BatchSource shard, RoundPlan plan, int rank,
      boolean averageOptimizerState, Backend device) {
    this.device = Objects.requireNonNull(device, "device");
    this.cfg = Objects.requireNonNull(cfg, "cfg");
    this.step = Objects.requireNonNull(step, "step");
    this.model = step.model();
    this.optimizer = Objects.requireNonNull(step.optimizer(), "the step needs an optimizer");
    this.shard = Objects.requireNonNull(shard, "shard");
    this.plan = Objects.requireNonNull(plan, "plan");
    if (rank < 0) {
      throw new IllegalArgumentException("rank " + rank);
    }
    long needed = (long) plan.stepsPerEpoch() * cfg.batch();
    if (shard.size() < 1 || (long) (plan.stepsPerEpoch() - 1) * cfg.batch() >= shard.size()) {
      throw new IllegalArgumentException("worker " + rank + " has " + shard.size() + " samples, too few for "
          + plan.stepsPerEpoch() + " steps of " + cfg.batch() + " per epoch (up to " + needed + ")");
    }
    this.rank = rank;
    this.workerSeed = workerSeed(cfg.seed(), rank);
    this.averageOptimizerState = averageOptimizerState;
    this.order = new EpochOrder(workerSeed, shard.size(), cfg.batch(), true);
    this.schedule = cfg.lrSchedule();
  }

  /**
   * A replica of the zoo model {@code cfg.model()} (initialised from {@code cfg.seed()}, the same on every worker)
   * with {@code cfg}'s optimizer, loss and encoder; checks that the shard's samples fit the model and encoder.
   */
  public static ReplicaTrainer create(TrainConfig cfg, BatchSource shard, RoundPlan plan, int rank,
      boolean averageOptimizerState) {
    return create(cfg, shard, plan, rank, averageOptimizerState, CpuBackend.INSTANCE);
  }

  /**
   * As {@link #create(TrainConfig, BatchSource, RoundPlan, int, boolean)} with the replica on {@code device}: the
   * model is initialised on the host (the same weights on every worker and backend), moved there, and the optimizer
   * created on the moved parameters.
   */
  public static ReplicaTrainer create(TrainConfig cfg, BatchSource shard, RoundPlan plan, int rank,
      boolean averageOptimizerState, Backend device) {
    checkShape(cfg, shard);
    Module m = cfg.createModel();
    if (!(device instanceof CpuBackend)) {
      m = m.to(device);
    }
    return new ReplicaTrainer(cfg, cfg.createStep(m), shard, plan, rank, averageOptimizerState, device);
  }

  /** The backend the replica computes on. */
  public Backend device() {
    return device;
  }

  /** Checks that {@code data}'s samples are what {@code cfg}'s model and encoder take (as the local Trainer does). */
  public static void checkShape(TrainConfig cfg, BatchSource data) {
    cfg.requireCompatible(data);
    ModelZoo.InputSpec in = ModelZoo.inputSpec(cfg.model());
    if (data.numClasses() > in.classes()) {
      throw new IllegalArgumentException(cfg.model() + " has " + in.classes() + " outputs, the data "
          + data.numClasses() + " classes");
    }
  }

  /** The seed of worker {@code rank}'s shuffle and step seeds: the run seed for rank 0, else a mix with the rank. */
  public static long workerSeed(long runSeed, int rank) {
    return rank == 0 ? runSeed : Rng.mix(runSeed, 6, rank);
  }

  public Module model() {
    return model;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  public RoundPlan plan() {
    return plan;
  }

  public int rank() {
    return rank;
  }

  /** Whether optimizer state is averaged with the parameters. */
  public boolean averagesOptimizerState() {
    return averageOptimizerState;
  }

  /**
   * The local part of round {@code r}: its {@link RoundPlan#steps} optimizer steps on this worker's batches.
   * The model must hold round r's starting state (after round r − 1's average, or a checkpoint of it).
   */
  public LocalRound trainLocal(int r) {
    if (r < 0 || r >= plan.rounds()) {
      throw new IllegalArgumentException("round " + r + " outside [0, " + plan.rounds() + ")");
    }
    long t0 = System.nanoTime();
    StepMetrics metrics = new StepMetrics();
    long g0 = plan.firstStep(r);
    int n = plan.steps(r);
    for (long g = g0; g < g0 + n; g++) {
      int epoch = plan.epochOf(g);
      int b = plan.batchOf(g);
      if (epoch != permEpoch) {
        perm = order.order(epoch);
        permEpoch = epoch;
      }
      int len = order.batchLength(b);
      Tensor x;
      int[] lab;
      if (len == cfg.batch()) {
        if (xFull == null) {
          xFull = Tensor.zeros(shard.batchShape(len));
          labFull = new int[len];
        }
        x = xFull;
        lab = labFull;
      } else {
        x = Tensor.zeros(shard.batchShape(len));
        lab = new int[len];
      }
      shard.fillBatch(perm, order.batchStart(b), x, lab);
      optimizer.setLr(schedule.lr(cfg.lr(), epoch));
      boolean host = device instanceof CpuBackend;
      Tensor in = host ? x : x.to(device);
      StepResult res = step.step(new Batch(in, lab), StepSeeds.training(workerSeed, epoch, b));
      metrics.add(res, "worker " + rank + " epoch " + epoch + " batch " + b);
      if (!host) {
        in.storage().release();
      }
    }
    return new LocalRound(r, n, metrics.seen(), metrics.lossSum(), metrics.correct(), System.nanoTime() - t0);
  }

  /**
   * The averaging part of a round: every worker's state is replaced by the sample-weighted mean, and the round's
   * metrics are summed over the workers. Every worker must call this with its own {@code local} of the same round.
   *
   * <p>Order: the state is flattened (into arrays kept between rounds), then the metric sums are exchanged — a few
   * numbers, which also waits for the slowest worker to arrive ({@link RoundResult#waitNanos}) — then the state is
   * averaged and written back. So {@code averageNanos - waitNanos} is the averaging work itself.
   */
  public RoundResult average(LocalRound local, ParameterAverager averager) throws IOException {
    long t0 = System.nanoTime();
    ParameterVector v = state == null ? (state = vector())
        : state.refresh(model, averageOptimizerState ? optimizer : null);
    long[] counters = v.counters();
    double[] sums = new double[counters.length + 5];
    for (int i = 0; i < counters.length; i++) {
      sums[i] = counters[i];
    }
    int m = counters.length;
    sums[m] = local.samples();
    sums[m + 1] = local.lossSum();
    sums[m + 2] = local.correct();
    sums[m + 3] = 1;
    sums[m + 4] = local.round();
    long w0 = System.nanoTime();
    averager.sum(sums);
    long waited = System.nanoTime() - w0;
    int workers = averager.workers();
    if (sums[m + 3] != workers || sums[m + 4] != (double) local.round() * workers) {
      throw new IOException("workers disagree on the round: " + sums[m + 3] + " of " + workers + " workers, round "
          + "sum " + sums[m + 4] + " for round " + local.round());
    }
    averager.weightedAverage(v.floats(), local.samples());
    for (int i = 0; i < m; i++) {
      counters[i] = (long) Math.floor(sums[i] / workers);
    }
    load(v);
    long samples = (long) sums[m];
    long g = plan.firstStep(local.round()) + local.steps();
    return new RoundResult(local.round(), plan.epochOf(g - 1), g, samples, sums[m + 1] / samples,
        sums[m + 2] / samples, workers, local.nanos(), System.nanoTime() - t0, waited);
  }

  /** One round: {@link #trainLocal} then {@link #average}. */
  public RoundResult runRound(int r, ParameterAverager averager) throws IOException {
    return average(trainLocal(r), averager);
  }

  /** The state that is averaged: parameters and buffers, with the optimizer's state when it is averaged. */
  public ParameterVector vector() {
    return ParameterVector.of(model, averageOptimizerState ? optimizer : null);
  }

  /** Writes an averaged state back into the replica (layout of {@link #vector()}). */
  public void load(ParameterVector v) {
    v.copyTo(model, averageOptimizerState ? optimizer : null);
  }

  /**
   * The replica's state after round {@code result.round()} as a {@link TrainingCheckpoint}: the model's state dict
   * (SpikingJelly names, metadata {@code format=pt}, {@code model}), the optimizer's and a {@link TrainerState} at
   * the next step (sums: this round's, over all workers).
   */
  public TrainingCheckpoint checkpoint(RoundResult result) {
    return checkpoint(cfg, plan, model, optimizer, result);
  }

  /** {@link #checkpoint(RoundResult)} of any model and optimizer (the tree fallback's driver-side copy). */
  public static TrainingCheckpoint checkpoint(TrainConfig cfg, RoundPlan plan, Module model, Optimizer optimizer,
      RoundResult result) {
    SafeTensors st = model.stateDict();
    st.metadata().put("format", "pt");
    st.metadata().put("model", cfg.model());
    long g = result.step();
    int epoch = plan.epochOf(g);
    int batch = plan.batchOf(g);
    long correct = Math.round(result.accuracy() * result.samples());
    return TrainingCheckpoint.of(st, optimizer.stateDict(), new TrainerState(epoch, batch, g,
        result.loss() * result.samples(), correct, result.samples(), -1, -1, optimizer.lr(), cfg.schedule(),
        cfg.seed(), List.of()));
  }

  /** Loads a checkpoint's model and optimizer state (e.g. the last committed round's, on every worker). */
  public void restore(TrainingCheckpoint ck) throws IOException {
    model.loadStateDict(ck.model(), true);
    optimizer.loadStateDict(ck.optimizer());
  }
}
