package org.neurospark.snn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.loss.Losses;
import org.neurospark.snn.models.ModelZoo;
import org.neurospark.snn.models.NeuronChoice;
import org.neurospark.snn.neuron.IzhikevichNode;
import org.neurospark.snn.neuron.KLIFNode;
import org.neurospark.snn.neuron.LIAFNode;
import org.neurospark.snn.neuron.Leaky;
import org.neurospark.snn.neuron.LiafActivation;
import org.neurospark.snn.neuron.ParametricLIFNode;
import org.neurospark.snn.neuron.Synaptic;
import org.neurospark.snn.neuron.dynamics.ResetMechanism;
import org.neurospark.snn.nn.Flatten;
import org.neurospark.snn.nn.Linear;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.nn.Sequential;
import org.neurospark.snn.optim.Adam;
import org.neurospark.snn.optim.Optimizer;
import org.neurospark.snn.optim.Sgd;
import org.neurospark.snn.tensor.sealed.SealedBackend;

/**
 * The parts of a training step already behind {@link Backend} run on a backend whose memory the host cannot read
 * ({@link SealedBackend}): losses with INT32 labels (one-hot, NLL via gather/scatter), the autograd seed,
 * max/max-pool with INT32 argmax, in-place gradient accumulation and the fused optimizer updates, with no
 * download inside the step and results equal bit for bit to the CPU's; so do whole training steps of the CSNN
 * (IF/LIF neurons) and a PLIF net moved there with {@link Module#to(Backend)}, their neurons on the backend's
 * neuron kernels.
 */
class SealedBackendTest {
  private static float[] rand(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  /** One step: out = relu(x·w) as [T, N, C] → loss → backward → optimizer; returns the loss tensor. */
  private static Tensor step(Tensor x, Tensor w, Tensor labels, String loss, Optimizer opt, int t, int n, int c) {
    Tensor out = x.matmul(w).relu().reshape(t, n, c);
    Tensor l = Losses.byName(loss, out, labels);
    opt.zeroGrad();
    l.backward();
    // a second backward into the same leaf accumulates in place
    Losses.byName(loss, x.matmul(w).reshape(t, n, c), labels).mul(0.5).backward();
    opt.step();
    return l;
  }

  @Test
  void lossBackwardAndOptimizerStepStayOnTheBackend() {
    int t = 3;
    int n = 8;
    int c = 5;
    int f = 6;
    Random r = new Random(21);
    float[] w0 = rand(r, f * c);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = r.nextInt(c);
    }
    for (String loss : new String[] {"mse", "ce", "tet"}) {
      for (boolean adam : new boolean[] {false, true}) {
        SealedBackend sealed = new SealedBackend();
        Tensor ws = Tensor.fromArray(sealed, w0, f, c).requiresGrad(true);
        Tensor wc = Tensor.fromArray(w0.clone(), f, c).requiresGrad(true);
        assertThrows(IllegalStateException.class, ws::floatData, "the host cannot reach sealed memory");
        Optimizer os = adam ? Adam.adamW(Map.of("w", ws), 0.01) : new Sgd(Map.of("w", ws), 0.1, 0.9, 0, 1e-3, true);
        Optimizer oc = adam ? Adam.adamW(Map.of("w", wc), 0.01) : new Sgd(Map.of("w", wc), 0.1, 0.9, 0, 1e-3, true);
        for (int s = 0; s < 3; s++) {
          float[] xv = rand(r, t * n * f);
          sealed.resetCounts();
          Tensor xs = Tensor.fromArray(sealed, xv, t * n, f);
          Tensor ls = Tensor.fromArray(sealed, labels, n);
          Tensor lossS = step(xs, ws, ls, loss, os, t, n, c);
          Tensor correctS = Losses.correctTensor(xs.matmul(ws).reshape(t, n, c), ls);
          assertEquals(2, sealed.uploads(), loss + ": the batch and its labels");
          assertEquals(0, sealed.downloads(), loss + ": nothing read back inside the step");
          Tensor lossC = step(Tensor.fromArray(xv, t * n, f), wc, Tensor.fromArray(labels, n), loss, oc, t, n, c);
          assertEquals(lossC.item(), lossS.item(), loss);
          assertEquals(Losses.correct(Tensor.fromArray(xv, t * n, f).matmul(wc).reshape(t, n, c), labels),
              (int) correctS.item());
          assertArrayEquals(wc.toFloatArray(), ws.toFloatArray(), loss + " adam=" + adam + " step " + s);
          assertSame(sealed, os.state().get("w").buffers().values().iterator().next().backend());
        }
      }
    }
  }

