package org.neurospark.gpu.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neurospark.snn.loss.Losses;
import org.neurospark.snn.models.ModelZoo;
import org.neurospark.snn.models.NeuronChoice;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.optim.Sgd;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.Rng;

/**
 * Whole training steps (forward, cross-entropy, backward, SGD) of {@code ModelZoo.csnnFmnist} (IF neurons) and
 * {@code ModelZoo.plifMnist} (PLIF, detach_reset, dropout) on the CUDA backend against the same model on the CPU:
 * losses per step and every parameter (PLIF's w included) after the steps agree within float32 tolerances (cuBLAS
 * and the float64 reductions sum in other orders). Needs a CUDA device: skips visibly otherwise.
 */
class GpuTrainingStepTest {
  @RegisterExtension
  static final CudaTestDevice DEVICE = new CudaTestDevice("no usable CUDA device, GPU training step skipped");
  private static CudaBackend gpu;

  @BeforeAll
  static void open() {
    gpu = DEVICE.backend();
  }

  private static void trainsLikeTheCpu(Supplier<Module> make, int t, int n, int c, int hw) {
    Module cpu = make.get();
    Module dev = make.get().to(gpu);
    for (Tensor p : dev.parameters()) {
      assertSame(gpu, p.backend());
    }
    Sgd oc = new Sgd(cpu.namedParameters(), 0.05, 0.9);
    Sgd od = new Sgd(dev.namedParameters(), 0.05, 0.9);
    Random r = new Random(41);
    for (int s = 0; s < 3; s++) {
      float[] x = new float[t * n * c * hw * hw];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (r.nextDouble() * 2);
      }
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = r.nextInt(10);
      }
      Tensor lc = Losses.byName("ce", cpu.forward(Tensor.fromArray(x, t, n, c, hw, hw)), labels);
      oc.zeroGrad();
      lc.backward();
      oc.step();
      cpu.reset();
      Tensor ld = Losses.byName("ce", dev.forward(Tensor.fromArray(gpu, x, t, n, c, hw, hw)),
          Tensor.fromArray(gpu, labels, n));
      od.zeroGrad();
      ld.backward();
      od.step();
      dev.reset();
      assertEquals(lc.item(), ld.item(), 1e-4 * Math.max(1, Math.abs(lc.item())), "loss of step " + s);
    }
    Map<String, Tensor> pc = cpu.namedParameters();
    Map<String, Tensor> pd = dev.namedParameters();
    assertEquals(pc.keySet(), pd.keySet());
    pd.forEach((k, v) -> {
      float[] w = pc.get(k).toFloatArray();
      float[] g = v.toFloatArray();
      for (int i = 0; i < w.length; i++) {
        assertTrue(Math.abs(w[i] - g[i]) <= 1e-4f * Math.max(1f, Math.abs(w[i])),
            k + "[" + i + "]: CPU " + w[i] + ", GPU " + g[i]);
      }
    });
  }

  @Test
  void csnnFmnistWithIfNeuronsTrainsOnTheGpuLikeOnTheCpu() {
    trainsLikeTheCpu(() -> ModelZoo.csnnFmnist(4, NeuronChoice.parse("IF"), new Rng(5)), 2, 3, 1, 28);
  }

  @Test
  void plifMnistTrainsOnTheGpuLikeOnTheCpuAndLearnsW() {
    trainsLikeTheCpu(() -> ModelZoo.plifMnist(3, NeuronChoice.parse("PLIF:detach"), false, new Rng(7), 7), 2, 2, 1,
        28);
  }
}
