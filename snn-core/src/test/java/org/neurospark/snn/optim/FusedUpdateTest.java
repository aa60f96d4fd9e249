package org.neurospark.snn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.autograd.GradMode;
import org.neurospark.snn.tensor.AdamParams;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.SgdParams;
import org.neurospark.snn.tensor.Tensor;

/**
 * The optimizers' fused backend updates against the element-wise host loops they replaced (float32 with scalar
 * factors rounded to float, as PyTorch), bit for bit, over several steps, through {@link Optimizer#step()}.
 */
class FusedUpdateTest {
  private static float[] rand(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  /** The host SGD loop (float32) this code had before the backend kernel. */
  private static void refSgd(float[] p, float[] g, float[] buf, boolean first, double lr0, double momentum,
      double dampening, double weightDecay, boolean nesterov) {
    float lr = (float) lr0;
    float wd = (float) weightDecay;
    float mu = (float) momentum;
    float damp = (float) (1 - dampening);
    for (int i = 0; i < p.length; i++) {
      float d = g[i];
      if (weightDecay != 0) {
        d = d + wd * p[i];
      }
      if (momentum != 0) {
        float b = first ? d : mu * buf[i] + damp * d;
        buf[i] = b;
        d = nesterov ? d + mu * b : b;
      }
      p[i] = p[i] - lr * d;
    }
  }

  /** The host Adam loop (float32) this code had before the backend kernel. */
  private static void refAdam(float[] p, float[] g, float[] m, float[] v, float[] vmax, long t, double lr,
      double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
    double bc1 = 1 - Math.pow(beta1, t);
    double bc2 = 1 - Math.pow(beta2, t);
    float stepSize = (float) (lr / bc1);
    float bc2Sqrt = (float) Math.sqrt(bc2);
    float decay = (float) (1 - lr * weightDecay);
    float wd = (float) weightDecay;
    float w1 = (float) (1 - beta1);
    float b2 = (float) beta2;
    float w2 = (float) (1 - beta2);
    float e = (float) eps;
    for (int i = 0; i < p.length; i++) {
      float gi = g[i];
      float pi = p[i];
      if (weightDecay != 0) {
        if (decoupled) {
          pi = pi * decay;
        } else {
          gi = gi + wd * pi;
        }
      }
      float mi = m[i] + w1 * (gi - m[i]);
      float vi = b2 * v[i] + w2 * gi * gi;
      m[i] = mi;
      v[i] = vi;
      float vd = vi;
      if (vmax != null) {
        vd = Math.max(vmax[i], vi);
        vmax[i] = vd;
      }
      float denom = (float) Math.sqrt(vd) / bc2Sqrt + e;
      p[i] = pi - stepSize * (mi / denom);
    }
  }

  @Test
  void sgdStepsMatchTheHostLoopBitForBit() {
    Random r = new Random(11);
    for (boolean nesterov : new boolean[] {false, true}) {
      float[] p0 = rand(r, 24);
      Tensor p = Tensor.fromArray(p0.clone(), 4, 6).requiresGrad(true);
      Sgd opt = new Sgd(Map.of("w", p), 0.05, 0.9, nesterov ? 0 : 0.1, 1e-3, nesterov);
      float[] ref = p0.clone();
      float[] buf = new float[24];
      for (int s = 0; s < 4; s++) {
        float[] g = rand(r, 24);
        // a transposed (non-contiguous) gradient view: the kernel reads it in the parameter's element order
        p.setGrad(Tensor.fromArray(transpose(g, 4, 6), 6, 4).t());
        int v0 = p.version();
        opt.step();
        refSgd(ref, g, buf, s == 0, 0.05, 0.9, nesterov ? 0 : 0.1, 1e-3, nesterov);
        assertArrayEquals(ref, p.toFloatArray(), "step " + s);
        assertArrayEquals(buf, opt.state().get("w").buffer("momentum_buffer").toFloatArray());
        assertEquals(v0 + 1, p.version());
      }
    }
  }

  private static float[] transpose(float[] a, int rows, int cols) {
    float[] t = new float[a.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[j * rows + i] = a[i * cols + j];
      }
    }
    return t;
  }

  @Test
  void adamAndAdamWStepsMatchTheHostLoopBitForBit() {
    Random r = new Random(12);
    for (boolean decoupled : new boolean[] {false, true}) {
      for (boolean amsgrad : new boolean[] {false, true}) {
        float[] p0 = rand(r, 30);
        Tensor p = Tensor.fromArray(p0.clone(), 30).requiresGrad(true);
        Adam opt = new Adam(Map.of("w", p), 0.01, 0.9, 0.99, 1e-8, 0.02, decoupled, amsgrad);
        float[] ref = p0.clone();
        float[] m = new float[30];
        float[] v = new float[30];
        float[] vmax = amsgrad ? new float[30] : null;
        for (int s = 1; s <= 5; s++) {
          float[] g = rand(r, 30);
          p.setGrad(Tensor.fromArray(g, 30).to(DType.FLOAT64)); // converted to the parameter's dtype first
          opt.step();
          refAdam(ref, toFloat(Tensor.fromArray(g, 30).to(DType.FLOAT64)), m, v, vmax, s, 0.01, 0.9, 0.99, 1e-8,
              0.02, decoupled);
          assertArrayEquals(ref, p.toFloatArray(), "decoupled " + decoupled + " amsgrad " + amsgrad + " step " + s);
          assertArrayEquals(v, opt.state().get("w").buffer("exp_avg_sq").toFloatArray());
        }
      }
    }
  }

  private static float[] toFloat(Tensor t) {
    return t.toFloatArray();
  }

  @Test
  void float64KernelsAndOperandChecks() {
    Backend be = Tensor.defaultBackend();
    Tensor p = Tensor.fromArray(new double[] {1, -2, 3}, 3);
    Tensor g = Tensor.fromArray(new double[] {0.5, 0.25, -1}, 3);
    Tensor m = Tensor.zeros(DType.FLOAT64, 3);
    Tensor v = Tensor.zeros(DType.FLOAT64, 3);
    try (GradMode.Scope s = GradMode.noGrad()) {
      be.adamUpdate(new AdamParams(0.1, 0.9, 0.999, 1e-8, 0, false), 1, p, g, m, v, null);
    }
    // first Adam step: m = 0.1 g, v = 0.001 g², p -= lr · m̂ / (sqrt(v̂) + eps) = lr · sign(g) (up to eps)
    double[] got = p.toDoubleArray();
    assertEquals(0.9, got[0], 1e-7);
    assertEquals(-2.1, got[1], 1e-7);
    assertEquals(3.1, got[2], 1e-7);
    Tensor q = Tensor.fromArray(new double[] {1, 1}, 2);
    be.sgdUpdate(new SgdParams(0.5, 0, 0, 0, false), q, Tensor.fromArray(new double[] {2, -2}, 2), null, true);
    assertArrayEquals(new double[] {0, 2}, q.toDoubleArray());
    assertThrows(IllegalArgumentException.class, () -> be.sgdUpdate(new SgdParams(0.5, 0.9, 0, 0, false), q,
        Tensor.fromArray(new double[] {2, -2}, 2), null, true), "momentum without a buffer");
    assertThrows(IllegalArgumentException.class, () -> be.sgdUpdate(new SgdParams(0.5, 0, 0, 0, false), q,
        Tensor.fromArray(new float[] {2, -2}, 2), null, true), "gradient of another dtype");
  }
}
