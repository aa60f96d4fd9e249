package org.neurospark.snn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.loss.Losses;
import org.neurospark.snn.optim.Adam;
import org.neurospark.snn.optim.Optimizer;
import org.neurospark.snn.optim.Sgd;

/**
 * The parts of a training step already behind {@link Backend} run on a backend whose memory the host cannot read
 * ({@link SealedTestBackend}): losses with INT32 labels (one-hot, NLL via gather/scatter), the autograd seed,
 * max/max-pool with INT32 argmax, in-place gradient accumulation and the fused optimizer updates, with no
 * download inside the step and results equal bit for bit to the CPU's.
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
        SealedTestBackend sealed = new SealedTestBackend();
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
  void maxArgmaxAndMaxPoolRunOnTheBackend() {
    Random r = new Random(22);
    float[] v = rand(r, 2 * 3 * 6 * 6);
    float[] g = rand(r, 2 * 3 * 3 * 3);
    SealedTestBackend sealed = new SealedTestBackend();
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
    SealedTestBackend sealed = new SealedTestBackend();
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
}
