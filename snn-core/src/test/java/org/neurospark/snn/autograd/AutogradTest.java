package org.neurospark.snn.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;

/** Tape semantics: accumulation, noGrad, detach, in-place guards, graph freeing, custom multi-output ops. */
class AutogradTest {

  private static Tensor vec(float... v) {
    return Tensor.fromArray(v, v.length);
  }

  @Test
  void gradientsAccumulateIntoLeavesAcrossUsesAndCalls() {
    Tensor x = vec(1, 2, 3).requiresGrad(true);
    Tensor y = x.mul(x).add(x.mul(3)).sum(); // dy/dx = 2x + 3
    y.backward();
    assertArrayEquals(new float[] {5, 7, 9}, x.grad().toFloatArray());
    x.mul(2).sum().backward(); // accumulates +2
    assertArrayEquals(new float[] {7, 9, 11}, x.grad().toFloatArray());
    x.zeroGrad();
    assertArrayEquals(new float[] {0, 0, 0}, x.grad().toFloatArray());
    assertTrue(x.isLeaf());
    assertFalse(y.isLeaf());
    assertEquals("Sum", y.gradFn().name());
  }

  @Test
  void noGradScopeRecordsNothingAndRestores() {
    Tensor x = vec(1, 2).requiresGrad(true);
    Tensor y;
    try (GradMode.Scope s = GradMode.noGrad()) {
      assertFalse(GradMode.isEnabled());
      y = x.mul(2);
      try (GradMode.Scope s2 = GradMode.enableGrad()) {
        assertTrue(x.mul(2).requiresGrad());
      }
      assertFalse(GradMode.isEnabled());
    }
    assertTrue(GradMode.isEnabled());
    assertFalse(y.requiresGrad());
    assertNull(y.gradFn());
    assertThrows(IllegalStateException.class, y::backward);
  }

  @Test
  void detachCutsTheGraphButSharesStorage() {
    Tensor x = vec(1, 2).requiresGrad(true);
    Tensor d = x.mul(3).detach();
    assertFalse(d.requiresGrad());
    Tensor z = x.mul(d).sum();
    z.backward();
    assertArrayEquals(new float[] {3, 6}, x.grad().toFloatArray());
    Tensor v = x.detach();
    assertSame(x.storage(), v.storage());
  }

  @Test
  void inPlaceModificationOfASavedTensorIsDetected() {
    Tensor w = vec(1, 2, 3).requiresGrad(true);
    Tensor x = vec(4, 5, 6); // saved by mul for w's gradient
    Tensor y = w.mul(x).sum();
    x.add_(1.0);
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(e.getMessage().contains("modified by an in-place operation"), e.getMessage());
    // saved output (exp saves its result): modifying through a view is caught too
    Tensor a = vec(0, 1).requiresGrad(true);
    Tensor ex = a.exp();
    Tensor loss = ex.sum();
    try (GradMode.Scope s = GradMode.noGrad()) {
      ex.slice(0, 0, 1).fill_(7);
    }
    assertThrows(IllegalStateException.class, loss::backward);
  }

  @Test
  void inPlaceOnTensorsRequiringGradIsRefusedUnderGradMode() {
    Tensor p = vec(1, 2).requiresGrad(true);
    assertThrows(IllegalStateException.class, () -> p.add_(1.0));
    assertThrows(IllegalStateException.class, () -> p.mul(2).fill_(0));
    try (GradMode.Scope s = GradMode.noGrad()) {
      p.add_(vec(1, 1), -0.5); // an optimiser step
    }
    assertArrayEquals(new float[] {0.5f, 1.5f}, p.toFloatArray());
    assertEquals(1, p.version());
  }

  @Test
  void secondBackwardThroughFreedGraphThrowsUnlessRetained() {
    Tensor x = vec(1, 2).requiresGrad(true);
    Tensor y = x.exp().sum();
    y.backward(null, true);
    y.backward(null, false);
    assertArrayEquals(new float[] {2 * (float) Math.E, 2 * (float) Math.exp(2)}, x.grad().toFloatArray(), 1e-5f);
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(e.getMessage().contains("second time"), e.getMessage());
  }

  @Test
  void backwardNeedsScalarOrMatchingGradient() {
    Tensor x = vec(1, 2).requiresGrad(true);
    Tensor y = x.mul(2);
    assertThrows(IllegalArgumentException.class, y::backward);
    assertThrows(IllegalArgumentException.class, () -> y.backward(vec(1, 2, 3)));
    y.backward(vec(1, 10));
    assertArrayEquals(new float[] {2, 20}, x.grad().toFloatArray());
  }

