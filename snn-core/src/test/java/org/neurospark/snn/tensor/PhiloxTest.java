package org.neurospark.snn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurospark.snn.nn.Dropout;
import org.neurospark.snn.tensor.cpu.CpuBackend;
import org.neurospark.snn.tensor.sealed.SealedBackend;

/** Philox4x32-10 against Random123's known answers, its stream layout, and dropout masks drawn from it. */
class PhiloxTest {
  private static int[] block(int c0, int c1, int c2, int c3, int k0, int k1) {
    int[] w = new int[4];
    Philox.block(c0, c1, c2, c3, k0, k1, w);
    return w;
  }

  /** The known-answer vectors of Random123 ({@code kat_vectors}, philox4x32 with 10 rounds). */
  @Test
  void matchesRandom123KnownAnswers() {
    assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, block(0, 0, 0, 0, 0, 0));
    assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}, block(-1, -1, -1, -1, -1, -1));
    assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
        block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
  }

  @Test
  void streamElementsAreBlockWordsAndAnyRangeEqualsElementWise() {
    long key = 0x0123456789abcdefL;
    long far = (7L << 32) + 5; // a block counter above 2^32 uses counter word 1
    int[] w = block((int) (far >>> 2), (int) (far >>> 34), 0, 0, (int) key, (int) (key >>> 32));
    assertEquals(w[(int) (far & 3)], Philox.word(key, far));
    float[] a = new float[23];
    Philox.uniform(key, 3, a, 0, a.length); // starts mid-block
    for (int i = 0; i < a.length; i++) {
      assertEquals(Philox.uniform(key, 3 + i), a[i], "element " + i);
      assertTrue(a[i] >= 0 && a[i] < 1);
    }
    assertTrue(Philox.uniform(key, 0) != Philox.uniform(key + 1, 0), "the key selects the stream");
  }

  @Test
  void uniformsLookUniform() {
    float[] u = new float[1 << 16];
    Philox.uniform(42, 0, u, 0, u.length);
    double mean = 0;
    int[] bins = new int[16];
    for (float x : u) {
      mean += x;
      bins[(int) (x * 16)]++;
    }
    mean /= u.length;
    assertEquals(0.5, mean, 0.005);
    for (int b : bins) {
      assertEquals(u.length / 16.0, b, 5 * Math.sqrt(u.length / 16.0)); // within 5 sigma
    }
  }

  @Test
  void dropoutMasksAreTheSameOnEveryBackendAndFollowTheStream() {
    double p = 0.3;
    Tensor cpu = Tensor.zeros(CpuBackend.INSTANCE, DType.FLOAT32, 5, 7);
    CpuBackend.INSTANCE.dropoutMask(9, 8, p, cpu);
    float[] m = cpu.toFloatArray();
    for (int i = 0; i < m.length; i++) {
      assertEquals(Philox.uniform(9, 8 + i) < p ? 0f : (float) (1 / (1 - p)), m[i], "element " + i);
    }
    SealedBackend sealed = new SealedBackend();
    Tensor dev = Tensor.zeros(sealed, DType.FLOAT32, 5, 7);
    sealed.resetCounts();
    sealed.dropoutMask(9, 8, p, dev);
    assertEquals(0, sealed.transfers(), "drawn on the device");
    assertArrayEquals(m, dev.toFloatArray());
    Tensor d64 = Tensor.zeros(CpuBackend.INSTANCE, DType.FLOAT64, 5, 7);
    CpuBackend.INSTANCE.dropoutMask(9, 8, p, d64);
    double[] m64 = d64.toDoubleArray();
    for (int i = 0; i < m.length; i++) {
      assertEquals(m[i] == 0 ? 0 : 1 / (1 - p), m64[i], "float64 element " + i);
    }
    assertThrows(IllegalArgumentException.class, () -> CpuBackend.INSTANCE.dropoutMask(1, 0, 1.0, cpu));
  }

  @Test
  void aDropoutLayerDrawsConsecutiveMasksAndRestartsOnReseed() {
    Dropout d = Dropout.dropout(0.5, 77);
    d.train(true);
    Tensor x = Tensor.ones(3, 5);
    float[] first = d.forward(x).toFloatArray();
    d.reset();
    float[] second = d.forward(x).toFloatArray();
    for (int i = 0; i < first.length; i++) {
      assertEquals(Philox.uniform(77, i) < 0.5 ? 0f : 2f, first[i]);
      assertEquals(Philox.uniform(77, 16 + i) < 0.5 ? 0f : 2f, second[i], "the next mask starts at the next block");
    }
    d.reseed(77);
    d.reset();
    assertArrayEquals(first, d.forward(x).toFloatArray());
  }
}
