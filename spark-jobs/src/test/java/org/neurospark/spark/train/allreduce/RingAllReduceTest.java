package org.neurospark.spark.train.allreduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RingAllReduceTest {
  static final Duration CONNECT = Duration.ofSeconds(10);
  static final Duration IO = Duration.ofSeconds(20);

  /** Random buffers with values over several orders of magnitude and both signs. */
  static float[] randomBuffer(SplittableRandom rnd, int length) {
    float[] b = new float[length];
    for (int i = 0; i < length; i++) {
      b[i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-3, 4)));
    }
    return b;
  }

  static List<float[]> randomBuffers(long seed, int n, int length) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<float[]> bufs = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      bufs.add(randomBuffer(rnd, length));
    }
    return bufs;
  }

  static double[] randomWeights(long seed, int n) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] w = new double[n];
    for (int r = 0; r < n; r++) {
      w[r] = rnd.nextBoolean() ? rnd.nextInt(1, 5000) : rnd.nextDouble(0.01, 100);
    }
    return w;
  }

  /** The documented order with the default slice length. */
  static float[] documentedAverage(List<float[]> bufs, double[] w) {
    return documentedAverage(bufs, w, RingAllReduce.DEFAULT_SLICE_ELEMENTS);
  }

  /**
   * The documented order: per slice, chunk c summed in float64 from rank c around the ring, divided, rounded once.
   */
  static float[] documentedAverage(List<float[]> bufs, double[] w, int slice) {
    int n = bufs.size();
    int length = bufs.get(0).length;
    float[] out = new float[length];
    for (int offset = 0; offset < length; offset += slice) {
      int sliceLength = Math.min(slice, length - offset);
      for (int c = 0; c < n; c++) {
        int start = offset + RingAllReduce.chunkStart(sliceLength, n, c);
        for (int k = start; k < start + RingAllReduce.chunkLength(sliceLength, n, c); k++) {
          double s = w[c] * bufs.get(c)[k];
          double sw = w[c];
          for (int j = 1; j < n; j++) {
            int i = (c + j) % n;
            s += w[i] * bufs.get(i)[k];
            sw += w[i];
          }
          out[k] = (float) (s / sw);
        }
      }
    }
    return out;
  }

  /**
   * Bytes of payload rank r sends in one operation: in each slice, {@code reduceBytes} per element of every chunk but
   * chunk r + 1 (reduce-scatter) and {@code gatherBytes} per element of every chunk but chunk r + 2 (all-gather).
   */
  static long payloadBytes(int length, int n, int r, int slice, int reduceBytes, int gatherBytes) {
    long bytes = 0;
    for (int offset = 0; offset < length; offset += slice) {
      int sliceLength = Math.min(slice, length - offset);
      bytes += (long) reduceBytes * (sliceLength - RingAllReduce.chunkLength(sliceLength, n, (r + 1) % n));
      bytes += (long) gatherBytes * (sliceLength - RingAllReduce.chunkLength(sliceLength, n, (r + 2) % n));
    }
    return bytes;
  }

  /**
   * Bytes of payload rank r sends in one weighted average: {@link #payloadBytes} with 8 and 4 bytes per element, less
   * 4 per element of chunk r in every slice (the first reduce-scatter step sends the rank's own values as float32).
   */
  static long averageBytes(int length, int n, int r, int slice) {
    long bytes = payloadBytes(length, n, r, slice, 8, 4);
    if (n > 1) {
      for (int offset = 0; offset < length; offset += slice) {
        bytes -= 4L * RingAllReduce.chunkLength(Math.min(slice, length - offset), n, r);
      }
    }
    return bytes;
  }

  static double[] referenceMean(List<float[]> bufs, double[] w) {
    int length = bufs.get(0).length;
    double[] ref = new double[length];
    double total = 0;
    for (int r = 0; r < bufs.size(); r++) {
      total += w[r];
      for (int k = 0; k < length; k++) {
        ref[k] += w[r] * bufs.get(r)[k];
      }
    }
    for (int k = 0; k < length; k++) {
      ref[k] /= total;
    }
    return ref;
  }

  /** Every element within one float32 ulp of the float64 weighted mean (relative error ~1.2e-7 or better). */
  static void assertCloseToReference(double[] ref, float[] got) {
    for (int k = 0; k < ref.length; k++) {
      double tol = Math.ulp((float) ref[k]);
      if (Math.abs(got[k] - ref[k]) > tol) {
        throw new AssertionError("element " + k + ": got " + got[k] + ", reference " + ref[k]);
      }
    }
  }

  static List<float[]> copies(List<float[]> bufs) {
    List<float[]> c = new ArrayList<>();
    for (float[] b : bufs) {
      c.add(b.clone());
    }
    return c;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void weightedAverageEqualsReferenceAndIsBitIdenticalOnEveryWorker(int n) throws Exception {
    for (int length : new int[] {0, 1, 2, 3, 5, 1000, 1001, 4099, 300_001}) {
      List<float[]> bufs = randomBuffers(length * 31L + n, n, length);
      double[] w = randomWeights(length + 7L * n, n);
      List<float[]> inputs = copies(bufs);
      List<Workers.Outcome<float[]>> out = Workers.run(n, CONNECT, IO, ring -> {
        float[] b = inputs.get(ring.rank());
        ring.weightedAverage(b, w[ring.rank()]);
        assertEquals(1, ring.rounds());
        return b;
      });
      float[] expected = n == 1 ? bufs.get(0) : documentedAverage(bufs, w);
      double[] ref = referenceMean(bufs, w);
      for (int r = 0; r < n; r++) {
        float[] got = out.get(r).get();
        assertArrayEquals(expected, got, "rank " + r + " of " + n + ", length " + length);
        assertCloseToReference(ref, got);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 4})
  void shortSlicesFollowTheDocumentedOrderToo(int n) throws Exception {
    for (int slice : new int[] {1, 2, 5, 64}) {
      for (int length : new int[] {0, 1, 3, 64, 65, 301}) {
        List<float[]> bufs = randomBuffers(length * 17L + slice, n, length);
        double[] w = randomWeights(slice + n, n);
        List<float[]> inputs = copies(bufs);
        List<Workers.Outcome<Object[]>> out = Workers.run(n, CONNECT, IO, slice, ring -> {
          float[] b = inputs.get(ring.rank());
          long sent = ring.bytesSent();
          ring.weightedAverage(b, w[ring.rank()]);
          double[] sums = new double[length];
          java.util.Arrays.fill(sums, ring.rank());
          ring.allReduceSum(sums);
          return new Object[] {b, sums, ring.bytesSent() - sent};
        });
        float[] expected = documentedAverage(bufs, w, slice);
        double[] ref = referenceMean(bufs, w);
        for (int r = 0; r < n; r++) {
          Object[] got = out.get(r).get();
          String where = "rank " + r + " of " + n + ", slice " + slice + ", length " + length;
          assertArrayEquals(expected, (float[]) got[0], where);
          assertCloseToReference(ref, (float[]) got[0]);
          double[] sums = new double[length];
          java.util.Arrays.fill(sums, n * (n - 1) / 2.0);
          assertArrayEquals(sums, (double[]) got[1], 0.0, where);
          long headers = (long) FrameHeader.SIZE * 2 * (n - 1) * Math.max(1, (length + slice - 1) / slice);
          long expectedBytes = averageBytes(length, n, r, slice) + payloadBytes(length, n, r, slice, 8, 8)
              + 2 * headers;
          assertEquals(expectedBytes, (long) got[2], where);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void allReduceSumIsTheFloat64SumInRingOrder(int n) throws Exception {
    for (int length : new int[] {0, 1, 2, 3, 4, 17, 10_000}) {
      SplittableRandom rnd = new SplittableRandom(length + 100L * n);
      List<double[]> vals = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        vals.add(rnd.doubles(length, -1e6, 1e6).toArray());
      }
      double[] expected = new double[length];
      for (int c = 0; c < n; c++) {
        int start = RingAllReduce.chunkStart(length, n, c);
        for (int k = start; k < start + RingAllReduce.chunkLength(length, n, c); k++) {
          double s = vals.get(c)[k];
          for (int j = 1; j < n; j++) {
            s += vals.get((c + j) % n)[k];
          }
          expected[k] = s;
        }
      }
      List<Workers.Outcome<double[]>> out = Workers.run(n, CONNECT, IO, ring -> {
        double[] v = vals.get(ring.rank()).clone();
        ring.allReduceSum(v);
        return v;
      });
      for (int r = 0; r < n; r++) {
        assertArrayEquals(expected, out.get(r).get(), 0.0, "rank " + r + " of " + n + ", length " + length);
      }
    }
  }

  @Test
  void chunksCoverTheBufferExactly() {
    for (int n = 1; n <= 7; n++) {
      for (int length = 0; length < 30; length++) {
        int next = 0;
        for (int c = 0; c < n; c++) {
          assertEquals(next, RingAllReduce.chunkStart(length, n, c));
          int len = RingAllReduce.chunkLength(length, n, c);
          assertTrue(len == length / n || len == length / n + 1);
          next += len;
        }
        assertEquals(length, next);
      }
    }
  }

  @Test
  void repeatedRoundsOfBothOperationsOnOneRing() throws Exception {
    int n = 3;
    int rounds = 12;
    List<List<float[]>> avgInputs = new ArrayList<>();
    List<double[]> avgWeights = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      avgInputs.add(randomBuffers(1000 + i, n, 50 + 97 * i));
      avgWeights.add(randomWeights(2000 + i, n));
    }
    List<Workers.Outcome<List<float[]>>> out = Workers.run(n, CONNECT, IO, ring -> {
      List<float[]> results = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        float[] b = avgInputs.get(i).get(ring.rank()).clone();
        ring.weightedAverage(b, avgWeights.get(i)[ring.rank()]);
        results.add(b);
        double[] metrics = {ring.rank() + 1, i, 0.5};
        ring.allReduceSum(metrics);
        assertArrayEquals(new double[] {6, 3.0 * i, 1.5}, metrics, 0.0);
      }
      assertEquals(2L * rounds, ring.rounds());
      assertTrue(ring.bytesSent() > 0 && ring.bytesReceived() > 0);
      return results;
    });
    for (int r = 0; r < n; r++) {
      List<float[]> results = out.get(r).get();
      for (int i = 0; i < rounds; i++) {
        assertArrayEquals(documentedAverage(avgInputs.get(i), avgWeights.get(i)), results.get(i));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3})
  void thirtyTwoMegabyteBuffer(int n) throws Exception {
    int length = 8 << 20; // 8 Mi floats = 32 MiB
    List<float[]> bufs = new ArrayList<>();
    SplittableRandom rnd = new SplittableRandom(42 + n);
    for (int r = 0; r < n; r++) {
      float[] b = new float[length];
      for (int i = 0; i < length; i++) {
        b[i] = rnd.nextFloat() * 2 - 1;
      }
      bufs.add(b);
    }
    double[] w = randomWeights(43, n);
    List<float[]> inputs = copies(bufs);
    long[] nanos = new long[n];
    long[] bytes = new long[n];
    List<Workers.Outcome<float[]>> out = Workers.run(n, CONNECT, IO, ring -> {
      float[] b = inputs.get(ring.rank());
      long sent0 = ring.bytesSent();
      long t0 = System.nanoTime();
      ring.weightedAverage(b, w[ring.rank()]);
      nanos[ring.rank()] = System.nanoTime() - t0;
      bytes[ring.rank()] = ring.bytesSent() - sent0;
      return b;
    });
    float[] expected = documentedAverage(bufs, w);
    for (int r = 0; r < n; r++) {
      assertArrayEquals(expected, out.get(r).get(), "rank " + r);
      // 4 bytes per element of the first reduce-scatter step and of the all-gather, 8 of the middle steps
      long payload = averageBytes(length, n, r, RingAllReduce.DEFAULT_SLICE_ELEMENTS);
      assertTrue(bytes[r] >= payload && bytes[r] < payload + 1000, "bytes sent " + bytes[r] + " vs " + payload);
    }
    long slowest = 0;
    for (long t : nanos) {
      slowest = Math.max(slowest, t);
    }
    System.out.printf("RingAllReduce %d workers, 32 MiB fp32 buffer: %.0f ms, %.0f MB/s of buffer, %.1f MB sent "
        + "per worker (loopback, first round, JIT cold)%n", n, slowest / 1e6, 4.0 * length / (slowest / 1e3),
        bytes[0] / 1e6);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, RingAllReduce.DEFAULT_SLICE_ELEMENTS})
  void zeroTotalWeightFailsOnEveryWorkerAndTheRingStaysUsable(int slice) throws Exception {
    List<Workers.Outcome<float[]>> out = Workers.run(3, CONNECT, IO, slice, ring -> {
      float[] b = {1, 2, 3, 4};
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ring.weightedAverage(b, 0));
      assertTrue(e.getMessage().contains("total weight"), e.getMessage());
      assertArrayEquals(new float[] {1, 2, 3, 4}, b);
      float[] c = {ring.rank(), 1};
      ring.weightedAverage(c, ring.rank() == 0 ? 0 : 1); // rank 0 contributes nothing
      return c;
    });
    for (Workers.Outcome<float[]> o : out) {
      assertArrayEquals(new float[] {1.5f, 1}, o.get());
    }
  }

  @Test
  void badWeightIsRejectedBeforeAnyIo() throws Exception {
    List<Workers.Outcome<Void>> out = Workers.run(1, CONNECT, IO, ring -> {
      assertThrows(IllegalArgumentException.class, () -> ring.weightedAverage(new float[1], -1));
      assertThrows(IllegalArgumentException.class, () -> ring.weightedAverage(new float[1], Double.NaN));
      assertThrows(IllegalArgumentException.class, () -> ring.weightedAverage(new float[1],
          Double.POSITIVE_INFINITY));
      assertEquals(0, ring.rounds());
      return null;
    });
    out.get(0).get();
  }

  @Test
  void singleWorkerUsesNoSocketAndLeavesBuffersAsTheyAre() throws Exception {
    ServerSocketChannel server = RingAllReduce.listen(Workers.LOOPBACK);
    String address = RingAllReduce.addressOf(server);
    float[] b = randomBuffer(new SplittableRandom(5), 1000);
    float[] before = b.clone();
    double[] v = {1.5, -2};
    try (RingAllReduce ring = new RingAllReduce(0, List.of(address), server, CONNECT, IO)) {
      assertTrue(!server.isOpen(), "the ring owns and closes the server channel");
      ring.weightedAverage(b, 3.7);
      ring.allReduceSum(v);
      assertEquals(0, ring.bytesSent());
      assertEquals(2, ring.rounds());
    }
    assertArrayEquals(before, b);
    assertArrayEquals(new double[] {1.5, -2}, v, 0.0);
    try (RingAllReduce ring = new RingAllReduce(0, List.of("127.0.0.1:1"), null, CONNECT, IO)) {
      assertEquals(1, ring.size());
    }
  }

  @Test
  void closedRingRefusesOperations() throws Exception {
    RingAllReduce ring = new RingAllReduce(0, List.of("127.0.0.1:1"), null, CONNECT, IO);
    ring.close();
    assertThrows(IllegalStateException.class, () -> ring.weightedAverage(new float[1], 1));
  }

  @Test
  void addressesAreValidated() throws Exception {
    ServerSocketChannel server = RingAllReduce.listen(Workers.LOOPBACK);
    assertThrows(IllegalArgumentException.class,
        () -> new RingAllReduce(0, List.of("127.0.0.1", "127.0.0.1:2"), server, CONNECT, IO));
    assertTrue(!server.isOpen(), "a failed constructor closes the server channel it was given");
    assertThrows(IllegalArgumentException.class,
        () -> new RingAllReduce(2, List.of("127.0.0.1:1", "127.0.0.1:2"), null, CONNECT, IO));
    try (ServerSocketChannel wildcard = RingAllReduce.listen(java.net.InetAddress.getByName("0.0.0.0"))) {
      assertThrows(IllegalArgumentException.class, () -> RingAllReduce.addressOf(wildcard));
      String published = RingAllReduce.addressOf(wildcard, "::1");
      assertTrue(published.startsWith("[::1]:"), published);
      assertEquals(RingAllReduce.addressOf(wildcard, "node7").substring(6), published.substring(6));
    }
  }

  @Test
  void ringIdDependsOnTheWholeAddressList() {
    assertTrue(RingAllReduce.ringId(List.of("a:1", "b:2")) != RingAllReduce.ringId(List.of("b:2", "a:1")));
    assertEquals(RingAllReduce.ringId(List.of("a:1", "b:2")), RingAllReduce.ringId(new ArrayList<>(List.of("a:1",
        "b:2"))));
  }

  static void assertFailure(Workers.Outcome<?> o, AllReduceException.Reason reason, int peerRank, String... words) {
    assertNull(o.value(), "expected a failure");
    AllReduceException e = assertInstanceOf(AllReduceException.class, o.error());
    assertEquals(reason, e.reason(), e.getMessage());
    if (peerRank >= 0) {
      assertEquals(peerRank, e.peerRank(), e.getMessage());
      assertTrue(e.getMessage().contains("rank " + peerRank + " (127.0.0.1:"), e.getMessage());
    }
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), "'" + w + "' missing from: " + e.getMessage());
    }
  }
}
