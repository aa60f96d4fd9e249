package org.neurospark.events.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neurospark.events.EventReader;
import org.neurospark.events.testing.ReadLoop;
import org.neurospark.events.bench.BenchInput;
import org.neurospark.events.testing.SharedData;

/**
 * Constant-memory streaming: each reader decodes a long generated stream (a real fixture's data section repeated to
 * ≥ 4 M events, 12–40 MB) while this thread's heap allocations are measured (after one untimed read of the same
 * stream, which lets the JIT compile the Vector API loops). Reading must allocate a bounded amount
 * independent of the file size (reused chunk buffer and batch; only per-batch counter boxing), far below the size of
 * the decoded events, so a file of any size streams in a fixed heap.
 */
class StreamingMemoryTest {
  /** Allowed allocation for the whole read loop, bytes (the events themselves would be ≥ 68 MB). */
  static final long MAX_LOOP_ALLOCATION = 512 * 1024;

  @ParameterizedTest
  @ValueSource(strings = {"aedat2/jaer_MovingDarkBox_dvs128.aedat", "aedat2/davis240c_IMU_translBoxes.aedat",
      "evt2/expelliarmus_evt2_sample_gen3_640x480.raw", "evt3/expelliarmus_evt3_sample_gen4_1280x720.raw",
      "dat/ncars_obj_004397_td.dat", "nmnist/tonic_sample_nmnist.bin"})
  void readLoopAllocationIsBoundedIndependentOfFileSize(String fixture, @TempDir Path dir) throws IOException {
    try (BenchInput stream = BenchInput.prepare(SharedData.data("events/" + fixture), 4_000_000, dir)) {
      assertTrue(stream.repeated(), "expected a repeated stream for " + fixture);
      long size = Files.size(stream.file());
      // one untimed read first: until the JIT compiles them, the Vector API loops (EVT 2.0, DAT) box their vectors
      // on the heap, a one-time cost of the JVM's warm-up, not of the file's size
      try (EventReader warm = EventFiles.open(stream.file())) {
        ReadLoop.drain(warm);
      }
      try (EventReader r = EventFiles.open(stream.file())) {
        ReadLoop loop = ReadLoop.drain(r); // the first batch may set up lazy one-time state
        long events = loop.events();
        long allocated = loop.allocated();
        assertEquals(size, r.bytesRead());
        assertTrue(events >= 4_000_000, "events " + events);
        assertTrue(allocated < MAX_LOOP_ALLOCATION, fixture + ": reading " + size + " bytes (" + events
            + " events) allocated " + allocated + " bytes");
        System.out.println(fixture + ": " + size + " bytes, " + events + " events, read loop allocated " + allocated
            + " bytes");
      }
    }
  }
}
