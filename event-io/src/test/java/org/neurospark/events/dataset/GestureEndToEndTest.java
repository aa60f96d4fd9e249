package org.neurospark.events.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFormat;
import org.neurospark.events.EventReader;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.slicing.LabelCsv;
import org.neurospark.events.slicing.LabeledSegment;
import org.neurospark.events.slicing.SampleNpzWriter;
import org.neurospark.events.slicing.SegmentSlicer;
import org.neurospark.events.testing.BatchEvents;
import org.neurospark.events.testing.SharedData;

/**
 * DVS128 Gesture end to end on a generated AEDAT 3.1 recording (no real one is available, EVENT-FORMATS.md §10):
 * one event per ms from 50 s to 180 s, cut by the real user01_natural label CSV through the catalog, SampleEvents
 * and the segment slicer.
 */
class GestureEndToEndTest {
  static final Path CSV = SharedData.data("events/dvsgesture/user01_natural_labels.csv");

  /** AEDAT 3.1 per EVENT-FORMATS.md §3: text header, 28-byte LE packet headers, 8-byte polarity events. */
  static byte[] aedat31(long fromUs, long toUs, long stepUs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("#!AER-DAT3.1\r\n#Format: RAW\r\n#Source 1: DVS128\r\n#!END-HEADER\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    int perPacket = 4096;
    for (long start = fromUs; start < toUs; start += perPacket * stepUs) {
      int n = (int) Math.min(perPacket, (toUs - start + stepUs - 1) / stepUs);
      ByteBuffer b = ByteBuffer.allocate(28 + 8 * n).order(ByteOrder.LITTLE_ENDIAN);
      b.putShort((short) 1).putShort((short) 1).putInt(8).putInt(4).putInt(0).putInt(n).putInt(n).putInt(n);
      for (int i = 0; i < n; i++) {
        long t = start + i * stepUs;
        int x = (int) (t / 1000 % 128);
        int y = (int) (t / 128_000 % 128);
        int p = (int) (t / 1000 % 2);
        b.putInt((x << 17) | (y << 2) | (p << 1) | 1).putInt((int) t);
      }
      out.writeBytes(b.array());
    }
    return out.toByteArray();
  }

  static long expectedCount(long start, long end) {
    long first = (start + 999) / 1000 * 1000;
    long last = (end - 1) / 1000 * 1000;
    return (last - first) / 1000 + 1;
  }

  @Test
  void catalogSamplesReadTheirSegments(@TempDir Path dir) throws IOException {
    Path base = dir.resolve("DvsGesture");
    Files.createDirectories(base);
    Path rec = base.resolve("user01_natural.aedat");
    Files.write(rec, aedat31(50_000_000, 180_000_000, 1000));
    Files.copy(CSV, base.resolve("user01_natural_labels.csv"));
    Files.writeString(base.resolve("trials_to_train.txt"), "user01_natural.aedat\n");
    Files.writeString(base.resolve("trials_to_test.txt"), "\n");
    assertEquals(EventFormat.AEDAT3, EventFiles.detect(rec));

    DatasetCatalog c = Catalogs.byName("dvsgesture");
    List<Sample> samples = c.list(dir);
    assertEquals(12, samples.size());
    for (Sample s : samples) {
      assertEquals(Split.TRAIN, s.split());
      long n = 0;
      long first = -1;
      try (EventReader r = SampleEvents.open(s, c)) {
        EventBatch b = new EventBatch(1000); // batch boundaries inside segments
        while (r.read(b)) {
          if (first < 0) {
            first = b.t()[0];
          }
          for (int i = 0; i < b.size(); i++) {
            assertTrue(b.t()[i] >= s.startUs() && b.t()[i] < s.endUs());
          }
          n += b.size();
        }
      }
      assertEquals(expectedCount(s.startUs(), s.endUs()), n, s.name());
      assertEquals((s.startUs() + 999) / 1000 * 1000, first);
    }

    // the streaming segment slicer writes the same samples in one pass, SpikingJelly's events_np layout
    Path out = dir.resolve("events_np/train");
    SampleNpzWriter w = new SampleNpzWriter(out, "user01_natural", true);
    List<LabeledSegment> segs = LabelCsv.read(base.resolve("user01_natural_labels.csv"));
    try (EventReader r = EventFiles.open(rec)) {
      new SegmentSlicer(segs, w).run(r, null);
    }
    assertEquals(12, w.written().size());

    // the events_np export cuts the same samples (one pass per recording), here through a downsample per sample
    Path cache = dir.resolve("cache");
    long exported = EventsNpExport.export(c, samples, cache,
        org.neurospark.events.transform.Compose.parse("downsample(0.5,0.5)", c.sensorSize(), 0), true);
    long expectedTotal = 0;
    for (Sample s : samples) {
      EventBatch e = BatchEvents.readAll(cache.resolve("train/" + s.label() + "/" + s.name() + ".npz"));
      assertEquals(expectedCount(s.startUs(), s.endUs()), e.size());
      assertEquals(e.t()[0] / 1000 % 128 / 2, e.x()[0]);
      expectedTotal += e.size();
    }
    assertEquals(expectedTotal, exported);
    for (Sample s : samples) {
      Path f = out.resolve(s.label() + "/" + s.name() + ".npz");
      EventBatch e = BatchEvents.readAll(f);
      assertEquals(expectedCount(s.startUs(), s.endUs()), e.size(), f.toString());
      long t0 = e.t()[0];
      assertEquals(t0 / 1000 % 128, e.x()[0]);
      assertEquals(t0 / 128_000 % 128, e.y()[0]);
      assertEquals(t0 / 1000 % 2, e.p()[0]);
    }
  }
}
