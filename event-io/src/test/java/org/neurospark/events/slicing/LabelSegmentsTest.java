package org.neurospark.events.slicing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.neurospark.events.testing.BatchEvents;
import org.neurospark.events.testing.SharedData;

class LabelSegmentsTest {
  static final Path CSV = SharedData.data("events/dvsgesture/user01_natural_labels.csv");

  @Test
  void readsTheGestureLabelFile() throws IOException {
    List<LabeledSegment> s = LabelCsv.read(CSV);
    assertEquals(12, s.size());
    assertEquals(new LabeledSegment(0, 1, 0, 53036986, 59508469, 0), s.get(0));
    assertEquals(new LabeledSegment(3, 5, 4, 87200306, 97835393, 0), s.get(3));
    // class 8 appears twice: label 7, repeats 0 and 1 (SpikingJelly's user01_natural_0/_1 file names)
    assertEquals(new LabeledSegment(7, 8, 7, 132355007, 141594080, 0), s.get(7));
    assertEquals(new LabeledSegment(8, 8, 7, 142355542, 148751823, 1), s.get(8));
    assertEquals(new LabeledSegment(11, 11, 10, 171367247, 177991967, 0), s.get(11));
  }

  @Test
  void malformedRowsNameFileAndLine(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("user02_led_labels.csv");
    Files.writeString(bad, "class,startTime_usec,endTime_usec\n1,100,200\n2,300,x\n");
    EventFileException e = assertThrows(EventFileException.class, () -> LabelCsv.read(bad));
    assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("'x'"), e.getMessage());
    assertEquals(44, e.offset());
    Files.writeString(bad, "class,startTime_usec,endTime_usec\n1,300,200\n");
    assertTrue(assertThrows(EventFileException.class, () -> LabelCsv.read(bad)).getMessage().contains("not after"));
    Files.writeString(bad, "class,startTime_usec,endTime_usec\n1,100\n");
    assertTrue(assertThrows(EventFileException.class, () -> LabelCsv.read(bad)).getMessage().contains("3 columns"));
    Files.writeString(bad, "class,startTime_usec,endTime_usec\n");
    assertTrue(assertThrows(EventFileException.class, () -> LabelCsv.read(bad)).getMessage().contains("no label"));
  }

  /** One event every 1000 µs from 50 s to 180 s: each segment holds the multiples of 1000 in [start, end). */
  @Test
  void slicesAStreamIntoTheLabelledSegments() throws IOException {
    List<LabeledSegment> segs = LabelCsv.read(CSV);
    List<long[]> got = new ArrayList<>();
    List<String> calls = new ArrayList<>();
    SegmentSink sink = new SegmentSink() {
      long first = -1;
      long last;

      @Override
      public void begin(LabeledSegment s) {
        calls.add("begin " + s.row());
        first = -1;
      }

      @Override
      public void events(LabeledSegment s, EventBatch chunk) {
        for (int i = 0; i < chunk.size(); i++) {
          assertTrue(s.contains(chunk.t()[i]));
        }
        if (first < 0) {
          first = chunk.t()[0];
        }
        last = chunk.t()[chunk.size() - 1];
      }

      @Override
      public void end(LabeledSegment s, long count) {
        calls.add("end " + s.row());
        got.add(new long[] {s.row(), count, first, last});
      }
    };
    SegmentSlicer slicer = new SegmentSlicer(segs, sink);
    EventBatch b = new EventBatch(4096);
    for (long t = 50_000_000; t < 180_000_000; t += 1000) {
      if (b.isFull()) {
        slicer.accept(b);
        b.clear();
      }
      b.add(t, (int) (t / 1000 % 128), 5, 1);
    }
    slicer.accept(b);
    slicer.finish();
    assertEquals(12, got.size());
    for (int i = 0; i < 12; i++) {
      LabeledSegment s = segs.get(i);
      long firstT = (s.startUs() + 999) / 1000 * 1000;
      long lastT = (s.endUs() - 1) / 1000 * 1000;
      assertArrayEquals(new long[] {i, (lastT - firstT) / 1000 + 1, firstT, lastT}, got.get(i), "segment " + i);
      assertEquals("begin " + i, calls.get(2 * i));
      assertEquals("end " + i, calls.get(2 * i + 1));
    }
  }

  @Test
  void segmentsPastTheRecordingEndEmpty() throws IOException {
    List<LabeledSegment> segs = List.of(new LabeledSegment(0, 1, 0, 0, 100, 0),
        new LabeledSegment(1, 2, 1, 50, 150, 0), new LabeledSegment(2, 3, 2, 1000, 2000, 0));
    long[] counts = new long[3];
    SegmentSlicer slicer = new SegmentSlicer(segs, new SegmentSink() {
      @Override
      public void begin(LabeledSegment s) { }

      @Override
      public void events(LabeledSegment s, EventBatch c) { }

      @Override
      public void end(LabeledSegment s, long n) {
        counts[s.row()] = n;
      }
    });
    // overlapping segments 0 and 1 both get the events in [50, 100)
    slicer.accept(BatchEvents.of(new long[] {10, 0, 0, 0}, new long[] {60, 0, 0, 0}, new long[] {120, 0, 0, 0}));
    slicer.finish();
    assertArrayEquals(new long[] {2, 2, 0}, counts);
    assertFalse(counts[2] > 0);
  }
}
