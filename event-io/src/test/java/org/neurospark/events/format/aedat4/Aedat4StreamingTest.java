package org.neurospark.events.format.aedat4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.neurospark.events.EventReader;
import org.neurospark.events.testing.ReadLoop;
import org.neurospark.events.bench.BenchInput;
import org.neurospark.events.io.EventFiles;

/**
 * Streaming in constant memory: a multi-megabyte AEDAT 4.0 stream (the real fixture's packets, re-encoded and
 * repeated) is read while this thread's heap allocations are measured; after the first batch the read loop must
 * allocate only a bounded amount (reused packet, decompression and batch buffers), independent of the file size.
 */
class Aedat4StreamingTest {
  static final long MAX_LOOP_ALLOCATION = 512 * 1024;

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"LZ4", "ZSTD", "NONE"})
  void readLoopAllocationIsBounded(Compression c, @TempDir Path dir) throws Exception {
    List<Aedat4Files.Packet> once = Aedat4Files.packetsOf(Aedat4ReaderTest.REAL);
    List<Aedat4Files.Packet> many = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      many.addAll(once);
    }
    Path f = Aedat4Files.write(dir.resolve("long.aedat4"), c, Aedat4Files.xml(320, 240), many);
    // without a FileDataTable the packets are repeatable (events bench builds long streams from them)
    try (BenchInput in = BenchInput.prepare(f, 3 * 20 * 111954L, dir)) {
      assertTrue(in.repeated());
    }
    long events;
    try (EventReader r = EventFiles.open(f)) {
      ReadLoop loop = ReadLoop.drain(r);
      events = loop.events();
      long allocated = loop.allocated();
      assertEquals(Files.size(f), r.bytesRead());
      assertTrue(allocated < MAX_LOOP_ALLOCATION, c + ": " + Files.size(f) + " bytes, " + events + " events, read"
          + " loop allocated " + allocated + " bytes");
    }
    assertEquals(20 * 111954L, events);
  }

}
