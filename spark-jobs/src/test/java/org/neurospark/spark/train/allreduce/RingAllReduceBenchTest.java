package org.neurospark.spark.train.allreduce;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The benchmark's report line for 2 workers, 4 and 32 MiB (a short run; {@link RingAllReduceBench} runs longer). */
class RingAllReduceBenchTest {
  @Test
  void roundTimesForFourAndThirtyTwoMegabytesWithTwoWorkers() throws Exception {
    for (int mib : new int[] {4, 32}) {
      RingAllReduceBench.Result r = RingAllReduceBench.measure(2, mib << 18, 2, 3);
      System.out.println(r.line());
      // 2 workers: half the buffer as float32 values, half as float32 results, 4 bytes per element
      long expected = 4L * (mib << 18);
      assertTrue(Math.abs(r.bytesSentPerRound() - expected) < 200, r.bytesSentPerRound() + " vs " + expected);
      // generous bound (a shared 2-core CI machine): a round must not take seconds
      assertTrue(r.medianMillis() < 3000.0 * mib / 32 + 500, r.line());
    }
  }
}