  @Test
  void countsTransfersAndTheirBytesAndRefusesHostAccess() {
    SealedBackend sealed = new SealedBackend();
    Tensor a = Tensor.fromArray(sealed, new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor l = Tensor.fromArray(sealed, new int[] {1, 0}, 2);
    assertEquals(2, sealed.uploads());
    assertEquals(6 * 4 + 2 * 4, sealed.uploadedBytes());
    Tensor s = a.mul(2).sum(1, false);
    assertEquals(0, sealed.downloads(), "kernels run behind the seal");
    assertArrayEquals(new float[] {12, 30}, s.toFloatArray());
    assertArrayEquals(new int[] {1, 0}, l.toIntArray());
    assertEquals(2, sealed.downloads());
    assertEquals(2 * 4 + 2 * 4, sealed.downloadedBytes());
    assertEquals(4, sealed.transfers());
    assertThrows(IllegalStateException.class, a::floatData);
    assertThrows(IllegalStateException.class, l::intData);
    assertThrows(IllegalArgumentException.class, () -> a.add(Tensor.fromArray(new SealedBackend(), new float[6], 2, 3)),
        "two sealed devices do not mix");
    sealed.resetCounts();
    assertEquals(0, sealed.transfers() + sealed.uploadedBytes() + sealed.downloadedBytes());
  }

  @Test
  void maxArgmaxAndMaxPoolRunOnTheBackend() {
    Random r = new Random(22);
    float[] v = rand(r, 2 * 3 * 6 * 6);
    float[] g = rand(r, 2 * 3 * 3 * 3);
    SealedBackend sealed = new SealedBackend();
    Tensor xs = Tensor.fromArray(sealed, v, 2, 3, 6, 6).requiresGrad(true);
    Tensor xc = Tensor.fromArray(v.clone(), 2, 3, 6, 6).requiresGrad(true);
    sealed.resetCounts();
    Tensor ps = NN.maxPool2d(xs, 2, 2, 0);
    Tensor ms = xs.max(3, false).sum();
    Tensor as = xs.argmax(1, false);
    ps.backward(Tensor.fromArray(sealed, g, 2, 3, 3, 3));
    ms.backward();
    assertEquals(1, sealed.uploads());
    assertEquals(0, sealed.downloads());
    assertEquals(sealed, as.backend());
    assertEquals(DType.INT32, as.dtype());
    Tensor pc = NN.maxPool2d(xc, 2, 2, 0);
    pc.backward(Tensor.fromArray(g, 2, 3, 3, 3));
    xc.max(3, false).sum().backward();
    assertArrayEquals(pc.toFloatArray(), ps.toFloatArray());
    assertArrayEquals(xc.argmax(1, false).toIntArray(), as.toIntArray());
    assertArrayEquals(xc.grad().toFloatArray(), xs.grad().toFloatArray());
    assertThrows(IllegalArgumentException.class, () -> xs.detach().add(xc.detach()), "backends do not mix");
  }

  @Test
  void batchedMatmulRunsThroughGemmBatched() {
    Random r = new Random(23);
    float[] a = rand(r, 6 * 3 * 5);
    float[] b = rand(r, 6 * 5 * 2);
    SealedBackend sealed = new SealedBackend();
    Tensor as = Tensor.fromArray(sealed, a, 6, 3, 5).requiresGrad(true);
    Tensor bs = Tensor.fromArray(sealed, b, 6, 5, 2).requiresGrad(true);
    Tensor ac = Tensor.fromArray(a.clone(), 6, 3, 5).requiresGrad(true);
    Tensor bc = Tensor.fromArray(b.clone(), 6, 5, 2).requiresGrad(true);
    sealed.resetCounts();
    Tensor ys = as.matmul(bs);
    ys.sum().backward();
    assertEquals(0, sealed.downloads());
    Tensor yc = ac.matmul(bc);
    yc.sum().backward();
    assertArrayEquals(yc.toFloatArray(), ys.toFloatArray());
    assertArrayEquals(ac.grad().toFloatArray(), as.grad().toFloatArray());
    assertArrayEquals(bc.grad().toFloatArray(), bs.grad().toFloatArray());
  }

  /**
   * Trains {@code make}'s network [T, N, C, H, W] → [T, N, 10] for a few Adam steps on the CPU and, moved with
   * {@link Module#to(Backend)}, on the sealed backend: no download inside a step, {@code uploads} uploads per step
   * (the batch and its labels; dropout masks are drawn on the backend), losses and parameters equal bit for bit.
   */
  private static void trainsLikeTheCpu(Supplier<Module> make, int t, int n, int c, int hw, int uploads) {
    SealedBackend sealed = new SealedBackend();
    Module cpu = make.get();
    Module dev = make.get().to(sealed);
    for (Tensor p : dev.parameters()) {
      assertSame(sealed, p.backend());
    }
    Adam oc = Adam.adam(cpu.namedParameters(), 0.01);
    Adam od = Adam.adam(dev.namedParameters(), 0.01);
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
      sealed.resetCounts();
      Tensor ld = Losses.byName("ce", dev.forward(Tensor.fromArray(sealed, x, t, n, c, hw, hw)),
          Tensor.fromArray(sealed, labels, n));
      od.zeroGrad();
      ld.backward();
      od.step();
      dev.reset();
      assertEquals(0, sealed.downloads(), "nothing read back inside the step");
      assertEquals(uploads, sealed.uploads(), "batch and labels");
      assertEquals(lc.item(), ld.item(), "step " + s);
    }
    Map<String, Tensor> pc = cpu.namedParameters();
    Map<String, Tensor> pd = dev.namedParameters();
    assertEquals(pc.keySet(), pd.keySet());
    pd.forEach((k, v) -> assertArrayEquals(pc.get(k).toFloatArray(), v.toFloatArray(), k));
  }

