package org.neurospark.snn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.data.Batch;
import org.neurospark.snn.encoding.InputEncoder;
import org.neurospark.snn.loss.Loss;
import org.neurospark.snn.models.ModelZoo;
import org.neurospark.snn.models.NeuronChoice;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.optim.Adam;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.CpuConfig;
import org.neurospark.snn.tensor.cpu.CpuContext;

/**
 * Training steps in a context that recycles released arrays give bit-identical losses, outputs and parameters to
 * steps in one that does not, while arrays are really handed out again (a kernel reading an output it had not
 * written, or a storage released while still in use, would change the numbers).
 */
class ArrayRecyclingTest {

  private static float[][] train(Supplier<Module> make, CpuConfig config, int t, int n, int hw, int steps,
      long[] reusedOut) {
    try (CpuContext cpu = CpuContext.open(config); CpuContext.Scope in = cpu.enter()) {
      Module m = make.get();
      TrainStep step = new TrainStep(m, Loss.named("mse"), InputEncoder.named("direct", t),
          Adam.adam(m.namedParameters(), 0.01));
      Random r = new Random(17);
      float[] losses = new float[steps];
      for (int s = 0; s < steps; s++) {
        float[] x = new float[n * hw * hw];
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) r.nextDouble();
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
          labels[i] = r.nextInt(10);
        }
        StepResult res = step.step(new Batch(Tensor.fromArray(x, n, 1, hw, hw), labels), new StepSeeds(3, s));
        losses[s] = (float) res.loss();
        res.release();
      }
      reusedOut[0] = cpu.recycledArrays();
      Map<String, Tensor> p = m.namedParameters();
      float[][] out = new float[p.size() + 1][];
      out[0] = losses;
      int k = 1;
      for (Tensor v : p.values()) {
        out[k++] = v.toFloatArray();
      }
      return out;
    }
  }

  private static void sameWithAndWithout(Supplier<Module> make, int threads, int t, int n, int hw) {
    long[] on = new long[1];
    long[] off = new long[1];
    float[][] a = train(make, CpuConfig.ofThreads(threads).withRecycleBytes(512L << 20), t, n, hw, 4, on);
    float[][] b = train(make, CpuConfig.ofThreads(threads).withRecycleBytes(0), t, n, hw, 4, off);
    assertEquals(0, off[0]);
    assertTrue(on[0] > 0, "arrays were reused: " + on[0]);
    assertArrayEquals(b[0], a[0], "losses");
    for (int i = 1; i < a.length; i++) {
      assertArrayEquals(b[i], a[i], "parameter " + i);
    }
  }

  @Test
  void csnnStepsAreBitIdenticalWithRecycling() {
    // the first layer's [T, N, C, 28, 28] tensors hold 2·4·16·784 = 100,352 floats, above the recycling minimum
    sameWithAndWithout(() -> ModelZoo.csnnFmnist(16, NeuronChoice.parse("IF"), new Rng(5)), 1, 2, 4, 28);
    sameWithAndWithout(() -> ModelZoo.csnnFmnist(16, NeuronChoice.parse("LIF"), new Rng(6)), 2, 2, 4, 28);
  }

  @Test
  void plifStepsAreBitIdenticalWithRecycling() {
    sameWithAndWithout(() -> ModelZoo.plifMnist(16, NeuronChoice.parse("PLIF:detach"), false, new Rng(7), 7), 1,
        2, 4, 28);
  }
}
