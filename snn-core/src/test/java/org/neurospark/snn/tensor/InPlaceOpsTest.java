package org.neurospark.snn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** In-place ops write through one kernel into the tensor, with the out-of-place op's exact results. */
class InPlaceOpsTest {
  private static float[] rand(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  @Test
  void inPlaceEqualsOutOfPlaceBitForBit() {
    Random r = new Random(7);
    for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      float[] a = rand(r, 6000);
      float[] b = rand(r, 6000);
      float[] row = rand(r, 60);
      Tensor x = Tensor.fromArray(a.clone(), 100, 60).to(dt);
      Tensor y = Tensor.fromArray(b.clone(), 100, 60).to(dt);
      Tensor bias = Tensor.fromArray(row, 60).to(dt);
      Tensor expected = x.add(y).add(y.mul(-0.3)).mul(y).mul(1.7).add(0.25).add(bias).clamp(-0.5, 0.75);
      int v0 = x.version();
      float[] before = x.toFloatArray();
      Tensor same = x.add_(y).add_(y, -0.3).mul_(y).mul_(1.7).add_(0.25).add_(bias).clamp_(-0.5, 0.75);
      assertSame(x, same);
      assertEquals(v0 + 7, x.version(), "each in-place op bumps the version once");
      assertArrayEquals(expected.toDoubleArray(), x.toDoubleArray(), dt.toString());
      assertEquals(before.length, x.numel());
    }
  }

  @Test
  void aliasedAndStridedTargetsStayCorrect() {
    Tensor x = Tensor.fromArray(new float[] {1, 2, 3, 4}, 2, 2);
    x.add_(x); // other shares the storage: computed through a temporary
    assertArrayEquals(new float[] {2, 4, 6, 8}, x.toFloatArray());
    x.add_(x.t()); // overlapping transposed view
    assertArrayEquals(new float[] {4, 10, 10, 16}, x.toFloatArray());
    Tensor base = Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    base.slice(1, 1, 3).mul_(10); // a strided view
    assertArrayEquals(new float[] {1, 20, 30, 4, 50, 60}, base.toFloatArray());
    base.select(0, 1).add_(Tensor.fromArray(new float[] {1, 1, 1}, 3)); // offset view
    assertArrayEquals(new float[] {1, 20, 30, 5, 51, 61}, base.toFloatArray());
    assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).add_(Tensor.zeros(2, 3)));
    assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).add_(Tensor.zeros(DType.FLOAT64, 3)));
  }
}