  @Test
  void csnnWithIfAndLifNeuronsTrainsOnTheSealedBackendLikeOnTheCpu() {
    trainsLikeTheCpu(() -> ModelZoo.csnnFmnist(3, NeuronChoice.parse("IF"), new Rng(5)), 2, 3, 1, 28, 2);
    trainsLikeTheCpu(() -> ModelZoo.csnnSmall(6), 3, 2, 2, 16, 2);
  }

  @Test
  void plifNetTrainsOnTheSealedBackendLikeOnTheCpuAndLearnsW() {
    trainsLikeTheCpu(() -> ModelZoo.plifMnist(2, NeuronChoice.parse("PLIF:detach"), true, new Rng(7), 7), 2, 2, 2,
        34, 2);
    // θ follows the moved module: w is a sealed tensor and the optimizer's updates reach it
    SealedBackend sealed = new SealedBackend();
    ParametricLIFNode p = new ParametricLIFNode();
    p.setStepMode('m');
    p.to(sealed);
    assertSame(sealed, p.w().tensor().backend());
    Tensor x = Tensor.fromArray(sealed, new float[] {0.5f, 1.5f, 2.5f, 0.9f, 1.2f, 3f}, 3, 2);
    sealed.resetCounts();
    p.forward(x).sum().backward();
    assertEquals(0, sealed.downloads());
    assertSame(sealed, p.w().tensor().grad().backend());
    assertEquals(true, p.w().grad() != 0, "dL/dw reaches the moved parameter");
  }

  /**
   * Every neuron model outside {@code NeuronKernels} (KLIF with its learnable k, LIAF with each activation,
   * Izhikevich, snnTorch Leaky with learnable β in all three reset modes, Synaptic) moves to the sealed backend and
   * trains there bit-identical to the CPU: Linear – neuron – Linear – neuron, three Adam steps, no download inside a
   * step.
   */
  @Test
  void everyOtherNeuronModelTrainsOnTheSealedBackendLikeOnTheCpu() {
    List<Supplier<Module>> neurons = List.of(
        () -> new KLIFNode(),
        () -> new KLIFNode(true, 2.0, true, 1.0, null, null, false, 's', false),
        () -> new LIAFNode(LiafActivation.RELU, true, 2.0, true, 1.0, 0.0, null, false, 's', false),
        () -> new LIAFNode(LiafActivation.SIGMOID, false, 2.0, false, 1.0, null, null, true, 's', false),
        () -> new LIAFNode(LiafActivation.TANH, true, 3.0, true, 0.8, 0.0, null, false, 's', false),
        () -> new IzhikevichNode(2.0, 0.8, 1.0, 1.0, 0.0, -0.1, 0.0, 2.0, 0.3, 0.2, null, false, 's', false),
        () -> new Leaky(0.8),
        () -> new Leaky(0.7, 1.0, null, ResetMechanism.ZERO),
        () -> new Leaky(0.9, 0.5, null, ResetMechanism.NONE),
        () -> new Synaptic(0.6, 0.8),
        () -> new Synaptic(0.5, 0.9, 1.0, null, ResetMechanism.ZERO));
    for (Supplier<Module> neuron : neurons) {
      trainsLikeTheCpu(() -> {
        Rng rng = new Rng(3);
        Sequential s = new Sequential(new Flatten(), new Linear(2 * 4 * 4, 12, true, rng), neuron.get(),
            new Linear(12, 10, true, rng), neuron.get());
        s.setStepMode('m');
        return s;
      }, 4, 3, 2, 4, 2);
    }
  }
}
