package org.neurospark.spark.train.allreduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link VectorMean} equals the scalar float64 arithmetic bit for bit, tails and odd offsets included. */
class VectorMeanTest {
  @Test
  void surefireRunsWithTheVectorApi() {
    assertTrue(RingAllReduce.VECTOR_API, "surefire runs with --add-modules jdk.incubator.vector");
  }

  @Test
  void finishAndCombineEqualTheScalarArithmetic() {
    SplittableRandom rnd = new SplittableRandom(5);
    for (int n : new int[] {0, 1, 3, 4, 5, 17, 1000, 4099}) {
      for (int pos : new int[] {0, 4, 12}) {
        ByteBuffer src = ByteBuffer.allocateDirect(pos + 4 * n + 8).order(FrameHeader.ORDER);
        float[] x = RingAllReduceTest.randomBuffer(rnd, n);
        for (int k = 0; k < n; k++) {
          src.putFloat(pos + 4 * k, x[k]);
        }
        int start = 3;
        float[] b = new float[start + n + 2];
        float[] own = RingAllReduceTest.randomBuffer(rnd, b.length);
        double wl = rnd.nextDouble(0.01, 5000);
        double w = rnd.nextInt(1, 5000);
        double total = wl + w + rnd.nextDouble(0, 100);

        float[] expected = own.clone();
        double[] expectedAcc = new double[n + 2];
        for (int k = 0; k < n; k++) {
          expected[start + k] = (float) ((wl * x[k] + w * own[start + k]) / total);
          expectedAcc[1 + k] = wl * x[k] + w * own[start + k];
        }
        System.arraycopy(own, 0, b, 0, b.length);
        VectorMean.finish(src, pos, wl, b, start, w, total, n);
        assertArrayEquals(expected, b, "finish, n " + n + ", pos " + pos);
        double[] acc = new double[n + 2];
        VectorMean.combine(src, pos, wl, own, start, w, acc, 1, n);
        assertArrayEquals(expectedAcc, acc, 0.0, "combine, n " + n + ", pos " + pos);
      }
    }
  }
}
