package org.neurospark.spark.train.allreduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.neurospark.spark.train.InProcessAverager;

/**
 * The ring against the in-process reference that training tests use ({@link InProcessAverager}: rank-order float64
 * sums, one float32 rounding), over buffer lengths that do not divide into the workers' chunks or the slices, with
 * the first reduce-scatter step's float32 payload and the last step's finish into the buffer on every path: 1, 2 and
 * 3 workers, slices shorter than the buffer, a worker of weight 0; with the Vector API arithmetic and with the
 * plain loops.
 */
class RingVersusInProcessTest {
  private static final Duration T = Duration.ofSeconds(20);
  private static final int[] LENGTHS = {0, 1, 2, 3, 7, 1001, 65_537};
  private static final int[] SLICES = {3, 1001, RingAllReduce.DEFAULT_SLICE_ELEMENTS};

  /** Every rank's buffer after an in-process weighted average of copies of {@code bufs}. */
  private static List<float[]> inProcess(List<float[]> bufs, double[] w) throws Exception {
    int n = bufs.size();
    List<InProcessAverager> group = InProcessAverager.group(n, T);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<float[]>> fs = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        int rank = r;
        fs.add(pool.submit(() -> {
          float[] b = bufs.get(rank).clone();
          group.get(rank).weightedAverage(b, w[rank]);
          return b;
        }));
      }
      List<float[]> out = new ArrayList<>();
      for (Future<float[]> f : fs) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<float[]> ring(List<float[]> bufs, double[] w, int slice, boolean vectorApi) throws Exception {
    int n = bufs.size();
    List<Workers.Outcome<float[]>> out = Workers.run(n, T, T, slice, vectorApi, r -> {
      float[] b = bufs.get(r.rank()).clone();
      r.weightedAverage(b, w[r.rank()]);
      return b;
    });
    List<float[]> got = new ArrayList<>();
    for (Workers.Outcome<float[]> o : out) {
      got.add(o.get());
    }
    return got;
  }

  private static void check(int n, boolean zeroWeight) throws Exception {
    for (int slice : SLICES) {
      for (int length : LENGTHS) {
        List<float[]> bufs = RingAllReduceTest.randomBuffers(length * 13L + n + slice, n, length);
        double[] w = RingAllReduceTest.randomWeights(length + 5L * n, n);
        if (zeroWeight) {
          w[n - 1] = 0;
        }
        String where = n + " workers, slice " + slice + ", length " + length;
        List<float[]> ring = ring(bufs, w, slice, true);
        List<float[]> ref = inProcess(bufs, w);
        if (n > 1 && slice != 3) {
          // the Vector API arithmetic (where the JVM has it; surefire adds the module) and the plain loops agree
          List<float[]> loops = ring(bufs, w, slice, false);
          for (int r = 0; r < n; r++) {
            assertArrayEquals(ring.get(r), loops.get(r), "rank " + r + ", plain loops, " + where);
          }
        }
        for (int r = 0; r < n; r++) {
          assertArrayEquals(ring.get(0), ring.get(r), "rank " + r + " differs from rank 0, " + where);
          assertArrayEquals(ref.get(0), ref.get(r));
          assertArrayEquals(RingAllReduceTest.documentedAverage(bufs, w, slice), ring.get(r), where);
        }
        if (n <= 2) {
          // two-term float64 sums commute: the ring's chunk order gives the rank-order result bit for bit
          assertArrayEquals(ref.get(0), ring.get(0), where);
        } else {
          // the ring sums chunk c from rank c on: at most one float32 ulp from the rank-order reference
          float[] a = ref.get(0);
          float[] b = ring.get(0);
          for (int k = 0; k < length; k++) {
            assertTrue(Math.abs(a[k] - b[k]) <= Math.ulp(a[k]), where + ", element " + k + ": " + a[k] + " vs "
                + b[k]);
          }
        }
      }
    }
  }

  @Test
  void oneWorkerLeavesTheBufferAsTheReferenceDoes() throws Exception {
    check(1, false);
  }

  @Test
  void twoWorkersEqualTheReferenceBitForBit() throws Exception {
    check(2, false);
    check(2, true);
  }

  @Test
  void threeWorkersAreBitIdenticalAndWithinOneUlpOfTheReference() throws Exception {
    check(3, false);
    check(3, true);
  }
}
