package org.neurospark.snn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.data.Batch;
import org.neurospark.snn.data.BatchSource;
import org.neurospark.snn.encoding.InputEncoder;
import org.neurospark.snn.loss.Loss;
import org.neurospark.snn.models.ModelZoo;
import org.neurospark.snn.models.NeuronChoice;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.optim.Adam;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.sealed.SealedBackend;

/** The training step releases what it allocated: live device storages stay flat, results stay bit-identical. */
class StepStorageTest {

  /**
   * Trains the same model on the CPU and on the sealed backend for {@code steps} steps; returns the sealed
   * backend's live storages after each step (the batch the caller uploaded and the step's result released).
   */
  private static long[] trainBoth(Supplier<Module> make, int t, int n, int c, int hw, int steps) {
    SealedBackend sealed = new SealedBackend();
    Module cpu = make.get();
    Module dev = make.get().to(sealed);
    TrainStep sc = new TrainStep(cpu, Loss.named("ce"), InputEncoder.named("direct", t),
        Adam.adam(cpu.namedParameters(), 0.01));
    TrainStep sd = new TrainStep(dev, Loss.named("ce"), InputEncoder.named("direct", t),
        Adam.adam(dev.namedParameters(), 0.01));
    Random r = new Random(41);
    long[] live = new long[steps];
    for (int s = 0; s < steps; s++) {
      float[] x = new float[n * c * hw * hw];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (r.nextDouble() * 2);
      }
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = r.nextInt(10);
      }
      StepResult rc = sc.step(new Batch(Tensor.fromArray(x, n, c, hw, hw), labels), new StepSeeds(3, s));
      Tensor xs = Tensor.fromArray(sealed, x, n, c, hw, hw);
      StepResult rd = sd.step(new Batch(xs, labels), new StepSeeds(3, s));
      assertTrue(rd.ownsLoss() && rd.ownsOutput(), "the step hands its loss and output over");
      assertEquals(rc.loss(), rd.loss(), "loss of step " + s);
      assertEquals(rc.correct(), rd.correct(), "correct of step " + s);
      rc.release();
      rd.release();
      xs.storage().release();
      live[s] = sealed.liveStorages();
    }
    Map<String, Tensor> pc = cpu.namedParameters();
    Map<String, Tensor> pd = dev.namedParameters();
    assertEquals(pc.keySet(), pd.keySet());
    pd.forEach((k, v) -> assertArrayEquals(pc.get(k).toFloatArray(), v.toFloatArray(), k));
    // what may stay: parameters, their gradients, Adam's two moments per parameter, buffers, a few more
    int params = pd.size();
    int buffers = dev.namedBuffers().size();
    long bound = 4L * params + buffers + 8;
    for (int s = 1; s < steps; s++) {
      assertEquals(live[1], live[s], "live storages flat from step 2 on: " + java.util.Arrays.toString(live));
    }
    assertTrue(live[steps - 1] <= bound, "live " + live[steps - 1] + " <= " + bound + " (" + params
        + " parameters, " + buffers + " buffers)");
    assertTrue(sd.releasedStorages() > 0);
    return live;
  }

  @Test
  void csnnStepsKeepLiveStoragesFlatAndMatchTheCpu() {
    trainBoth(() -> ModelZoo.csnnFmnist(3, NeuronChoice.parse("IF"), new Rng(5)), 2, 3, 1, 28, 4);
    trainBoth(() -> ModelZoo.csnnSmall(6), 3, 2, 2, 16, 4);
  }

  @Test
  void plifStepsKeepLiveStoragesFlatAndMatchTheCpu() {
    trainBoth(() -> ModelZoo.plifMnist(2, NeuronChoice.parse("PLIF:detach"), true, new Rng(7), 7), 2, 2, 2, 34, 4);
  }

  /** A result released after it was read cannot be read again; a result queued in StepMetrics is released once read. */
  @Test
  void releasedResultsThrowWhenReadAgain() {
    SealedBackend sealed = new SealedBackend();
    Module dev = ModelZoo.csnnSmall(6).to(sealed);
    TrainStep step = new TrainStep(dev, Loss.named("ce"), InputEncoder.named("direct", 2),
        Adam.adam(dev.namedParameters(), 0.01));
    Tensor xs = Tensor.zeros(sealed, org.neurospark.snn.tensor.DType.FLOAT32, 2, 2, 16, 16);
    StepMetrics m = new StepMetrics();
    List<StepResult> rs = new ArrayList<>();
    for (int s = 0; s < 2; s++) {
      StepResult r = step.step(new Batch(xs, new int[] {1, 2}), new StepSeeds(1, s));
      m.add(r, "step " + s);
      rs.add(r);
    }
    assertEquals(4, m.seen());
    for (StepResult r : rs) {
      IllegalStateException e = assertThrows(IllegalStateException.class, r::loss);
      assertTrue(e.getMessage().contains("released") && e.getMessage().startsWith("Tensor.item: storage was released"), e.getMessage());
      r.release(); // idempotent
    }
    assertTrue(!xs.storage().isReleased(), "the caller's batch is the caller's");
  }

  /** What a hook on the model keeps (a lambda's captured list) is reachable from the model: never released. */
  @Test
  void tensorsKeptByAHookSurviveTheStep() {
    SealedBackend sealed = new SealedBackend();
    Module dev = ModelZoo.csnnSmall(6).to(sealed);
    List<Tensor> outputs = new ArrayList<>();
    dev.addForwardHook((m, in, out) -> outputs.add(out));
    TrainStep step = new TrainStep(dev, Loss.named("ce"), InputEncoder.named("direct", 2),
        Adam.adam(dev.namedParameters(), 0.01));
    Tensor xs = Tensor.zeros(sealed, org.neurospark.snn.tensor.DType.FLOAT32, 2, 2, 16, 16).add(0.5);
    StepResult last = null;
    for (int s = 0; s < 3; s++) {
      last = step.step(new Batch(xs, new int[] {1, 2}), new StepSeeds(1, s));
    }
    assertEquals(3, outputs.size());
    assertTrue(!last.ownsOutput() && last.ownsLoss(), "the output is also the hook's: the result does not own it");
    for (Tensor o : outputs) {
      assertTrue(!o.storage().isReleased());
      o.sum().item();
    }
    last.release();
    assertTrue(!outputs.get(2).storage().isReleased(), "a result that does not own its output leaves it alone");
    assertTrue(last.lossTensor().storage().isReleased());
    outputs.clear();
    long before = sealed.liveStorages();
    step.step(new Batch(xs, new int[] {1, 2}), new StepSeeds(1, 3)).release();
    assertTrue(sealed.liveStorages() < before, "the hook let go of 3 outputs: the next step releases them");
  }

  /** A source of random batches made directly on {@code backend} (as a device loader would). */
  private static BatchSource source(Backend backend, int size, int c, int hw) {
    return new BatchSource() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public int numClasses() {
        return 10;
      }

      @Override
      public int[] sampleShape() {
        return new int[] {c, hw, hw};
      }

      @Override
      public int[] batchShape(int n) {
        return new int[] {n, c, hw, hw};
      }

      @Override
      public int label(int i) {
        return (i * 7) % 10;
      }

      @Override
      public void fillBatch(int[] indices, int from, Tensor out, int[] labelsOut) {
        throw new UnsupportedOperationException("batch() makes the tensor on the backend");
      }

      @Override
      public Batch batch(int[] indices, int from, int n) {
        float[] x = new float[n * c * hw * hw];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
          int sample = indices[from + i];
          labels[i] = label(sample);
          for (int j = 0; j < c * hw * hw; j++) {
            x[i * c * hw * hw + j] = ((sample * 31 + j * 17) % 23) / 11f;
          }
        }
        return new Batch(Tensor.fromArray(backend, x, n, c, hw, hw), labels);
      }
    };
  }

  /**
   * Evaluation releases each batch's storages: on the sealed backend live storages after evaluating 2 or 6 batches
   * are those before it (the model's), and the result equals the CPU's.
   */
  @Test
  void evaluationGivesEveryBatchsStoragesBack() {
    SealedBackend sealed = new SealedBackend();
    Module cpu = ModelZoo.csnnSmall(4);
    Module dev = ModelZoo.csnnSmall(4).to(sealed);
    InputEncoder enc = InputEncoder.named("direct", 2);
    EvalResult rc = Evaluation.evaluate(cpu, source(org.neurospark.snn.tensor.cpu.CpuBackend.INSTANCE, 24, 2, 16),
        24, 4, Loss.named("ce"), enc, 1, null);
    long before = sealed.liveStorages();
    EvalResult small = Evaluation.evaluate(dev, source(sealed, 8, 2, 16), 8, 4, Loss.named("ce"), enc, 1, null);
    long afterSmall = sealed.liveStorages();
    EvalResult rd = Evaluation.evaluate(dev, source(sealed, 24, 2, 16), 24, 4, Loss.named("ce"), enc, 1, null);
    assertEquals(before, afterSmall, "2 batches leave nothing behind");
    assertEquals(before, sealed.liveStorages(), "6 batches leave nothing behind");
    assertEquals(rc.accuracy(), rd.accuracy());
    assertEquals(rc.loss(), rd.loss(), 1e-6);
    assertTrue(small.samples() == 8);
  }
}
