package org.neurospark.snn.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The parallel loop (caller runs a share, chunks claimed in turn) and the column/row-split parallel GEMM, each in a
 * {@link CpuContext} of the thread count under test.
 */
class CpuParallelTest {
  /** Runs {@code body} on this thread in a new context of {@code threads} threads, closed afterwards. */
  static void in(int threads, Runnable body) {
    try (CpuContext cpu = CpuContext.open(threads)) {
      cpu.run(body);
    }
  }

  @Test
  void everyIndexRunsExactlyOnceWithFixedChunkBounds() {
    in(1, () -> {
      Set<String> single = ConcurrentHashMap.newKeySet();
      Cpu.parallelFor(100, 1, (a, b) -> single.add(a + ":" + b));
      assertEquals(Set.of("0:100"), single, "one thread: one chunk");
    });
    in(3, CpuParallelTest::everyIndexOnceOnThreeThreads);
  }

  private static void everyIndexOnceOnThreeThreads() {
    for (int n : new int[] {1, 2, 3, 7, 12, 13, 100, 1001}) {
      AtomicIntegerArray hits = new AtomicIntegerArray(n);
      Set<String> ranges = ConcurrentHashMap.newKeySet();
      Cpu.parallelFor(n, 1, (a, b) -> {
        ranges.add(a + ":" + b);
        for (int i = a; i < b; i++) {
          hits.incrementAndGet(i);
        }
      });
      for (int i = 0; i < n; i++) {
        assertEquals(1, hits.get(i), "index " + i + " of " + n);
      }
      int chunks = Math.min(Cpu.CHUNKS_PER_THREAD * 3, n);
      assertEquals(chunks, ranges.size());
      for (int c = 0; c < chunks; c++) {
        assertTrue(ranges.contains((n * c / chunks) + ":" + (n * (c + 1) / chunks)), ranges.toString());
      }
    }
  }

  @Test
  void nestedLoopsRunInlineOnTheThreadThatRunsTheOuterChunk() {
    in(2, CpuParallelTest::nestedLoops);
  }

  private static void nestedLoops() {
    Set<String> mismatches = ConcurrentHashMap.newKeySet();
    Set<String> workers = ConcurrentHashMap.newKeySet();
    Cpu.parallelFor(2, 1, (a, b) -> {
      assertTrue(Cpu.inWorker());
      Thread outer = Thread.currentThread();
      workers.add(outer.getName());
      Cpu.parallelFor(1000, 1, (c, d) -> {
        if (Thread.currentThread() != outer || c != 0 || d != 1000) {
          mismatches.add(c + ":" + d);
        }
      });
    });
    assertTrue(mismatches.isEmpty(), mismatches.toString());
    assertTrue(!Cpu.inWorker(), "the caller leaves the loop state after the loop");
    for (String name : workers) {
      assertTrue(name.equals(Thread.currentThread().getName()) || name.startsWith("neurospark-cpu-"), name);
    }
  }

  @Test
  void aFailingChunkFailsTheLoopWithItsException() {
    in(2, CpuParallelTest::failingChunk);
  }

