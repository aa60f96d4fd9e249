package org.neurospark.snn.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.autograd.GradMode;
import org.neurospark.snn.tensor.ConvParams;
import org.neurospark.snn.tensor.Init;
import org.neurospark.snn.tensor.NN;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;

/** Lifecycle, isolation and scratch accounting of {@link CpuContext}. */
class CpuContextTest {
  /** A 3×3 convolution (Winograd-eligible: 16 channels) and a matmul, forward and backward; all results. */
  private static float[][] kernels(Tensor x, Tensor w, Tensor a, Tensor b) {
    Tensor xg = x.detach().requiresGrad(true);
    Tensor wg = w.detach().requiresGrad(true);
    Tensor y = NN.conv2d(xg, wg, null, ConvParams.of(1, 1, 1, 1));
    y.mul(y).sum().backward();
    float[] mm;
    try (GradMode.Scope s = GradMode.noGrad()) {
      mm = a.matmul(b).toFloatArray();
    }
    return new float[][] {y.detach().toFloatArray(), xg.grad().toFloatArray(), wg.grad().toFloatArray(), mm};
  }

  private static Tensor[] inputs(long seed) {
    Rng r = new Rng(seed);
    return new Tensor[] {Init.randn(r, 6, 16, 12, 12), Init.randn(r, 16, 16, 3, 3), Init.randn(r, 150, 300),
        Init.randn(r, 300, 260)};
  }

  @Test
  void outsideAnyContextKernelsRunOnTheCallerAlone() {
    assertNull(CpuContext.current());
    assertEquals(1, Cpu.threads());
    assertTrue(Cpu.winograd());
    Set<String> names = ConcurrentHashMap.newKeySet();
    Cpu.parallelFor(1000, 1, (a, b) -> names.add(Thread.currentThread().getName()));
    assertEquals(Set.of(Thread.currentThread().getName()), names);
  }

  @Test
  void aScopeSetsTheThreadsContextAndRestoresThePreviousOne() {
    try (CpuContext two = CpuContext.open(2); CpuContext three = CpuContext.open(3)) {
      try (CpuContext.Scope outer = two.enter()) {
        assertSame(two, CpuContext.current());
        assertEquals(2, Cpu.threads());
        try (CpuContext.Scope inner = three.enter()) {
          assertSame(three, CpuContext.current());
          assertEquals(3, Cpu.threads());
          assertThrows(IllegalStateException.class, outer::close, "closing out of order");
        }
        assertSame(two, CpuContext.current());
        // a worker sees its context; a loop body cannot enter another one
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> fromWorker = new AtomicReference<>();
        Cpu.parallelFor(8, 1, (a, b) -> {
          assertSame(two, CpuContext.current());
          if (Thread.currentThread().getName().startsWith(two.name())) {
            seen.add("worker");
            try {
              three.enter();
            } catch (IllegalStateException e) {
              fromWorker.set(e);
            }
          }
        });
        if (seen.contains("worker")) {
          assertTrue(fromWorker.get() instanceof IllegalStateException);
        }
      }
      assertNull(CpuContext.current());
    }
  }

  @Test
  void aScopeClosesOnlyOnItsThread() throws Exception {
    try (CpuContext cpu = CpuContext.open(2)) {
      CpuContext.Scope s = cpu.enter();
      AtomicReference<Throwable> other = new AtomicReference<>();
      Thread t = new Thread(() -> {
        try {
          s.close();
        } catch (Throwable e) {
          other.set(e);
        }
      });
      t.start();
      t.join();
      assertTrue(other.get() instanceof IllegalStateException, String.valueOf(other.get()));
      s.close();
      s.close(); // idempotent
      assertNull(CpuContext.current());
    }
  }

  @Test
  void contextsWithDifferentThreadCountsGiveTheirOwnBitExactResults() {
    Tensor[] in = inputs(1);
    float[][] one;
    float[][] two;
    float[][] plain;
    try (CpuContext c1 = CpuContext.open(1); CpuContext c2 = CpuContext.open(2);
        CpuContext noWinograd = CpuContext.open(CpuConfig.ofThreads(2).withWinograd(false))) {
      one = c1.call(() -> kernels(in[0], in[1], in[2], in[3]));
      two = c2.call(() -> kernels(in[0], in[1], in[2], in[3]));
      plain = noWinograd.call(() -> {
        assertTrue(!Cpu.winograd());
        return kernels(in[0], in[1], in[2], in[3]);
      });
    }
    float[][] unscoped = kernels(in[0], in[1], in[2], in[3]);
    for (int i = 0; i < one.length; i++) {
      assertArrayEquals(one[i], unscoped[i], "result " + i + ": outside a context = 1 thread");
    }
    assertArrayEquals(one[3], two[3], "GEMM sums in the same order for any thread count");
    assertArrayEquals(one[0], two[0], "convolution forward: per-sample, same for any thread count");
    for (int i = 0; i < 3; i++) {
      assertTrue(maxAbsDiff(two[i], plain[i]) > 0, "Winograd off takes the im2col path (other rounding), " + i);
      assertTrue(maxAbsDiff(two[i], plain[i]) < 1e-2 * (1 + maxAbs(two[i])), "same values up to rounding, " + i);
    }
  }

