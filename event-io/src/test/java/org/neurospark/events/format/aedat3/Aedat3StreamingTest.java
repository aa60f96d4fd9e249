package org.neurospark.events.format.aedat3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventReader;
import org.neurospark.events.testing.ReadLoop;
import org.neurospark.events.bench.BenchInput;
import org.neurospark.events.io.EventFiles;

/** Streaming in constant memory for AEDAT 3.1 (generated stream, see {@link Aedat3ReaderTest}). */
class Aedat3StreamingTest {
  static final long MAX_LOOP_ALLOCATION = 512 * 1024;

  @Test
  void readLoopAllocationIsBoundedAndPayloadRepeats(@TempDir Path dir) throws Exception {
    Path src = dir.resolve("mixed.aedat");
    int n = 100;
    int[] x = new int[n];
    int[] y = new int[n];
    int[] p = new int[n];
    int[] ts = new int[n];
    boolean[] valid = new boolean[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[i] = 127 - i;
      p[i] = i & 1;
      ts[i] = 10 * i;
      valid[i] = true;
    }
    Files.write(src, Aedat3Files.withHeader("DVS128", "\r\n").other(0, 8, 4, 1).polarity(3, x, y, p, valid, ts)
        .other(3, 36, 4, 2).toBytes());
    // 100 events per copy: 1M events need 10k copies of the packets
    try (BenchInput in = BenchInput.prepare(src, 1_000_000, dir)) {
      assertTrue(in.repeated());
      long events;
      try (EventReader r = EventFiles.open(in.file())) {
        ReadLoop loop = ReadLoop.drain(r);
        events = loop.events();
        long allocated = loop.allocated();
        assertEquals(Files.size(in.file()), r.bytesRead());
        assertTrue(allocated < MAX_LOOP_ALLOCATION, Files.size(in.file()) + " bytes, " + events
            + " events, read loop allocated " + allocated + " bytes");
        assertEquals(20_000L, r.skipped().get("imu6"));
        assertEquals(10_000L, r.skipped().get("special"));
      }
      assertEquals(1_000_000L, events);
    }
  }
}