  private static void failingChunk() {
    IllegalStateException boom = new IllegalStateException("boom");
    for (int bad = 0; bad < 2; bad++) {
      int b0 = bad;
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> Cpu.parallelFor(2, 1, (a, b) -> {
        if (a == b0) {
          throw boom;
        }
      }));
      assertSame(boom, e);
    }
    // the pool still works afterwards
    AtomicIntegerArray hits = new AtomicIntegerArray(10);
    Cpu.parallelFor(10, 1, (a, b) -> {
      for (int i = a; i < b; i++) {
        hits.incrementAndGet(i);
      }
    });
    for (int i = 0; i < 10; i++) {
      assertEquals(1, hits.get(i));
    }
  }

  @Test
  void parallelGemmIsBitIdenticalToOneThreadForBothSplitsAndAllTransposes() {
    SplittableRandom r = new SplittableRandom(11);
    // n >= m (column split) and m > n (row split), sizes off the NR / MR / KC / NC / MC multiples
    int[][] sizes = {{37, 1100, 300}, {700, 45, 270}, {150, 150, 513}, {257, 2049, 31}};
    for (int[] s : sizes) {
      for (int v = 0; v < 4; v++) {
        boolean ta = (v & 1) != 0;
        boolean tb = (v & 2) != 0;
        int m = s[0];
        int n = s[1];
        int k = s[2];
        float[] a = new float[m * k + 5];
        float[] b = new float[k * n + 3];
        for (int i = 0; i < a.length; i++) {
          a[i] = (float) (r.nextDouble() - 0.5);
        }
        for (int i = 0; i < b.length; i++) {
          b[i] = (float) (r.nextDouble() - 0.5);
        }
        int lda = ta ? m : k;
        int ldb = tb ? k : n;
        float[][] out = new float[4][];
        for (int threads = 1; threads <= 2; threads++) {
          int th = threads;
          in(threads, () -> {
            for (int ow = 0; ow < 2; ow++) {
              float[] c = new float[m * n + 2];
              java.util.Arrays.fill(c, ow == 1 ? Float.NaN : 0.25f);
              if (ow == 0) {
                VectorGemmF.gemm(ta, tb, m, n, k, 0.75f, a, 5, lda, b, 3, ldb, c, 2, n);
              } else {
                VectorGemmF.gemm(ta, tb, m, n, k, 0.75f, a, 5, lda, b, 3, ldb, c, 2, n, true);
              }
              out[(th - 1) * 2 + ow] = c;
            }
          });
        }
        String what = java.util.Arrays.toString(s) + " ta=" + ta + " tb=" + tb;
        assertArrayEquals(out[0], out[2], what + ": accumulate, 1 vs 2 threads");
        assertArrayEquals(out[1], out[3], what + ": overwrite, 1 vs 2 threads");
        // overwrite = zero C then accumulate; the untouched margin keeps its NaN
        float[] zeroThenAdd = new float[m * n + 2];
        in(1, () -> VectorGemmF.gemm(ta, tb, m, n, k, 0.75f, a, 5, lda, b, 3, ldb, zeroThenAdd, 2, n));
        for (int i = 2; i < m * n + 2; i++) {
          assertEquals(Float.floatToRawIntBits(zeroThenAdd[i]), Float.floatToRawIntBits(out[1][i]), what + " @" + i);
        }
        assertTrue(Float.isNaN(out[1][0]) && Float.isNaN(out[1][1]), what);
      }
    }
  }

  @Test
  void gemmWithBetaZeroIgnoresNaNInTheOutputLikeAZeroFill() {
    float[] a = {1, 2, 3, 4};
    float[] b = {5, 6, 7, 8};
    float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
    double[] ad = {1, 2, 3, 4};
    double[] bd = {5, 6, 7, 8};
    double[] cd = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    KernelsF.gemm(false, false, 2, 2, 2, 1, a, 0, 2, b, 0, 2, 0, c, 0, 2);
    KernelsD.gemm(false, false, 2, 2, 2, 1, ad, 0, 2, bd, 0, 2, 0, cd, 0, 2);
    assertArrayEquals(new float[] {19, 22, 43, 50}, c);
    assertArrayEquals(new double[] {19, 22, 43, 50}, cd);
  }

  /** Adam on a tensor of several blocks, with an offset view: 3 threads give bit for bit the 1-thread update. */
  @Test
  void adamSplitAcrossThreadsEqualsOneThread() {
    int n = 3 * 65536 + 123;
    float[][] one = adamOn(1, n);
    float[][] three = adamOn(3, n);
    for (int k = 0; k < one.length; k++) {
      assertArrayEquals(one[k], three[k], "array " + k);
    }
  }

  /** Two Adam steps (AMSGrad, weight decay) on p, m, v, vmax of n floats (views at offset 5); returns them. */
  private static float[][] adamOn(int threads, int n) {
    float[][] out = new float[4][];
    in(threads, () -> {
      SplittableRandom r = new SplittableRandom(7);
      CpuBackend be = CpuBackend.INSTANCE;
      org.neurospark.snn.tensor.Tensor[] t = new org.neurospark.snn.tensor.Tensor[5];
      for (int k = 0; k < 5; k++) {
        float[] a = new float[n + 5];
        for (int i = 0; i < a.length; i++) {
          a[i] = k >= 2 ? 0f : (float) r.nextGaussian();
        }
        t[k] = org.neurospark.snn.tensor.Tensor.fromArray(a, n + 5).slice(0, 5, n + 5);
      }
      try (org.neurospark.snn.autograd.GradMode.Scope s = org.neurospark.snn.autograd.GradMode.noGrad()) {
        for (long step = 1; step <= 2; step++) {
          be.adamUpdate(new org.neurospark.snn.tensor.AdamParams(0.01, 0.9, 0.999, 1e-8, 0.01, false), step, t[0],
              t[1], t[2], t[3], t[4]);
        }
      }
      out[0] = t[0].toFloatArray();
      out[1] = t[2].toFloatArray();
      out[2] = t[3].toFloatArray();
      out[3] = t[4].toFloatArray();
    });
    assertTrue(out[0][0] != 0f);
    return out;
  }
}
