package org.neurospark.snn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.loss.Losses;
import org.neurospark.snn.tensor.cpu.CpuBackend;

/** Integer dtypes, upload/download and the index ops of {@link Backend} against naive loops. */
class IndexOpsTest {
  private static final Backend CPU = CpuBackend.INSTANCE;

  private static float[] rand(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextGaussian() * 3);
    }
    return v;
  }

  @Test
  void uploadDownloadRoundTripsEveryDtypeWithOffsets() {
    float[] f = {1.5f, -2.25f, 3, 4, 5};
    double[] d = {1e-300, -2.5, Math.PI};
    int[] i = {Integer.MIN_VALUE, -1, 0, 7, Integer.MAX_VALUE};
    long[] l = {Long.MIN_VALUE, -3, 1L << 40, Long.MAX_VALUE};
    Tensor tf = new Tensor(CPU.upload(f, 1, 3), new int[] {3}, new int[] {1}, 0);
    Tensor td = Tensor.fromArray(CPU, d, 3);
    Tensor ti = Tensor.fromArray(CPU, i, 5);
    Tensor tl = Tensor.fromArray(CPU, l, 2, 2);
    assertEquals(DType.FLOAT32, tf.dtype());
    assertEquals(DType.INT32, ti.dtype());
    assertEquals(DType.INT64, tl.dtype());
    float[] fo = new float[5];
    CPU.download(tf, fo, 2);
    assertArrayEquals(new float[] {0, 0, -2.25f, 3, 4}, fo);
    assertArrayEquals(d, td.toDoubleArray());
    assertArrayEquals(i, ti.toIntArray());
    assertArrayEquals(l, tl.toLongArray());
    // uploads copy: changing the host array later does not change the tensor
    i[0] = 99;
    assertEquals(Integer.MIN_VALUE, ti.toIntArray()[0]);
    assertThrows(IndexOutOfBoundsException.class, () -> CPU.download(ti, new int[5], 1));
    assertThrows(IndexOutOfBoundsException.class, () -> CPU.upload(f, 3, 3));
  }

  @Test
  void byteBufferRoundTripsInBothByteOrders() {
    Random r = new Random(1);
    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
      for (DType dt : DType.values()) {
        int n = 6;
        ByteBuffer b = ByteBuffer.allocate(n * dt.bytes() + 3).order(order);
        b.put((byte) 0x55); // the payload starts at the position, not at 0
        for (int k = 0; k < n; k++) {
          switch (dt) {
            case FLOAT32: b.putFloat(r.nextFloat()); break;
            case FLOAT64: b.putDouble(r.nextDouble()); break;
            case INT32: b.putInt(r.nextInt()); break;
            default: b.putLong(r.nextLong()); break;
          }
        }
        b.flip().position(1);
        ByteBuffer expected = b.duplicate().order(order);
        Tensor t = new Tensor(CPU.upload(b, dt), new int[] {2, 3}, new int[] {3, 1}, 0);
        assertEquals(b.limit(), b.position(), "upload consumes the remaining bytes");
        assertEquals(dt, t.dtype());
        ByteBuffer out = ByteBuffer.allocate(n * dt.bytes() + 1).order(order);
        out.put((byte) 1);
        CPU.download(t, out);
        assertEquals(out.capacity(), out.position());
        out.flip().position(1);
        assertEquals(expected, out, dt + " " + order);
        // a transposed view is written row-major in its own index order
        ByteBuffer tr = ByteBuffer.allocate(n * dt.bytes()).order(order);
        CPU.download(t.t(), tr);
        tr.flip();
        long[] vals = t.toLongArray();
        double[] dv = t.toDoubleArray();
        int[][] perm = {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {0, 2}, {1, 2}};
        for (int[] p : perm) {
          int k = p[0] * 3 + p[1];
          switch (dt) {
            case FLOAT32: assertEquals((float) dv[k], tr.getFloat()); break;
            case FLOAT64: assertEquals(dv[k], tr.getDouble()); break;
            case INT32: assertEquals(vals[k], tr.getInt()); break;
            default: assertEquals(vals[k], tr.getLong()); break;
          }
        }
      }
    }
    assertThrows(IllegalArgumentException.class, () -> CPU.upload(ByteBuffer.allocate(6), DType.INT32));
  }

  @Test
  void conversionsFollowJavaCasts() {
    float[] v = {-2.7f, -0.5f, 0, 0.99f, 3.5f, 1e10f, Float.NaN, -1e10f};
    Tensor f = Tensor.fromArray(v, 8);
    int[] gotI = f.to(DType.INT32).toIntArray();
    long[] gotL = f.to(DType.INT64).toLongArray();
    for (int k = 0; k < v.length; k++) {
      assertEquals((int) v[k], gotI[k], "int of " + v[k]);
      assertEquals((long) v[k], gotL[k], "long of " + v[k]);
    }
    long[] big = {(1L << 53) + 1, -5, 1L << 33};
    Tensor l = Tensor.fromArray(big, 3);
    assertArrayEquals(new double[] {(double) big[0], -5, (double) (1L << 33)}, l.to(DType.FLOAT64).toDoubleArray());
    assertArrayEquals(new float[] {(float) big[0], -5, (float) (1L << 33)}, l.to(DType.FLOAT32).toFloatArray());
    assertArrayEquals(new int[] {(int) big[0], -5, (int) (1L << 33)}, l.to(DType.INT32).toIntArray());
    assertArrayEquals(new long[] {-7, 4}, Tensor.fromArray(new int[] {-7, 4}, 2).to(DType.INT64).toLongArray());
    // strided integer copies and fills
    Tensor m = Tensor.fromArray(new int[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertArrayEquals(new int[] {1, 4, 2, 5, 3, 6}, m.t().contiguous().toIntArray());
    assertArrayEquals(new long[] {9, 9, 9}, Tensor.full(CPU, 9.9, DType.INT64, 3).toLongArray());
    assertEquals(5.0, m.get(1, 1));
    m.set(-8, 0, 2);
    assertArrayEquals(new int[] {1, 2, -8, 4, 5, 6}, m.intData());
    assertArrayEquals(new int[] {0, 1, 2, 3}, Tensor.arange(CPU, DType.INT32, 4).toIntArray());
    assertEquals(
        "Tensor(shape=[2], INT32, data=[3, -1])", Tensor.fromArray(new int[] {3, -1}, 2).toString());
  }

  @Test
  void integerTensorsRefuseArithmeticAndGradients() {
    Tensor i = Tensor.fromArray(new int[] {1, 2}, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> i.add(i));
    assertTrue(e.getMessage().contains("INT32"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> i.exp());
    assertThrows(IllegalArgumentException.class, () -> i.sum());
    assertThrows(IllegalStateException.class, () -> i.requiresGrad(true));
    Tensor x = Tensor.fromArray(new float[] {1, 3, 2}, 3).requiresGrad(true);
    Tensor a = x.argmax(0, false);
    assertFalse(a.requiresGrad(), "integer results carry no gradient");
    Tensor c = x.to(DType.INT32);
    assertFalse(c.requiresGrad());
    assertNull(c.gradFn());
    assertSame(x, x.to(CPU), "to(its own backend) is the tensor itself");
  }

  /** Naive argmax along dim of a [a, b, c] array: first maximum, NaN counts as maximum. */
  private static int[] naiveArgmax(float[] v, int[] s, int dim) {
    int outer = 1;
    for (int k = 0; k < dim; k++) {
      outer *= s[k];
    }
    int inner = 1;
    for (int k = dim + 1; k < s.length; k++) {
      inner *= s[k];
    }
    int n = s[dim];
    int[] r = new int[outer * inner];
    for (int o = 0; o < outer; o++) {
      for (int in = 0; in < inner; in++) {
        int best = 0;
        for (int k = 0; k < n; k++) {
          float x = v[(o * n + k) * inner + in];
          float b = v[(o * n + best) * inner + in];
          if (Float.isNaN(x) && !Float.isNaN(b)) {
            best = k;
          } else if (!Float.isNaN(b) && x > b) {
            best = k;
          }
        }
        r[o * inner + in] = best;
      }
    }
    return r;
  }

  @Test
  void argmaxIsAnInt32TensorMatchingNaive() {
    Random r = new Random(2);
    int[] s = {3, 4, 5};
    float[] v = new float[60];
    for (int k = 0; k < v.length; k++) {
      double u = r.nextDouble();
      v[k] = u < 0.4 ? (r.nextBoolean() ? 0f : 1f) : u < 0.45 ? Float.NaN : (float) r.nextGaussian();
    }
    for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      Tensor t = Tensor.fromArray(v, s).to(dt);
      for (int dim = 0; dim < 3; dim++) {
        Tensor a = t.argmax(dim, false);
        assertEquals(DType.INT32, a.dtype());
        assertArrayEquals(naiveArgmax(v, s, dim), a.toIntArray(), "dim " + dim);
        Tensor k = t.argmax(dim, true);
        assertEquals(1, k.size(dim));
      }
      // max's gradient goes to the argmax (scatter on the backend)
      Tensor x = Tensor.fromArray(rand(r, 60), s).to(dt).requiresGrad(true);
      float[] g = rand(r, 15);
      x.max(1, false).backward(Tensor.fromArray(g, 3, 5).to(dt));
      int[] am = naiveArgmax(x.toFloatArray(), s, 1);
      float[] ref = new float[60];
      for (int o = 0; o < 3; o++) {
        for (int in = 0; in < 5; in++) {
          ref[(o * 4 + am[o * 5 + in]) * 5 + in] = g[o * 5 + in];
        }
      }
      assertArrayEquals(ref, x.grad().toFloatArray());
    }
  }

  @Test
  void gatherAndScatterMatchNaiveOnEveryDim() {
    Random r = new Random(3);
    int[] s = {4, 5, 6};
    float[] v = rand(r, 120);
    Tensor src = Tensor.fromArray(v, s);
    for (int dim = 0; dim < 3; dim++) {
      int[] is = {3, 4, 5};
      is[dim] = 7; // more picks than the dimension has: repeats
      int[] idx = new int[is[0] * is[1] * is[2]];
      for (int k = 0; k < idx.length; k++) {
        idx[k] = r.nextInt(s[dim]);
      }
      // INT64 and a non-contiguous index view (a transposed copy transposed back)
      Tensor index = Tensor.fromArray(idx, is).to(DType.INT64).transpose(0, 2).contiguous().transpose(0, 2);
      assertFalse(index.isContiguous());
      Tensor out = Tensor.zeros(DType.FLOAT32, is);
      CPU.gather(src, dim, index, out);
      float[] got = out.toFloatArray();
      Tensor dst = Tensor.zeros(DType.FLOAT64, s);
      Tensor add = Tensor.zeros(DType.FLOAT64, s);
      double[] upd = new double[idx.length];
      for (int k = 0; k < upd.length; k++) {
        upd[k] = r.nextGaussian();
      }
      Tensor updT = Tensor.fromArray(upd, is);
      CPU.scatter(dst, dim, index, updT);
      CPU.scatterAdd(add, dim, index, updT);
      double[] refDst = new double[120];
      double[] refAdd = new double[120];
      for (int a = 0; a < is[0]; a++) {
        for (int b = 0; b < is[1]; b++) {
          for (int c = 0; c < is[2]; c++) {
            int k = (a * is[1] + b) * is[2] + c;
            int[] p = {a, b, c};
            p[dim] = idx[k];
            int q = (p[0] * s[1] + p[1]) * s[2] + p[2];
            assertEquals(v[q], got[k], "gather dim " + dim + " at " + k);
            refDst[q] = upd[k];
            refAdd[q] += upd[k];
          }
        }
      }
      assertArrayEquals(refDst, dst.toDoubleArray(), "scatter dim " + dim);
      assertArrayEquals(refAdd, add.toDoubleArray(), "scatterAdd dim " + dim);
    }
    Tensor bad = Tensor.fromArray(new int[] {0, 5}, 2, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CPU.gather(Tensor.zeros(2, 5), 1, bad, Tensor.zeros(2, 1)));
    assertTrue(e.getMessage().contains("5") && e.getMessage().contains("[0, 5)"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> CPU.gather(Tensor.zeros(2, 5), 1, Tensor.zeros(2, 1), Tensor.zeros(2, 1)), "float index");
    assertThrows(IllegalArgumentException.class,
        () -> CPU.scatter(Tensor.zeros(2, 5), 1, Tensor.fromArray(new int[] {-1, 0}, 2, 1), Tensor.zeros(2, 1)));
  }

  @Test
  void oneHotMatchesNaive() {
    int[] labels = {2, 0, 4, 4, 1, 3};
    for (DType dt : DType.values()) {
      Tensor lab = Tensor.fromArray(labels, 2, 3).to(dt == DType.INT64 ? DType.INT64 : DType.INT32);
      Tensor oh = Losses.oneHot(lab, 5, dt);
      assertArrayEquals(new int[] {2, 3, 5}, oh.shape());
      assertEquals(dt, oh.dtype());
      double[] got = oh.toDoubleArray();
      for (int k = 0; k < labels.length; k++) {
        for (int c = 0; c < 5; c++) {
          assertEquals(c == labels[k] ? 1.0 : 0.0, got[k * 5 + c]);
        }
      }
    }
    assertArrayEquals(Losses.oneHot(labels, 5, DType.FLOAT32).toFloatArray(),
        Losses.oneHot(Tensor.fromArray(labels, 6), 5, DType.FLOAT32).toFloatArray());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Losses.oneHot(new int[] {1, 5}, 5, DType.FLOAT32));
    assertEquals("label 5 outside [0, 5)", e.getMessage());
  }

  /** The host NLL this code had before the backend ops: forward by get, backward by item and set. */
  private static double[] referenceNll(float[] lp, int n, int c, int[] target, boolean mean, float g) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s -= lp[i * c + target[i]];
    }
    if (mean) {
      s /= Math.max(1, n);
    }
    double gv = (double) g * (mean ? 1.0 / Math.max(1, n) : 1.0);
    double[] out = new double[1 + n * c];
    out[0] = (float) s;
    for (int i = 0; i < n; i++) {
      out[1 + i * c + target[i]] = (float) -gv;
    }
    return out;
  }

  @Test
  void nllThroughGatherScatterIsBitIdenticalToTheHostLoop() {
    Random r = new Random(4);
    for (int n : new int[] {1, 7, 300, 20000}) {
      int c = 10;
      float[] lp = new float[n * c];
      for (int k = 0; k < lp.length; k++) {
        lp[k] = k % 13 == 0 ? 0f : (float) (-r.nextDouble() * 20);
      }
      int[] target = new int[n];
      for (int i = 0; i < n; i++) {
        target[i] = r.nextInt(c);
      }
      for (boolean mean : new boolean[] {true, false}) {
        float g = (float) r.nextGaussian();
        double[] ref = referenceNll(lp, n, c, target, mean, g);
        Tensor x = Tensor.fromArray(lp.clone(), n, c).requiresGrad(true);
        Tensor loss = NN.nllLoss(x, Tensor.fromArray(target, n), mean);
        assertEquals(DType.FLOAT32, loss.dtype());
        assertEquals(Float.floatToRawIntBits((float) ref[0]), Float.floatToRawIntBits((float) loss.item()),
            "forward n=" + n + " mean=" + mean);
        loss.backward(Tensor.scalar(g));
        float[] gx = x.grad().toFloatArray();
        for (int k = 0; k < gx.length; k++) {
          assertEquals(Float.floatToRawIntBits((float) ref[1 + k]), Float.floatToRawIntBits(gx[k]),
              "backward n=" + n + " at " + k);
        }
        // the int[] overload is the same computation
        assertEquals(loss.item(), NN.nllLoss(Tensor.fromArray(lp, n, c), target, mean).item());
      }
    }
    assertThrows(IllegalArgumentException.class,
        () -> NN.nllLoss(Tensor.zeros(2, 3), new int[] {0, 3}, true), "target out of range");
    assertThrows(IllegalArgumentException.class,
        () -> NN.nllLoss(Tensor.zeros(2, 3), Tensor.zeros(2), true), "float targets");
  }

  /** The host predict this code had before: double sums over T in order, strict > (first max wins). */
  private static int[] referencePredict(float[] v, int t, int n, int c) {
    int[] pred = new int[n];
    double[] acc = new double[c];
    for (int i = 0; i < n; i++) {
      java.util.Arrays.fill(acc, 0);
      for (int s = 0; s < t; s++) {
        for (int k = 0; k < c; k++) {
          acc[k] += v[(s * n + i) * c + k];
        }
      }
      int best = 0;
      for (int k = 1; k < c; k++) {
        if (acc[k] > acc[best]) {
          best = k;
        }
      }
      pred[i] = best;
    }
    return pred;
  }

  @Test
  void predictAndCorrectThroughArgmaxMatchTheHostLoop() {
    Random r = new Random(5);
    int t = 4;
    int n = 50;
    int c = 10;
    for (boolean spikes : new boolean[] {true, false}) {
      float[] v = new float[t * n * c];
      for (int k = 0; k < v.length; k++) {
        v[k] = spikes ? (r.nextDouble() < 0.2 ? 1f : 0f) : (float) r.nextGaussian();
      }
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = r.nextInt(c);
      }
      int[] ref = referencePredict(v, t, n, c);
      int refCorrect = 0;
      for (int i = 0; i < n; i++) {
        refCorrect += ref[i] == labels[i] ? 1 : 0;
      }
      Tensor out = Tensor.fromArray(v, t, n, c);
      assertArrayEquals(ref, Losses.predict(out));
      assertArrayEquals(ref, Losses.predict(out.to(DType.FLOAT64)));
      assertEquals(DType.INT32, Losses.predictTensor(out).dtype());
      assertEquals(refCorrect, Losses.correct(out, labels));
      assertEquals(refCorrect, Losses.correct(out, Tensor.fromArray(labels, n).to(DType.INT64)));
      assertEquals(refCorrect, Losses.correctTensor(out, Tensor.fromArray(labels, n)).item());
      assertArrayEquals(referencePredict(v, 1, t * n, c), Losses.predict(out.reshape(t * n, c)));
    }
  }

  @Test
  void lossesWithLabelTensorsEqualTheIntArrayForms() {
    Random r = new Random(6);
    float[] v = rand(r, 3 * 4 * 5);
    int[] labels = {4, 0, 2, 2};
    Tensor lab = Tensor.fromArray(labels, 4);
    for (String name : new String[] {"mse", "ce", "tet"}) {
      Tensor a = Tensor.fromArray(v.clone(), 3, 4, 5).requiresGrad(true);
      Tensor b = Tensor.fromArray(v.clone(), 3, 4, 5).requiresGrad(true);
      Tensor la = Losses.byName(name, a, labels);
      Tensor lb = Losses.byName(name, b, lab);
      assertEquals(la.item(), lb.item(), name);
      la.backward();
      lb.backward();
      assertArrayEquals(a.grad().toFloatArray(), b.grad().toFloatArray(), name);
    }
    assertThrows(IllegalArgumentException.class,
        () -> Losses.byName("ce", Tensor.zeros(3, 4, 5), Tensor.fromArray(new int[] {1, 2, 3}, 3)));
  }
}
