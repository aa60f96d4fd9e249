package org.neurospark.spark.train.allreduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightedSumTest {
  static final int N = 8;
  static final int LENGTH = 5003;

  final List<float[]> bufs = RingAllReduceTest.randomBuffers(11, N, LENGTH);
  final double[] w = RingAllReduceTest.randomWeights(12, N);

  @Test
  void sequentialAddIsTheFloat64WeightedMeanRoundedOnce() {
    WeightedSum s = new WeightedSum();
    for (int i = 0; i < N; i++) {
      assertSame(s, s.add(bufs.get(i), w[i]));
    }
    double[] expectedSum = new double[LENGTH];
    double weight = 0;
    for (int i = 0; i < N; i++) {
      weight += w[i];
      for (int k = 0; k < LENGTH; k++) {
        expectedSum[k] += w[i] * bufs.get(i)[k];
      }
    }
    float[] expected = new float[LENGTH];
    for (int k = 0; k < LENGTH; k++) {
      expected[k] = (float) (expectedSum[k] / weight);
    }
    assertArrayEquals(expected, s.result());
    assertArrayEquals(expectedSum, s.sum(), 0.0);
    assertEquals(weight, s.weight(), 0.0);
    assertEquals(N, s.count());
    assertEquals(LENGTH, s.length());
    RingAllReduceTest.assertCloseToReference(RingAllReduceTest.referenceMean(bufs, w), s.result());
  }

  @Test
  void anyCombinationTreeGivesTheMeanWithinOneUlp() {
    // ((0 1)(2 3))((4 5)(6 7)) as treeAggregate might combine, against a left fold and a reversed fold
    WeightedSum[] leaves = new WeightedSum[N];
    for (int i = 0; i < N; i++) {
      leaves[i] = new WeightedSum().merge(new WeightedSum()).add(bufs.get(i), w[i]); // zero value first, as Spark
    }
    WeightedSum a = WeightedSum.of(bufs.get(0), w[0]).merge(leaves[1]);
    WeightedSum b = WeightedSum.of(bufs.get(2), w[2]).merge(leaves[3]);
    WeightedSum c = WeightedSum.of(bufs.get(4), w[4]).merge(leaves[5]);
    WeightedSum d = WeightedSum.of(bufs.get(6), w[6]).merge(leaves[7]);
    float[] tree = a.merge(b).merge(c.merge(d)).result();
    WeightedSum reversed = new WeightedSum();
    for (int i = N - 1; i >= 0; i--) {
      reversed.merge(leaves[i]);
    }
    assertEquals(N, a.count());
    assertEquals(N, reversed.count());
    double[] ref = RingAllReduceTest.referenceMean(bufs, w);
    RingAllReduceTest.assertCloseToReference(ref, tree);
    RingAllReduceTest.assertCloseToReference(ref, reversed.result());
    // and the ring's documented order agrees with the tree path to within one float32 ulp
    float[] ring = RingAllReduceTest.documentedAverage(bufs, w);
    for (int k = 0; k < LENGTH; k++) {
      assertTrue(Math.abs(ring[k] - tree[k]) <= Math.ulp(tree[k]), "element " + k);
    }
  }

  @Test
  void mergeLeavesTheOtherSumUnchanged() {
    WeightedSum other = WeightedSum.of(bufs.get(1), w[1]);
    double[] before = other.sum();
    WeightedSum.of(bufs.get(0), w[0]).merge(other);
    assertArrayEquals(before, other.sum(), 0.0);
    assertEquals(w[1], other.weight(), 0.0);
    assertEquals(1, other.count());
  }

  @Test
  void emptySumsHaveNoLengthAndAreNeutral() throws Exception {
    WeightedSum empty = new WeightedSum().merge(new WeightedSum());
    assertEquals(-1, empty.length());
    assertEquals(0, empty.count());
    assertEquals(0, empty.sum().length);
    assertThrows(IllegalStateException.class, empty::result);
    WeightedSum one = WeightedSum.of(bufs.get(0), w[0]);
    assertEquals(one, new WeightedSum().merge(one));
    assertEquals(one, WeightedSum.of(bufs.get(0), w[0]).merge(new WeightedSum()));
    assertTrue(serialize(new WeightedSum()).length < 200, "the zero value carries no array");
  }

  @Test
  void serializationRoundTrips() throws Exception {
    WeightedSum s = WeightedSum.of(bufs.get(0), w[0]).add(bufs.get(1), w[1]);
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialize(s)))) {
      WeightedSum back = (WeightedSum) in.readObject();
      assertEquals(s, back);
      assertEquals(s.hashCode(), back.hashCode());
      assertArrayEquals(s.result(), back.result());
    }
    assertNotEquals(s, WeightedSum.of(bufs.get(0), w[0]));
  }

  @Test
  void badInputsAreRejected() {
    WeightedSum s = WeightedSum.of(new float[3], 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.add(new float[4], 1));
    assertTrue(e.getMessage().contains("4 elements") && e.getMessage().contains("sum of 3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> s.merge(WeightedSum.of(new float[2], 1)));
    assertThrows(IllegalArgumentException.class, () -> s.add(new float[3], -1));
    assertThrows(IllegalArgumentException.class, () -> s.add(new float[3], Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> s.add(new float[3], Double.POSITIVE_INFINITY));
    IllegalStateException z = assertThrows(IllegalStateException.class, () -> WeightedSum.of(new float[3], 0)
        .result());
    assertTrue(z.getMessage().contains("total weight 0"), z.getMessage());
    assertArrayEquals(new float[] {0.75f}, WeightedSum.of(new float[] {1}, 3).add(new float[] {0}, 1)
        .add(new float[] {5}, 0).result());
  }

  static byte[] serialize(Object o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.toByteArray();
  }
}
