package org.neurospark.snn.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.dynamics.ParametricLifCharge;
import org.neurospark.snn.neuron.kernels.MultiStepKernel;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.nn.Sequential;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.CpuContext;

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

  private static double grad(Tensor p) {
    return p.grad() == null ? 0 : p.grad().item();
  }

  /**
   * Step-by-step (T calls in mode 's', backward through V across the calls) equals one multi-step call, forward
   * and backward, for every model.
   */
  @Test
  void stepByStepEqualsMultiStep() {
    Random r = new Random(1);
    for (Supplier<BaseNode> f : models()) {
      float[] x = random(r, T * N, -0.5, 1.5);
      float[] g = random(r, T * N, -1, 1);
      BaseNode multi = f.get();
      multi.setStepMode('m');
      multi.setStoreVSeq(true);
      Tensor xm = Tensor.fromArray(x, T, N).requiresGrad(true);
      Tensor ym = multi.forward(xm);
      float[] yMulti = ym.toFloatArray();
      ym.backward(Tensor.fromArray(g, T, N));
      float[] gxMulti = xm.grad().toFloatArray();
      BaseNode single = f.get();
      String name = single.getClass().getSimpleName();
      float[] ySingle = new float[T * N];
      Tensor[] xs = new Tensor[T];
      Tensor loss = null;
      float[] vSeq = multi.vSeq().toFloatArray();
      for (int t = 0; t < T; t++) {
        xs[t] = Tensor.fromArray(row(x, t, N), N).requiresGrad(true);
        Tensor y = single.forward(xs[t]);
        System.arraycopy(y.toFloatArray(), 0, ySingle, t * N, N);
        assertArrayEquals(row(vSeq, t, N), single.v().toFloatArray(), name + " v after step " + t);
        Tensor term = y.mul(Tensor.fromArray(row(g, t, N), N)).sum();
        loss = loss == null ? term : loss.add(term);
      }
      assertArrayEquals(yMulti, ySingle, name + " outputs");
      assertArrayEquals(multi.v().toFloatArray(), single.v().toFloatArray(), name);
      loss.backward();
      float[] gxSingle = new float[T * N];
      for (int t = T - 1; t >= 0; t--) {
        System.arraycopy(xs[t].grad().toFloatArray(), 0, gxSingle, t * N, N);
      }
      for (int i = 0; i < gxMulti.length; i++) {
        assertEquals(gxMulti[i], gxSingle[i], 1e-6f * Math.max(1f, Math.abs(gxMulti[i])), name + " grad " + i);
      }
      for (String p : multi.namedParameters().keySet()) {
        double a = grad(multi.namedParameters().get(p));
        double b = grad(single.namedParameters().get(p));
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
      one.setStepMode('m');
      two.setStepMode('m');
      Tensor x1 = Tensor.fromArray(x, 4, n).requiresGrad(true);
      Tensor x2 = Tensor.fromArray(x, 4, n).requiresGrad(true);
      Tensor y1;
      Tensor y2;
      try (CpuContext c1 = CpuContext.open(1); CpuContext c2 = CpuContext.open(2)) {
        y1 = c1.call(() -> one.forward(x1));
        y2 = c2.call(() -> two.forward(x2));
        c1.run(() -> y1.backward(Tensor.fromArray(g, 4, n)));
        c2.run(() -> y2.backward(Tensor.fromArray(g, 4, n)));
      }
      assertArrayEquals(y1.toFloatArray(), y2.toFloatArray());
      assertArrayEquals(x1.grad().toFloatArray(), x2.grad().toFloatArray());
      for (String p : one.namedParameters().keySet()) {
        double a = grad(one.namedParameters().get(p));
        assertEquals(a, grad(two.namedParameters().get(p)), 1e-6 * Math.max(1, Math.abs(a)));
      }
    }
  }

  @Test
  void resetReturnsToTheInitialState() {
    LIFNode lif = new LIFNode();
    assertNull(lif.v());
    assertEquals(0f, lif.vInitValue());
    Tensor x = Tensor.fromArray(new float[] {0.7f, 2.5f, -1f}, 3);
    float[] first = lif.forward(x).toFloatArray();
    assertArrayEquals(new float[] {0.35f, 0f, -0.5f}, lif.v().toFloatArray());
    assertArrayEquals(new float[] {0f, 1f, 0f}, first);
    lif.forward(x);
    Functional.resetNet(lif);
    assertNull(lif.v());
    assertArrayEquals(first, lif.forward(x).toFloatArray());
    assertEquals(-0.1f, new QIFNode().vInitValue());
  }

  @Test
  void detachTruncatesBackpropagationThroughTime() {
    float[] x = {0.4f, 0.3f};
    LIFNode full = new LIFNode();
    LIFNode truncated = new LIFNode();
    Tensor[][] inputs = new Tensor[2][2];
    Tensor[] last = new Tensor[2];
    LIFNode[] nodes = {full, truncated};
    for (int k = 0; k < 2; k++) {
      LIFNode n = nodes[k];
      inputs[k][0] = Tensor.fromArray(x, 2).requiresGrad(true);
      n.forward(inputs[k][0]);
      if (n == truncated) {
        Functional.detachNet(n);
        assertTrue(!n.v().requiresGrad(), "detach cuts V's gradient history");
      }
      inputs[k][1] = Tensor.fromArray(x, 2).requiresGrad(true);
      last[k] = n.forward(inputs[k][1]);
    }
    Tensor g = Tensor.fromArray(new float[] {1f, 1f}, 2);
    last[0].backward(g);
    last[1].backward(g);
    assertArrayEquals(inputs[0][1].grad().toFloatArray(), inputs[1][1].grad().toFloatArray(),
        "the last step is unaffected");
    assertNull(inputs[1][0].grad(), "no gradient reaches the step before detach");
    assertThrows(IllegalStateException.class, () -> last[1].backward(g), "the graph was consumed");
    // the earlier step of the full graph receives the gradient flowing back through V
    assertTrue(Math.abs(inputs[0][0].grad().toFloatArray()[0]) > 0, "gradient through V reaches the first step");
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
    float[] xs = new float[3 * 4];
    java.util.Arrays.fill(xs, 0.6f);
    float[] y = net.forward(Tensor.fromArray(xs, 3, 4)).toFloatArray();
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
    n.forward(Tensor.zeros(4));
    assertThrows(IllegalArgumentException.class, () -> n.forward(Tensor.zeros(5)));
    assertThrows(IllegalArgumentException.class, () -> n.forward(Tensor.zeros(2, 2)));
    n.reset();
    n.forward(Tensor.zeros(5));
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
    assertEquals(0f, plif.namedParameters().get("w").item(), 1e-7);
    assertEquals(List.of("w"), List.copyOf(plif.namedParameters().keySet()));
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
    float[] y = n.forward(Tensor.fromArray(new float[] {4f, 1f}, 2)).toFloatArray();
    // H = x/2 = 2, 0.5 → relu(H − 1) = 1, 0
    assertArrayEquals(new float[] {1f, 0f}, y);
    assertArrayEquals(new float[] {0f, 0.5f}, n.v().toFloatArray(), "the first neuron fired and was reset internally");
  }

  /**
   * The module (step by step, autograd through V) computes what the fused array kernel computes for the whole
   * sequence at once, forward and backward, including ∂L/∂w; detach cuts V's history.
   */
  @Test
  void moduleMatchesTheFusedArrayKernel() {
    Random r = new Random(9);
    float[] x = random(r, T * N, -0.5, 1.5);
    float[] g = random(r, T * N, -1, 1);
    ParametricLIFNode ten = new ParametricLIFNode();
    NeuronSpec spec = new NeuronSpec(new ParametricLifCharge(ten.w().value(), ten.decayInput(), 0.0, true),
        ten.surrogate(), ten.vThreshold(), ten.vReset(), ten.detachReset());
    float[] y = new float[T * N];
    float[] h = new float[T * N];
    MultiStepKernel.forward(spec, T, N, x, null, y, h, null, new float[N], 1);
    float[] gx = new float[T * N];
    double gw = MultiStepKernel.backward(spec, T, N, h, null, g, null, null, gx, null, 1);
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
    assertEquals(gw, ten.w().grad(), 1e-4 * Math.max(1, Math.abs(gw)));
    assertNotNull(ten.v());
    ten.detach();
    assertTrue(!ten.v().requiresGrad());
  }

  /** The learnable scalars are parameters with SpikingJelly's names, saved as 0-dim tensors, and reloadable. */
  @Test
  void learnableScalarsAreNamedParameters() {
    ParametricLIFNode plif = new ParametricLIFNode();
    KLIFNode klif = new KLIFNode();
    Sequential net = new Sequential(plif, new IFNode(), klif);
    assertEquals(List.of("0.w", "2.k"), List.copyOf(net.namedParameters().keySet()));
    assertSame(plif.w().tensor(), net.namedParameters().get("0.w"));
    assertEquals(0, net.stateDict().get("0.w").shape().length, "saved as a 0-dim tensor");
    plif.w().set(0.25f);
    Sequential copy = new Sequential(new ParametricLIFNode(), new IFNode(), new KLIFNode());
    copy.loadStateDict(net.stateDict(), true);
    assertEquals(0.25f, ((ParametricLIFNode) copy.get(0)).w().value());
  }
}
