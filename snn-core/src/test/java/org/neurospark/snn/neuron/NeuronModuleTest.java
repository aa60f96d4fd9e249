package org.neurospark.snn.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.tensor.Tensor;

class NeuronModuleTest {
  private static final int T = 7;
  private static final int N = 40;

  private static List<Supplier<BaseNode>> models() {
    List<Supplier<BaseNode>> l = new ArrayList<>();
    l.add(IFNode::new);
    l.add(() -> new IFNode(0.8, null, null, true, 's', false));
    l.add(LIFNode::new);
    l.add(() -> new LIFNode(3.0, false, 1.0, null, null, false, 's', false));
    l.add(ParametricLIFNode::new);
    l.add(() -> new ParametricLIFNode(4.0, false, 1.0, -0.2, null, true, 's', false));
    l.add(QIFNode::new);
    l.add(EIFNode::new);
    l.add(() -> new IzhikevichNode(2.0, 0.8, 1.0, 1.0, 0.0, -0.1, 0.0, 2.0, 0.3, 0.1, null, false, 's', false));
    l.add(KLIFNode::new);
    l.add(() -> new KLIFNode(true, 2.0, true, 1.0, null, null, false, 's', false));
    l.add(() -> new LIAFNode(LiafActivation.RELU, true, 2.0, true, 1.0, 0.0, null, false, 's', false));
    return l;
  }

