package org.neurospark.snn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.neuron.BaseNode;
import org.neurospark.snn.neuron.NeuronFactory;
import org.neurospark.snn.tensor.Init;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;

class LayerBehaviourTest {
  private final Rng rng = new Rng(3);

  private static BaseNode ifNode() {
    return NeuronFactory.create("IFNode", Map.of("surrogate_function", "ATan()"));
  }

  private static BaseNode lifNode() {
    return NeuronFactory.create("LIFNode", Map.of("tau", 2.0));
  }

  /** SpikingJelly golden: step-by-step and layer-by-layer propagation give identical outputs (max error 0). */
  @Test
  void singleStepLoopEqualsMultiStep() {
    Rng r1 = new Rng(9);
    Linear fc = new Linear(4 * 3 * 3, 5, true, r1);
    Init.uniform_(fc.weight(), -0.5, 1, r1);
    Sequential net = new Sequential(new Conv2d(1, 4, 3, 1, 1, false, r1), ifNode(), Pool2d.max(2, 2, 0),
        new Flatten(), fc, lifNode());
    Tensor x = Init.uniform_(Tensor.zeros(6, 2, 1, 6, 6), 0, 2, rng);
    net.setStepMode('m');
    float[] multi = net.forward(x).toFloatArray();
    net.reset();
    net.setStepMode('s');
    List<Tensor> ys = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      ys.add(net.forward(x.select(0, t).contiguous()));
    }
    float[] single = Tensor.stack(ys, 0).toFloatArray();
    assertArrayEquals(multi, single, 0f);
    float sum = 0;
    for (float v : multi) {
      sum += v;
    }
    assertTrue(sum > 0, "the network must spike for the comparison to mean something");
  }

  @Test
  void multiStepConvNeedsFiveDims() {
    Conv2d c = new Conv2d(1, 2, 3, 1, 1, false, rng);
    c.setStepMode('m');
    assertThrows(IllegalArgumentException.class, () -> c.forward(Tensor.zeros(2, 1, 5, 5)));
    BatchNorm bn = BatchNorm.bn2d(2);
    bn.setStepMode('m');
    assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(2, 2, 5, 5)));
  }

  /** BatchNorm in step mode 'm' pools its statistics over T·N. */
  @Test
  void batchNormStatisticsOverTimeAndBatch() {
    BatchNorm bn = BatchNorm.bn1d(1);
    bn.setStepMode('m');
    Tensor x = Tensor.fromArray(new float[] {0, 2, 4, 6}, 2, 2, 1); // T=2, N=2, C=1
    float[] y = bn.forward(x).toFloatArray();
    double sd = Math.sqrt(5 + 1e-5);
    assertArrayEquals(new float[] {(float) (-3 / sd), (float) (-1 / sd), (float) (1 / sd), (float) (3 / sd)}, y,
        1e-6f);
    assertEquals(0.3f, (float) bn.runningMean().item(), 1e-7f);
    assertEquals(0.9f + 0.1f * 20f / 3f, (float) bn.runningVar().item(), 1e-6f);
    assertEquals(1, bn.numBatchesTracked());
  }

  /** One dropout mask per sequence: reused at every step, redrawn after reset, identity in eval. */
  @Test
  void dropoutMaskOncePerSequence() {
    Dropout d = Dropout.dropout(0.5, 42);
    d.setStepMode('m');
    Tensor x = Tensor.ones(4, 3, 20);
    float[] y = d.forward(x).toFloatArray();
    int zeros = 0;
    for (int t = 1; t < 4; t++) {
      for (int i = 0; i < 60; i++) {
        assertEquals(y[i], y[t * 60 + i], "mask differs at step " + t);
      }
    }
    for (int i = 0; i < 60; i++) {
      assertTrue(y[i] == 0f || y[i] == 2f);
      zeros += y[i] == 0 ? 1 : 0;
    }
    assertTrue(zeros > 10 && zeros < 50, "about half dropped, got " + zeros);
    Tensor m1 = d.mask();
    d.forward(x);
    assertSame(m1, d.mask(), "same mask until reset");
    d.reset();
    d.forward(x);
    assertNotEquals(m1, d.mask());
    d.setStepMode('s');
    d.reset();
    float[] a = d.forward(Tensor.ones(3, 20)).toFloatArray();
    float[] b = d.forward(Tensor.ones(3, 20)).toFloatArray();
    assertArrayEquals(a, b, 0f);
    d.eval();
    assertArrayEquals(Tensor.ones(3, 20).toFloatArray(), d.forward(Tensor.ones(3, 20)).toFloatArray(), 0f);
    Dropout d2 = Dropout.dropout2d(0.5, 1);
    d2.setStepMode('m');
    float[] z = d2.forward(Tensor.ones(2, 1, 8, 2, 2)).toFloatArray();
    for (int c = 0; c < 8; c++) {
      for (int k = 1; k < 4; k++) {
        assertEquals(z[c * 4], z[c * 4 + k], "Dropout2d drops whole channels");
      }
    }
  }

  /** SpikingJelly golden: IF inside ElementWiseRecurrentContainer(add), x = [1.5, 0, ..., 0] fires at all 8 steps. */
  @Test
  void elementWiseRecurrentIfFiresEveryStep() {
    ElementWiseRecurrentContainer c = ElementWiseRecurrentContainer.add(ifNode());
    c.setStepMode('m');
    assertEquals('s', c.child("sub_module").stepMode(), "children of recurrent containers stay single-step");
    float[] xs = new float[8];
    xs[0] = 1.5f;
    float[] y = c.forward(Tensor.fromArray(xs, 8, 1)).toFloatArray();
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1}, y, 0f);
  }

  @Test
  void votingAndSynapseFilterValues() {
    Tensor v = new VotingLayer(2).forward(Tensor.fromArray(new float[] {1, 0, 1, 1, 0, 0, 1}, 1, 7));
    assertArrayEquals(new float[] {0.5f, 1f, 0f}, v.toFloatArray(), 0f);
    SynapseFilter f = new SynapseFilter(2.0, false);
    f.setStepMode('m');
    float[] y = f.forward(Tensor.fromArray(new float[] {1, 0, 0, 1}, 4, 1)).toFloatArray();
    assertArrayEquals(new float[] {1f, 0.5f, 0.25f, 1.25f}, y, 1e-7f);
    SynapseFilter learn = new SynapseFilter(3.0, true);
    assertEquals(-Math.log(2), learn.namedParameters().get("w").item(), 1e-7);
    assertThrows(IllegalArgumentException.class, () -> new SynapseFilter(1.0, false));
  }

  @Test
  void linearRecurrentNamesAndShape() {
    LinearRecurrentContainer c = new LinearRecurrentContainer(ifNode(), 4, 4, true, rng);
    c.setStepMode('m');
    assertEquals(List.of("rc.weight", "rc.bias"), new ArrayList<>(c.namedParameters().keySet()));
    assertArrayEquals(new int[] {4, 8}, c.namedParameters().get("rc.weight").shape());
    assertArrayEquals(new int[] {5, 2, 4}, c.forward(Tensor.ones(5, 2, 4)).shape());
  }

  /** Pre-forward, forward and backward hooks of any module; one backward-hook call per forward call. */
  @Test
  void moduleHooksSeeInputsOutputsAndGradients() {
    Linear lin = new Linear(3, 2, true, rng);
    List<float[]> pre = new ArrayList<>();
    List<float[]> post = new ArrayList<>();
    List<Tensor[]> grads = new ArrayList<>();
    HookHandle h1 = lin.addForwardPreHook((m, in) -> pre.add(in.toFloatArray()));
    HookHandle h2 = lin.addForwardHook((m, in, out) -> post.add(out.toFloatArray()));
    HookHandle h3 = lin.addBackwardHook((m, gIn, gOut) -> grads.add(new Tensor[] {gIn, gOut}));
    Tensor x = Tensor.fromArray(new float[] {1f, -2f, 0.5f, 3f, 0f, -1f}, 2, 3).requiresGrad(true);
    Tensor y = lin.forward(x);
    Tensor z = lin.forward(Tensor.fromArray(new float[] {0.1f, 0.2f, 0.3f}, 1, 3));
    assertArrayEquals(x.toFloatArray(), pre.get(0));
    assertArrayEquals(y.toFloatArray(), post.get(0));
    assertEquals(2, pre.size());
    Tensor g = Tensor.fromArray(new float[] {1f, -1f, 0.5f, 2f}, 2, 2);
    y.add(0).backward(g);
    assertEquals(1, grads.size());
    assertArrayEquals(g.toFloatArray(), grads.get(0)[1].toFloatArray(), "∂L/∂output");
    assertArrayEquals(x.grad().toFloatArray(), grads.get(0)[0].toFloatArray(), "∂L/∂input");
    assertArrayEquals(new int[] {2, 3}, grads.get(0)[0].shape());
    z.sum().backward();
    assertEquals(2, grads.size());
    assertEquals(null, grads.get(1)[0], "no ∂L/∂input when the input does not require grad");
    assertArrayEquals(new float[] {1f, 1f}, grads.get(1)[1].toFloatArray());
    h1.remove();
    h2.remove();
    h3.remove();
    lin.forward(x).sum().backward();
    assertEquals(2, pre.size());
    assertEquals(2, post.size());
    assertEquals(2, grads.size());
  }
}
