package org.neurospark.snn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Values of element-wise, broadcasting, view and reduction operations. */
class TensorTest {

  private static Tensor t(float[] v, int... shape) {
    return Tensor.fromArray(v, shape);
  }

  private static Tensor range(int... shape) {
    return Tensor.arange(Shapes.numel(shape)).reshape(shape);
  }

  @Test
  void broadcastingFollowsNumpyRules() {
    Tensor a = range(2, 1, 3); // [[0 1 2]], [[3 4 5]]
    Tensor b = t(new float[] {10, 20}, 2, 1);
    Tensor c = a.add(b);
    assertArrayEquals(new int[] {2, 2, 3}, c.shape());
    assertArrayEquals(new float[] {10, 11, 12, 20, 21, 22, 13, 14, 15, 23, 24, 25}, c.toFloatArray());
    assertArrayEquals(new float[] {0, 1, 4, 3, 7, 13}, range(2, 3).mul(range(3).reshape(1, 3).add(1))
        .sub(range(3)).toFloatArray());
    assertArrayEquals(new float[] {0, 0.5f, 1, 1.5f}, range(4).div(Tensor.scalar(2)).toFloatArray());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> range(2, 3).add(range(2)));
    assertTrue(e.getMessage().contains("not broadcastable"));
    assertThrows(IllegalArgumentException.class, () -> range(2).add(Tensor.zeros(DType.FLOAT64, 2)));
  }

  @Test
  void unaryValues() {
    Tensor x = t(new float[] {-1, 0, 2}, 3);
    assertArrayEquals(new float[] {0, 0, 2}, x.relu().toFloatArray());
    assertArrayEquals(new float[] {1, 1, 0}, x.relu().rsub(1).clampMin(0).toFloatArray(), 0);
    assertArrayEquals(new float[] {0, 1, 1}, x.ge(0).toFloatArray()); // Heaviside: ties fire
    assertArrayEquals(new float[] {0, 0, 1}, x.gt(0).toFloatArray());
    assertArrayEquals(new float[] {-1, 0, 1}, x.sign().toFloatArray());
    assertArrayEquals(new float[] {(float) (1 / (1 + Math.E)), 0.5f, (float) (1 / (1 + Math.exp(-2)))},
        x.sigmoid().toFloatArray(), 1e-7f);
    assertArrayEquals(new float[] {1, 0, 4}, x.pow(2).toFloatArray());
    assertArrayEquals(new float[] {-0.5f, 0, 0.5f}, x.clamp(-0.5, 0.5).toFloatArray());
    assertFalse(x.ge(0).requiresGrad());
  }

  @Test
  void viewsShareStorageAndReshapeCopiesOnlyWhenNeeded() {
    Tensor x = range(2, 3, 4);
    Tensor v = x.view(6, 4);
    assertSame(x.storage(), v.storage());
    Tensor p = x.permute(2, 0, 1);
    assertArrayEquals(new int[] {4, 2, 3}, p.shape());
    assertFalse(p.isContiguous());
    assertEquals(13, p.get(1, 1, 0));
    assertThrows(IllegalStateException.class, () -> p.view(24));
    Tensor r = p.reshape(24);
    assertTrue(r.isContiguous());
    assertEquals(4, r.get(1)); // p[0, 0, 1] = x[0, 1, 0]
    // a view of a transposed tensor that keeps the strides compatible
    Tensor base = range(4, 6);
    Tensor tv = base.t().view(3, 2, 4);
    assertSame(base.storage(), tv.storage());
    assertEquals(base.get(1, 3), tv.get(1, 1, 1));
    Tensor s = x.select(1, 2);
    assertArrayEquals(new float[] {8, 9, 10, 11, 20, 21, 22, 23}, s.toFloatArray());
    Tensor sl = x.slice(2, 1, -1);
    assertArrayEquals(new float[] {1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22}, sl.toFloatArray());
    assertArrayEquals(new float[] {0, 2}, range(4).slice(0, 0, 4, 2).toFloatArray());
    assertArrayEquals(new int[] {2, 12}, x.flatten(1, -1).shape());
    assertArrayEquals(new int[] {2, 1, 3, 4}, x.unsqueeze(1).shape());
    assertArrayEquals(new int[] {2, 3, 4}, x.unsqueeze(-1).squeeze(3).shape());
    assertArrayEquals(new float[] {0, 1, 0, 1}, range(2).expand(2, 2).contiguous().toFloatArray());
  }

  @Test
  void catAndStackBuildMultiStepTensors() {
    Tensor a = range(2, 3);
    Tensor b = range(2, 3).add(10);
    Tensor s = Tensor.stack(List.of(a, b), 0); // [T=2, N=2, 3]
    assertArrayEquals(new int[] {2, 2, 3}, s.shape());
    assertArrayEquals(b.toFloatArray(), s.select(0, 1).toFloatArray());
    Tensor c = Tensor.cat(1, a, b.slice(1, 0, 1));
    assertArrayEquals(new float[] {0, 1, 2, 10, 3, 4, 5, 13}, c.toFloatArray());
    assertThrows(IllegalArgumentException.class, () -> Tensor.cat(0, range(2, 3), range(2, 2)));
  }

  @Test
  void reductionsOverDims() {
    Tensor x = range(2, 3, 4);
    assertEquals(276, x.sum().item());
    assertArrayEquals(new float[] {12, 15, 18, 21, 48, 51, 54, 57}, x.sum(1, false).toFloatArray());
    assertArrayEquals(new int[] {1, 3, 1}, x.sum(new int[] {0, -1}, true).shape());
    assertArrayEquals(new float[] {60, 92, 124}, x.sum(new int[] {0, 2}, false).toFloatArray());
    assertArrayEquals(new float[] {1.5f, 5.5f, 9.5f, 13.5f, 17.5f, 21.5f}, x.mean(2, false).toFloatArray());
    assertArrayEquals(new float[] {20, 21, 22, 23}, x.max(1, false).max(0, false).toFloatArray());
    Tensor m = t(new float[] {1, 5, 5, 2, -1, 0}, 2, 3);
    assertArrayEquals(new float[] {1, 0}, m.argmax(1, false).toFloatArray());
    assertEquals(5, m.max().item());
    assertEquals(2.0, range(5).var(new int[] {0}, false, false).item(), 1e-6);
    // large sum stays accurate (double accumulation) and is multi-threaded
    Tensor big = Tensor.ones(1000, 1000).mul(0.1);
    assertEquals(100000, big.sum().item(), 0.5);
    assertArrayEquals(Tensor.full(100, DType.FLOAT32, 1000).toFloatArray(), big.sum(0, false).toFloatArray(),
        1e-3f);
  }

  @Test
  void inPlaceOpsAndElementAccess() {
    Tensor x = range(2, 2);
    x.add_(Tensor.ones(2)).mul_(2);
    assertArrayEquals(new float[] {2, 4, 6, 8}, x.toFloatArray());
    x.select(0, 1).fill_(0);
    assertArrayEquals(new float[] {2, 4, 0, 0}, x.toFloatArray());
    x.set(9, 1, -1);
    assertEquals(9, x.get(1, 1));
    assertEquals(4, x.version());
    x.copy_(Tensor.scalar(3));
    assertArrayEquals(new float[] {3, 3, 3, 3}, x.toFloatArray());
    assertThrows(IndexOutOfBoundsException.class, () -> x.get(2, 0));
    assertThrows(IllegalStateException.class, () -> x.item());
  }

  @Test
  void dtypeConversionAndFactories() {
    Tensor d = Tensor.fromArray(new double[] {1.5, -2.25}, 2);
    Tensor f = d.to(DType.FLOAT32);
    assertEquals(DType.FLOAT32, f.dtype());
    assertArrayEquals(new float[] {1.5f, -2.25f}, f.toFloatArray());
    assertArrayEquals(new double[] {1.5, -2.25}, f.toDoubleArray());
    assertThrows(IllegalArgumentException.class, () -> Tensor.fromArray(new float[3], 2, 2));
    assertThrows(IllegalStateException.class, () -> d.floatData());
    assertArrayEquals(new float[] {7, 7}, Tensor.full(7, DType.FLOAT32, 2).toFloatArray());
    assertEquals(0, Tensor.scalar(4).dim());
  }

  @Test
  void elementwiseKernelsAgreeWithScalarFormulasOnEveryLayout() {
    Rng rng = new Rng(11);
    Tensor[][] pairs = {
        {Init.randn(rng, 3, 1), Init.randn(rng, 1, 5)},
        {Init.randn(rng, 1, 5), Init.randn(rng, 3, 1)},
        {Init.randn(rng, 5, 3).t(), Init.randn(rng, 3, 5)},
        {Init.randn(rng, 3, 5), Init.randn(rng, 5)},
        {Init.rand(rng, 40, 50).add(0.5), Init.rand(rng, 40, 50).add(0.5)}};
    for (Tensor[] pr : pairs) {
      Tensor a = pr[0];
      Tensor b = pr[1];
      Tensor[] outs = {a.add(b), a.sub(b), a.mul(b), a.div(b), a.maximum(b), a.minimum(b), a.gt(b), a.ge(b),
          a.eq(b)};
      int[] s = outs[0].shape();
      for (int i = 0; i < s[0]; i++) {
        for (int j = 0; j < s[1]; j++) {
          double x = a.get(a.size(0) == 1 ? 0 : i, a.size(1) == 1 ? 0 : j);
          double y = b.dim() == 1 ? b.get(j) : b.get(b.size(0) == 1 ? 0 : i, b.size(1) == 1 ? 0 : j);
          double[] expected = {x + y, x - y, x * y, x / y, Math.max(x, y), Math.min(x, y), x > y ? 1 : 0,
              x >= y ? 1 : 0, x == y ? 1 : 0};
          for (int k = 0; k < outs.length; k++) {
            assertEquals((float) expected[k], outs[k].get(i, j), 1e-6 * (1 + Math.abs(expected[k])),
                "op " + k + " at " + i + "," + j);
          }
        }
      }
    }
    Tensor x = Init.randn(rng, 7, 9).t();
    Tensor[] un = {x.exp(), x.sigmoid(), x.tanh(), x.abs().add(1).log(), x.abs().sqrt(), x.clampMin(0.1),
        x.relu(), x.neg(), x.square()};
    for (int i = 0; i < 9; i++) {
      for (int j = 0; j < 7; j++) {
        double v = x.get(i, j);
        double[] e = {Math.exp(v), 1 / (1 + Math.exp(-v)), Math.tanh(v), Math.log(Math.abs(v) + 1),
            Math.sqrt(Math.abs(v)), Math.max(v, 0.1), Math.max(v, 0), -v, v * v};
        for (int k = 0; k < un.length; k++) {
          assertEquals(e[k], un[k].get(i, j), 1e-6 * (1 + Math.abs(e[k])), "unary " + k);
        }
      }
    }
  }
}
