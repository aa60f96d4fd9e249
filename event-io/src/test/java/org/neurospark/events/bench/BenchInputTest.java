package org.neurospark.events.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.testing.Events;
import org.neurospark.events.testing.SharedData;

class BenchInputTest {
  static final Path DAVIS = SharedData.data("events/aedat2/davis240c_IMU_translBoxes.aedat");

  @Test
  void repeatedStreamIsHeaderOnceAndDataSectionRepeated(@TempDir Path dir) throws IOException {
    try (BenchInput in = BenchInput.prepare(DAVIS, 500_000, dir)) {
      assertTrue(in.repeated());
      assertEquals(162771, in.sourceEvents());
      long header = 175268;
      long data = Files.size(DAVIS) - header;
      assertEquals(header + 4 * data, Files.size(in.file())); // ceil(500000 / 162771) = 4 copies
      Events.All all = Events.readAll(in.file());
      assertEquals(4 * 162771, all.size());
      assertEquals(4 * 33837, all.skipped("imu"));
      assertEquals(1, in.readsPerRun());
    }
    try (var s = Files.list(dir)) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void fallbackReReadsTheWholeFile(@TempDir Path dir) throws IOException {
    try (BenchInput in = BenchInput.prepare(DAVIS, 500_000, dir, false)) {
      assertFalse(in.repeated());
      assertEquals(DAVIS, in.file());
      assertEquals(4, in.readsPerRun());
      assertEquals(4 * Files.size(DAVIS), in.bytesPerRun());
      BenchResult r = new EventsBenchmark(1, 4).measure(in);
      assertEquals(4 * 162771, r.events());
      assertTrue(r.decodeEventsPerS() > 0 && r.baselineMbPerS() > 0 && r.framesEventsPerS() > 0);
    }
    assertTrue(Files.exists(DAVIS));
  }
}