  /** A fused two-output op written outside the engine: (a+b, a*b). */
  static final class SumProd extends Function {
    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      ctx.saveForBackward(in[0], in[1]);
      float[] a = in[0].contiguous().toFloatArray();
      float[] b = in[1].contiguous().toFloatArray();
      float[] s = new float[a.length];
      float[] p = new float[a.length];
      for (int i = 0; i < a.length; i++) {
        s[i] = a[i] + b[i];
        p[i] = a[i] * b[i];
      }
      return new Tensor[] {Tensor.fromArray(s, in[0].shape()), Tensor.fromArray(p, in[0].shape())};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
      Tensor[] s = ctx.savedTensors();
      Tensor ga = ctx.needsInputGrad(0) ? g[0].add(g[1].mul(s[1])) : null;
      Tensor gb = ctx.needsInputGrad(1) ? g[0].add(g[1].mul(s[0])) : null;
      return new Tensor[] {ga, gb};
    }
  }

  @Test
  void customMultiOutputFunction() {
    Tensor a = vec(1, 2).requiresGrad(true);
    Tensor b = vec(3, 4);
    Tensor[] out = new SumProd().apply(a, b);
    assertEquals("SumProd", out[0].gradFn().name());
    assertSame(out[0].gradFn(), out[1].gradFn());
    assertEquals(1, out[1].outputIndex());
    // only the second output is used: the first gets a materialised zero gradient
    out[1].sum().backward();
    assertArrayEquals(new float[] {3, 4}, a.grad().toFloatArray());
    assertNull(b.grad());
    Tensor a2 = Tensor.zeros(DType.FLOAT64, 3).add(0.5).detach().requiresGrad(true);
    Tensor b2 = Tensor.ones(DType.FLOAT64, 3).mul(-2).detach().requiresGrad(true);
    GradCheck.checkMulti(in -> new SumProd().apply(in[0].to(DType.FLOAT32), in[1].to(DType.FLOAT32)),
        1e-3, 1e-3, 1e-2, a2, b2);
  }

  @Test
  void functionReturningItsInputGetsAnAlias() {
    Function identity = new Function() {
      @Override
      protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
        return new Tensor[] {in[0]};
      }

      @Override
      protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
        return new Tensor[] {g[0].mul(2)};
      }
    };
    Tensor x = vec(1, 2).requiresGrad(true);
    Tensor y = identity.apply1(x);
    assertTrue(x.isLeaf());
    assertSame(x.storage(), y.storage());
    y.sum().backward();
    assertArrayEquals(new float[] {2, 2}, x.grad().toFloatArray());
  }

  @Test
  void wrongGradientShapeFromCustomOpIsReported() {
    Function bad = new Function() {
      @Override
      protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
        return new Tensor[] {in[0].mul(1)};
      }

      @Override
      protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
        return new Tensor[] {g[0].sum()};
      }
    };
    Tensor x = vec(1, 2).requiresGrad(true);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> bad.apply1(x).sum().backward());
    assertTrue(e.getMessage().contains("shape"), e.getMessage());
  }

  @Test
  void diamondGraphRunsEachNodeOnce() {
    Tensor x = vec(2).requiresGrad(true);
    Tensor h = x.mul(x); // 4
    Tensor y = h.exp().add(h.mul(3)).add(h).sum(); // dy/dh = e^h + 4; dh/dx = 2x
    y.backward();
    assertEquals((Math.exp(4) + 4) * 4, x.grad().item(), 1e-2);
  }

  @Test
  void leafGradientsNeverShareBuffers() {
    Tensor a = vec(1, 2).requiresGrad(true);
    Tensor b = vec(3, 4).requiresGrad(true);
    Tensor g = vec(1, 1);
    a.add(b).backward(g); // Add passes the incoming gradient through to both leaves
    assertFalse(a.grad().storage() == b.grad().storage());
    assertFalse(a.grad().storage() == g.storage());
    a.add(b).mul(2).sum().backward();
    assertArrayEquals(new float[] {3, 3}, a.grad().toFloatArray());
    assertArrayEquals(new float[] {3, 3}, b.grad().toFloatArray());
    assertArrayEquals(new float[] {1, 1}, g.toFloatArray());
    Function shared = new Function() {
      @Override
      protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
        return new Tensor[] {in[0].add(in[1])};
      }

      @Override
      protected Tensor[] backward(FunctionContext ctx, Tensor... gr) {
        Tensor same = gr[0].mul(1);
        return new Tensor[] {same, same};
      }
    };
    Tensor c = vec(0, 0).requiresGrad(true);
    Tensor d = vec(0, 0).requiresGrad(true);
    shared.apply1(c, d).sum().backward();
    assertFalse(c.grad().storage() == d.grad().storage());
    Tensor x = vec(5).requiresGrad(true);
    x.add(x).sum().backward();
    assertEquals(2, x.grad().item());
  }

  @Test
  void gradModeIsPerThreadAndGraphsTrainConcurrently() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      java.util.List<java.util.concurrent.Future<float[]>> results = new java.util.ArrayList<>();
      for (int k = 0; k < 6; k++) {
        final int seed = k;
        results.add(pool.submit(() -> {
          if (seed % 2 == 0) {
            try (GradMode.Scope s = GradMode.noGrad()) {
              Thread.sleep(5); // other threads keep recording meanwhile
            }
          }
          Tensor w = org.neurospark.snn.tensor.Init.randn(new org.neurospark.snn.tensor.Rng(seed), 64, 32)
              .requiresGrad(true);
          Tensor x = org.neurospark.snn.tensor.Init.randn(new org.neurospark.snn.tensor.Rng(100 + seed), 128, 64);
          x.matmul(w).tanh().sum().backward();
          return w.grad().toFloatArray();
        }));
      }
      for (int k = 0; k < 6; k++) {
        Tensor w = org.neurospark.snn.tensor.Init.randn(new org.neurospark.snn.tensor.Rng(k), 64, 32)
            .requiresGrad(true);
        Tensor x = org.neurospark.snn.tensor.Init.randn(new org.neurospark.snn.tensor.Rng(100 + k), 128, 64);
        x.matmul(w).tanh().sum().backward();
        assertArrayEquals(w.grad().toFloatArray(), results.get(k).get(), 1e-5f);
      }
      assertTrue(GradMode.isEnabled());
      try (GradMode.Scope s = GradMode.noGrad()) {
        assertTrue(pool.submit(GradMode::isEnabled).get(), "another thread still records");
        assertFalse(GradMode.isEnabled());
      }
    } finally {
      pool.shutdown();
    }
  }
}