  private static float[] random(Random r, int n, double lo, double hi) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (lo + (hi - lo) * r.nextDouble());
    }
    return a;
  }

  private static float[] row(float[] a, int t, int n) {
    float[] r = new float[n];
    System.arraycopy(a, t * n, r, 0, n);
    return r;
  }

  /** Step-by-step (T calls in mode 's') equals one multi-step call, forward and backward, for every model. */
  @Test
  void stepByStepEqualsMultiStep() {
    Random r = new Random(1);
    for (Supplier<BaseNode> f : models()) {
      float[] x = random(r, T * N, -0.5, 1.5);
      float[] g = random(r, T * N, -1, 1);
      BaseNode multi = f.get();
      multi.setStepMode('m');
      multi.setStoreVSeq(true);
      float[] yMulti = multi.forward(x, T, N);
      float[] gxMulti = multi.backward(g);
      BaseNode single = f.get();
      String name = single.getClass().getSimpleName();
      float[] ySingle = new float[T * N];
      for (int t = 0; t < T; t++) {
        float[] y = single.forward(row(x, t, N), N);
        System.arraycopy(y, 0, ySingle, t * N, N);
        assertArrayEquals(row(multi.vSeq(), t, N), single.v(), name + " v after step " + t);
      }
      assertArrayEquals(yMulti, ySingle, name + " outputs");
      assertArrayEquals(multi.v(), single.v(), name);
      float[] gxSingle = new float[T * N];
      for (int t = T - 1; t >= 0; t--) {
        System.arraycopy(single.backward(row(g, t, N)), 0, gxSingle, t * N, N);
      }
      for (int i = 0; i < gxMulti.length; i++) {
        assertEquals(gxMulti[i], gxSingle[i], 1e-6f * Math.max(1f, Math.abs(gxMulti[i])), name + " grad " + i);
      }
      for (String p : multi.parameters().keySet()) {
        double a = multi.parameters().get(p).grad();
        double b = single.parameters().get(p).grad();
        assertEquals(a, b, 1e-5 * Math.max(1, Math.abs(a)), name + " grad " + p);
        assertTrue(a != 0, name + " grad " + p + " should be non-zero");
      }
    }
  }

  @Test
  void threadCountDoesNotChangeResults() {
    Random r = new Random(2);
    int n = 70_001;
    float[] x = random(r, 4 * n, -0.5, 1.5);
    float[] g = random(r, 4 * n, -1, 1);
    for (Supplier<BaseNode> f : models()) {
      BaseNode one = f.get();
      BaseNode two = f.get();
      one.setThreads(1);
      two.setThreads(2);
      one.setStepMode('m');
      two.setStepMode('m');
      assertArrayEquals(one.forward(x, 4, n), two.forward(x, 4, n));
      assertArrayEquals(one.backward(g), two.backward(g));
      for (String p : one.parameters().keySet()) {
        double a = one.parameters().get(p).grad();
        assertEquals(a, two.parameters().get(p).grad(), 1e-6 * Math.max(1, Math.abs(a)));
      }
    }
  }

  @Test
  void resetReturnsToTheInitialState() {
    LIFNode lif = new LIFNode();
    assertNull(lif.v());
    assertEquals(0f, lif.vInitValue());
    float[] x = {0.7f, 2.5f, -1f};
    float[] first = lif.forward(x, 3);
    assertArrayEquals(new float[] {0.35f, 0f, -0.5f}, lif.v());
    assertArrayEquals(new float[] {0f, 1f, 0f}, first);
    lif.forward(x, 3);
    Functional.resetNet(lif);
    assertNull(lif.v());
    assertArrayEquals(first, lif.forward(x, 3));
    assertEquals(-0.1f, new QIFNode().vInitValue());
  }

  @Test
  void detachTruncatesBackpropagationThroughTime() {
    float[] x = {0.4f, 0.3f};
    LIFNode full = new LIFNode();
    LIFNode truncated = new LIFNode();
    for (LIFNode n : new LIFNode[] {full, truncated}) {
      n.forward(x, 2);
      if (n == truncated) {
        n.detach();
      }
      n.forward(x, 2);
    }
    float[] g = {1f, 1f};
    float[] gFull = full.backward(g);
    float[] gTrunc = truncated.backward(g);
    assertArrayEquals(gFull, gTrunc, "the last step is unaffected");
    assertEquals(1, full.pendingBackwardCalls());
    assertEquals(0, truncated.pendingBackwardCalls());
    assertThrows(IllegalStateException.class, () -> truncated.backward(g));
    // the earlier step of the full graph also receives the gradient flowing back through V
    float[] gEarlyWithCarry = full.backward(new float[] {0f, 0f});
    assertTrue(Math.abs(gEarlyWithCarry[0]) > 0, "gradient through V reaches the first step");
  }

  @Test
  void stepModeIsSetNetWideAndValidated() {
    IFNode a = new IFNode();
    LIFNode b = new LIFNode();
    Sequential net = new Sequential(a, b);
    assertEquals('s', a.stepMode());
    Functional.setStepMode(net, 'm');
    assertEquals('m', a.stepMode());
    assertEquals('m', b.stepMode());
    assertThrows(IllegalArgumentException.class, () -> a.setStepMode('x'));
    float[] x = new float[3 * 4];
    java.util.Arrays.fill(x, 0.6f);
    float[] y = net.forward(x, 3, 4);
    // IF: 0.6, 1.2 (spike), 0.6 → spikes 0,1,0 ; LIF sees 0,1,0: h = 0, 0.5, 0.25 → no spikes
    assertEquals(0f, y[4]);
    assertEquals(12, y.length);
    Functional.resetNet(net);
    assertNull(a.v());
    assertNull(b.v());
  }

  @Test
  void inputShapeChangeWithoutResetIsAnError() {
    IFNode n = new IFNode();
    n.forward(new float[4], 4);
    assertThrows(IllegalArgumentException.class, () -> n.forward(new float[5], 5));
    assertThrows(IllegalArgumentException.class, () -> n.forward(new float[5], 4));
    n.reset();
    n.forward(new float[5], 5);
  }

  @Test
  void factoryUsesSpikingJellyNamesAndDefaults() {
    Map<String, Object> p = new HashMap<>();
    p.put("tau", 4.0);
    p.put("v_reset", null);
    p.put("surrogate", "ATan(alpha=3)");
    p.put("decay_input", false);
    BaseNode n = NeuronFactory.create("LIFNode", p);
    assertTrue(n instanceof LIFNode);
    assertNull(n.vReset());
    assertEquals(4.0, ((LIFNode) n).tau());
    assertEquals("ATan(alpha=3.0, spiking=True)", n.surrogate().toString());
    assertEquals(-0.1, NeuronFactory.create("EIFNode", Map.of()).vReset());
    BaseNode plif = NeuronFactory.create("ParametricLIFNode", Map.of("init_tau", 2.0));
    assertEquals(0f, plif.parameters().get("w").value(), 1e-7);
    assertEquals(2.0, ((ParametricLIFNode) plif).tau(), 1e-6);
    assertThrows(IllegalArgumentException.class, () -> NeuronFactory.create("LIFNode", Map.of("taus", 2.0)));
    assertThrows(IllegalArgumentException.class, () -> NeuronFactory.create("LIFNode", Map.of("tau", 1.0)));
    assertThrows(IllegalArgumentException.class, () -> NeuronFactory.create("FooNode", Map.of()));
    assertTrue(NeuronFactory.create("IFNode", Map.of()).toString().contains(
        "v_threshold=1.0, v_reset=0.0, detach_reset=False"));
  }

  @Test
  void liafOutputsTheActivationOfTheChargedPotential() {
    LIAFNode n = new LIAFNode(LiafActivation.RELU, true, 2.0, true, 1.0, 0.0, null, false, 's', false);
    float[] y = n.forward(new float[] {4f, 1f}, 2);
    // H = x/2 = 2, 0.5 → relu(H − 1) = 1, 0
    assertArrayEquals(new float[] {1f, 0f}, y);
    assertArrayEquals(new float[] {0f, 0.5f}, n.v(), "the first neuron fired and was reset internally");
  }

  /** The tensor API records the same computation in the engine's autograd graph. */
  @Test
  void tensorApiMatchesArrayApiAndBackpropagatesThroughState() {
    Random r = new Random(9);
    float[] x = random(r, T * N, -0.5, 1.5);
    float[] g = random(r, T * N, -1, 1);
    ParametricLIFNode arr = new ParametricLIFNode();
    arr.setStepMode('m');
    float[] y = arr.forward(x, T, N);
    float[] gx = arr.backward(g);
    ParametricLIFNode ten = new ParametricLIFNode();
    List<Tensor> xs = new ArrayList<>();
    List<Tensor> ys = new ArrayList<>();
    for (int t = 0; t < T; t++) {
      Tensor xt = Tensor.fromArray(row(x, t, N), N).requiresGrad(true);
      xs.add(xt);
      ys.add(ten.forward(xt));
    }
    Tensor loss = null;
    for (int t = 0; t < T; t++) {
      assertArrayEquals(row(y, t, N), ys.get(t).toFloatArray());
      Tensor term = ys.get(t).mul(Tensor.fromArray(row(g, t, N), N)).sum();
      loss = loss == null ? term : loss.add(term);
    }
    loss.backward();
    for (int t = 0; t < T; t++) {
      float[] got = xs.get(t).grad().toFloatArray();
      float[] want = row(gx, t, N);
      for (int i = 0; i < N; i++) {
        assertEquals(want[i], got[i], 1e-5f * Math.max(1f, Math.abs(want[i])));
      }
    }
    double gw = arr.w().grad();
    assertEquals(gw, ten.w().grad(), 1e-4 * Math.max(1, Math.abs(gw)));
    assertNotNull(ten.vTensor());
    ten.detach();
    assertTrue(!ten.vTensor().requiresGrad());
  }

  /** Every model's tensor API agrees with its array API, step by step, forward and backward (incl. Izhikevich W). */
  @Test
  void tensorApiMatchesArrayApiForEveryModel() {
    Random r = new Random(10);
    int t = 5;
    int n = 12;
    for (Supplier<BaseNode> f : models()) {
      float[] x = random(r, t * n, -0.5, 1.5);
      float[] g = random(r, t * n, -1, 1);
      BaseNode arr = f.get();
      arr.setStepMode('m');
      float[] y = arr.forward(x, t, n);
      float[] gx = arr.backward(g);
      BaseNode ten = f.get();
      Tensor xt = Tensor.fromArray(x, t, n).requiresGrad(true);
      Tensor[] steps = new Tensor[t];
      for (int i = 0; i < t; i++) {
        steps[i] = ten.forward(xt.select(0, i));
      }
      Tensor yt = Tensor.stack(0, steps);
      assertArrayEquals(y, yt.toFloatArray(), ten.getClass().getSimpleName());
      yt.mul(Tensor.fromArray(g, t, n)).sum().backward();
      float[] got = xt.grad().toFloatArray();
      for (int i = 0; i < gx.length; i++) {
        assertEquals(gx[i], got[i], 1e-5f * Math.max(1f, Math.abs(gx[i])), ten.getClass().getSimpleName() + " " + i);
      }
      for (String p : arr.parameters().keySet()) {
        double a = arr.parameters().get(p).grad();
        assertEquals(a, ten.parameters().get(p).grad(), 1e-4 * Math.max(1, Math.abs(a)));
      }
    }
  }
}