  /**
   * One thread runs kernels in its context continuously while another opens, uses and closes contexts: no
   * rejected task, and every result equals the one computed alone.
   */
  @Test
  void kernelsRunWhileAnotherContextIsCreatedAndClosedRepeatedly() throws Exception {
    Tensor[] in = inputs(2);
    float[][] expected;
    try (CpuContext alone = CpuContext.open(2)) {
      expected = alone.call(() -> kernels(in[0], in[1], in[2], in[3]));
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    int[] rounds = new int[1];
    Thread worker = new Thread(() -> {
      try (CpuContext cpu = CpuContext.open(2); CpuContext.Scope s = cpu.enter()) {
        while (!stop.get() || rounds[0] < 3) {
          float[][] got = kernels(in[0], in[1], in[2], in[3]);
          for (int i = 0; i < got.length; i++) {
            assertArrayEquals(expected[i], got[i], "result " + i + " in round " + rounds[0]);
          }
          rounds[0]++;
        }
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "kernel-runner");
    worker.start();
    Tensor a = in[2];
    Tensor b = in[3];
    float[] mm;
    try (GradMode.Scope g = GradMode.noGrad()) {
      mm = a.matmul(b).toFloatArray();
    }
    long until = System.nanoTime() + 1_500_000_000L;
    int opened = 0;
    while (System.nanoTime() < until || opened < 20) {
      try (CpuContext other = CpuContext.open(2 + opened % 3)) {
        float[] got = other.call(() -> {
          try (GradMode.Scope g = GradMode.noGrad()) {
            return a.matmul(b).toFloatArray();
          }
        });
        assertArrayEquals(mm, got);
      }
      opened++;
    }
    stop.set(true);
    worker.join(60_000);
    assertTrue(!worker.isAlive(), "the kernel thread finished");
    if (failure.get() != null) {
      throw new AssertionError("kernels failed while other contexts came and went", failure.get());
    }
    assertTrue(rounds[0] >= 3);
  }

  @Test
  void scratchIsBoundedAndReleasedOnClose() {
    Tensor[] in = inputs(3);
    float[][] expected;
    try (CpuContext reference = CpuContext.open(2)) {
      expected = reference.call(() -> kernels(in[0], in[1], in[2], in[3]));
    }
    CpuContext cpu = CpuContext.open(2);
    try (CpuContext.Scope s = cpu.enter()) {
      kernels(in[0], in[1], in[2], in[3]);
      assertTrue(cpu.retainedScratchBytes() > 0, "GEMM packing, im2col and Winograd tiles are kept");
      assertTrue(cpu.retainedScratchBytes() <= 2 * CpuConfig.DEFAULT_SCRATCH_BYTES_PER_THREAD);
      cpu.close(); // deferred: this scope still runs kernels
      assertTrue(cpu.isClosed());
      assertThrows(IllegalStateException.class, cpu::enter);
      float[][] again = kernels(in[0], in[1], in[2], in[3]);
      assertArrayEquals(expected[3], again[3], "the pool keeps working until the last scope closes");
      assertTrue(cpu.retainedScratchBytes() > 0);
    }
    assertEquals(0, cpu.retainedScratchBytes(), "released with the last scope of a closed context");

    long limit = 64 << 10;
    try (CpuContext small = CpuContext.open(CpuConfig.ofThreads(2).withScratchBytesPerThread(limit));
        CpuContext none = CpuContext.open(CpuConfig.ofThreads(2).withScratchBytesPerThread(0))) {
      float[][] a = small.call(() -> kernels(in[0], in[1], in[2], in[3]));
      assertTrue(small.retainedScratchBytes() <= 2 * limit, small.retainedScratchBytes() + " bytes kept");
      float[][] b = none.call(() -> kernels(in[0], in[1], in[2], in[3]));
      assertEquals(0, none.retainedScratchBytes());
      for (int i = 0; i < a.length; i++) {
        assertArrayEquals(expected[i], a[i], "bounded scratch, result " + i);
        assertArrayEquals(expected[i], b[i], "no scratch kept, result " + i);
      }
    }
  }

  @Test
  void configFromEnvironmentReadsTheProperties() {
    String before = System.getProperty(CpuConfig.THREADS_PROPERTY);
    try {
      System.setProperty(CpuConfig.THREADS_PROPERTY, "3");
      assertEquals(3, CpuConfig.fromEnvironment().threads());
      System.setProperty(CpuConfig.THREADS_PROPERTY, "three");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, CpuConfig::fromEnvironment);
      assertTrue(e.getMessage().contains(CpuConfig.THREADS_PROPERTY), e.getMessage());
    } finally {
      if (before == null) {
        System.clearProperty(CpuConfig.THREADS_PROPERTY);
      } else {
        System.setProperty(CpuConfig.THREADS_PROPERTY, before);
      }
    }
    if (System.getenv(CpuConfig.THREADS_ENV) == null && before == null) {
      assertEquals(1, CpuConfig.fromEnvironment().threads(), "default: 1 thread, not the processor count");
    }
    assertThrows(IllegalArgumentException.class, () -> new CpuConfig(0, true, 0));
    assertThrows(IllegalArgumentException.class, () -> new CpuConfig(1, true, -1));
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  private static double maxAbs(float[] a) {
    double m = 0;
    for (float v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
