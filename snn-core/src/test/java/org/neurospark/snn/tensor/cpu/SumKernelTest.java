package org.neurospark.snn.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;

/** The column-block sum over leading dims (a T-broadcast gradient summed back) against a naive row-order sum. */
class SumKernelTest {
  @Test
  void sumOverLeadingDimsIsTheRowOrderFloat64SumForAnyThreadCount() {
    SplittableRandom r = new SplittableRandom(8);
    int[][] shapes = {{4, 3, 5}, {3, 70001}, {2, 5, 2049}, {1, 17}, {5, 1, 3000}};
    for (int[] shape : shapes) {
      int lead = 1; // sum over dim 0
      int inner = 1;
      for (int d = lead; d < shape.length; d++) {
        inner *= shape[d];
      }
      int rows = shape[0];
      float[] a = new float[rows * inner];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) (r.nextGaussian() * 10);
      }
      float[] expected = new float[inner];
      double[] expectedD = new double[inner];
      for (int i = 0; i < inner; i++) {
        double s = 0;
        for (int row = 0; row < rows; row++) {
          s += a[row * inner + i];
        }
        expected[i] = (float) s;
        expectedD[i] = s;
      }
      double[] ad = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        ad[i] = a[i];
      }
      for (int threads = 1; threads <= 3; threads++) {
        CpuParallelTest.in(threads, () -> {
          Tensor s = Tensor.fromArray(a.clone(), shape).sum(0, false);
          assertArrayEquals(expected, ((CpuStorage) s.storage()).floats(), java.util.Arrays.toString(shape));
          Tensor sd = Tensor.fromArray(ad.clone(), shape).sum(0, false);
          assertEquals(DType.FLOAT64, sd.dtype());
          assertArrayEquals(expectedD, ((CpuStorage) sd.storage()).doubles(), java.util.Arrays.toString(shape));
        });
      }
    }
  }

  @Test
  void sumOfATimeBroadcastViewAddsTheStepTTimes() {
    float[] x = new float[3 * 4097];
    for (int i = 0; i < x.length; i++) {
      x[i] = i * 0.25f - 7;
    }
    Tensor v = Tensor.fromArray(x, 3, 4097).unsqueeze(0).expand(4, 3, 4097);
    float[] s = ((CpuStorage) v.sum(0, false).contiguous().storage()).floats();
    for (int i = 0; i < x.length; i++) {
      assertEquals(4.0 * x[i], s[i], 0.0);
    }
  }
}
