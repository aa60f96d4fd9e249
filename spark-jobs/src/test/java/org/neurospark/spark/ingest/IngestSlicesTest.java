package org.neurospark.spark.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How many tasks an ingest deals its recordings to. */
class IngestSlicesTest {
  private static final long MB = 1L << 20;

  @Test
  void wholeWavesOfTheSlotsWithinTheByteAndFileLimits() {
    // 22,400 N-MNIST-sized files (453 MB): 11 tasks by the 2,048-file limit, 12 on 2 slots (6 full waves)
    assertEquals(11, IngestJob.slices(1, 453 * MB, 22_400));
    assertEquals(12, IngestJob.slices(2, 453 * MB, 22_400));
    assertEquals(12, IngestJob.slices(4, 453 * MB, 22_400));
    assertEquals(24, IngestJob.slices(8, 453 * MB, 22_400));
    // large files: 64 MB per task (1,417 MB: 23 tasks, 24 on 2 or 3 slots)
    assertEquals(23, IngestJob.slices(1, 1417 * MB, 100));
    assertEquals(24, IngestJob.slices(2, 1417 * MB, 100));
    assertEquals(24, IngestJob.slices(3, 1417 * MB, 100));
  }

  @Test
  void atLeastThreePerSlotButNeverMoreThanTheRecordings() {
    assertEquals(6, IngestJob.slices(2, MB, 10));
    assertEquals(3, IngestJob.slices(4, MB, 3));
    assertEquals(1, IngestJob.slices(2, 0, 1));
    assertEquals(1, IngestJob.slices(2, 0, 0));
    assertEquals(3, IngestJob.slices(0, MB, 10)); // no slot reported: one
  }
}
