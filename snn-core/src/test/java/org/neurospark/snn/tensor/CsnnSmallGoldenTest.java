package org.neurospark.snn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.autograd.Function;
import org.neurospark.snn.autograd.FunctionContext;
import org.neurospark.snn.testing.Npy;

/**
 * End-to-end check of the engine against SpikingJelly/PyTorch golden tensors (case {@code csnn_small}): Conv2d →
 * BatchNorm2d (train) → LIF → MaxPool2d → Flatten → Linear → LIF → MSE of the firing rate; forward spikes, loss,
 * parameter gradients and BN running statistics. The LIF neuron and ATan surrogate are written here from engine ops
 * (the real neuron package lives elsewhere); everything else is the engine.
 */
class CsnnSmallGoldenTest {
  private static final int T = 4;
  private static final int B = 3;

  /** Heaviside forward (ties fire), SpikingJelly ATan(alpha) surrogate backward. */
  static final class AtanSpike extends Function {
    private final double alpha;

    AtanSpike(double alpha) {
      this.alpha = alpha;
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      ctx.saveForBackward(in[0]);
      return new Tensor[] {in[0].ge(0)};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
      Tensor x = ctx.savedTensors()[0];
      Tensor sg = x.mul(Math.PI / 2 * alpha).square().add(1).rdiv(alpha / 2);
      return new Tensor[] {g[0].mul(sg)};
    }
  }

  /** Multi-step LIF (tau, v_th 1, hard reset to 0, decay_input) over dim 0 of xSeq. */
  static Tensor lif(Tensor xSeq, double tau) {
    Tensor v = null;
    Tensor[] spikes = new Tensor[xSeq.size(0)];
    for (int t = 0; t < spikes.length; t++) {
      Tensor x = xSeq.select(0, t);
      Tensor h = v == null ? x.div(tau) : v.add(x.sub(v).div(tau));
      Tensor s = new AtanSpike(2.0).apply1(h.sub(1.0));
      spikes[t] = s;
      v = h.mul(s.rsub(1));
    }
    return Tensor.stack(0, spikes);
  }

  private static Tensor load(String name) throws IOException {
    return Npy.load(Npy.goldenDir().resolve("csnn_small." + name + ".npy"));
  }

  private static void close(Tensor expected, Tensor actual, double atol, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what);
    float[] e = expected.toFloatArray();
    float[] a = actual.toFloatArray();
    for (int i = 0; i < e.length; i++) {
      if (Math.abs(e[i] - a[i]) > atol + 1e-4 * Math.abs(e[i])) {
        throw new AssertionError(what + "[" + i + "]: expected " + e[i] + " got " + a[i]);
      }
    }
  }

  @Test
  void matchesSpikingJellyForwardBackwardAndRunningStats() throws IOException {
    Path dir = Npy.goldenDir();
    Tensor x = load("x"); // [T, B, 2, 16, 16]
    float[] labels = load("label").toFloatArray();
    Tensor convW = load("param_0.weight").requiresGrad(true);
    Tensor bnW = load("param_1.weight").requiresGrad(true);
    Tensor bnB = load("param_1.bias").requiresGrad(true);
    Tensor fcW = load("param_5.weight").requiresGrad(true);
    Tensor fcB = load("param_5.bias").requiresGrad(true);
    Tensor runMean = Tensor.zeros(8);
    Tensor runVar = Tensor.ones(8);

    Tensor h = NN.conv2d(x.flatten(0, 1), convW, null, 1, 1); // [T·B, 8, 16, 16]
    h = NN.batchNorm(h, runMean, runVar, bnW, bnB, true, 0.1, 1e-5);
    Tensor s1 = lif(h.reshape(T, B, 8, 16, 16), 2.0);
    Tensor p = NN.maxPool2d(s1.flatten(0, 1), 2, 2, 0).flatten(1, -1); // [T·B, 512]
    Tensor y = NN.linear(p, fcW, fcB).reshape(T, B, 10);
    Tensor out = lif(y, 2.0);
    float[] oneHot = new float[B * 10];
    for (int i = 0; i < B; i++) {
      oneHot[i * 10 + (int) labels[i]] = 1;
    }
    Tensor loss = NN.mseLoss(out.mean(0, false), Tensor.fromArray(oneHot, B, 10));
    loss.backward();

    assertArrayEquals(load("out_spikes").toFloatArray(), out.toFloatArray(), "output spikes " + dir);
    assertEquals(load("loss").item(), loss.item(), 1e-6);
    close(load("grad_0.weight"), convW.grad(), 1e-5, "conv weight grad");
    close(load("grad_1.weight"), bnW.grad(), 1e-5, "bn weight grad");
    close(load("grad_1.bias"), bnB.grad(), 1e-5, "bn bias grad");
    close(load("grad_5.weight"), fcW.grad(), 1e-5, "linear weight grad");
    close(load("grad_5.bias"), fcB.grad(), 1e-5, "linear bias grad");
    close(load("buffer_1.running_mean"), runMean, 1e-6, "running mean");
    close(load("buffer_1.running_var"), runVar, 1e-6, "running var");
  }
}
