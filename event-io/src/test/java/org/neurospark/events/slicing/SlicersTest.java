package org.neurospark.events.slicing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.frames.SegmentIntegrator;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.testing.BatchEvents;
import org.neurospark.events.testing.GoldenNpy;
import org.neurospark.events.testing.SharedData;

class SlicersTest {
  static EventBatch sample;

  @BeforeAll
  static void load() throws IOException {
    sample = BatchEvents.readAll(SharedData.data("events/nmnist/tonic_sample_nmnist.bin"));
  }

  /** Windows collected as copies. */
  static final class Collect implements WindowSink {
    final List<Window> windows = new ArrayList<>();
    final List<EventBatch> events = new ArrayList<>();

    @Override
    public void window(Window w, EventBatch e) {
      windows.add(w);
      events.add(e.copy());
    }
  }

  static Collect feed(StreamSlicer s, Collect c, EventBatch all, int chunk) throws IOException {
    for (int i = 0; i < all.size(); i += chunk) {
      s.accept(BatchEvents.range(all, i, Math.min(all.size(), i + chunk)));
    }
    s.finish();
    return c;
  }

  static int countIn(EventBatch b, long from, long to) {
    int n = 0;
    for (int i = 0; i < b.size(); i++) {
      n += b.t()[i] >= from && b.t()[i] < to ? 1 : 0;
    }
    return n;
  }

  @ParameterizedTest
  @CsvSource({
      // window, overlap, incomplete, windows (tonic: floor/ceil((310521 - w) / s) + 1), chunk
      "100000, 0, false, 3, 4325",
      "100000, 0, true, 4, 7",
      "100000, 50000, false, 5, 100",
      "100000, 50000, true, 6, 1",
      "400000, 0, false, 0, 50",
      "400000, 0, true, 1, 50"})
  void timeSlicesMatchTonicsArithmetic(long w, long overlap, boolean incomplete, int expected, int chunk)
      throws IOException {
    Collect c = new Collect();
    feed(new TimeSlicer(w, overlap, incomplete, c), c, sample, chunk);
    assertEquals(expected, c.windows.size());
    long stride = w - overlap;
    for (int k = 0; k < expected; k++) {
      Window win = c.windows.get(k);
      long s = 654 + k * stride;
      assertEquals(k, win.index());
      assertEquals(s, win.tStartUs());
      assertEquals(s + w, win.tEndUs());
      assertEquals(countIn(sample, s, s + w), win.count());
      assertEquals(win.count(), c.events.get(k).size());
      if (win.count() > 0) {
        assertTrue(c.events.get(k).t()[0] >= s && c.events.get(k).t()[win.count() - 1] < s + w);
        assertEquals(sample.t()[(int) win.firstEvent()], c.events.get(k).t()[0]);
      }
    }
  }

  @Test
  void firstTimeWindowHoldsTheFirstEvents() throws IOException {
    Collect c = new Collect();
    feed(new TimeSlicer(10000, 0, false, c), c, sample, 512);
    assertEquals(31, c.windows.size()); // floor((310521 - 10000) / 10000) + 1
    assertArrayEquals(new long[] {654, 7, 15, 1}, BatchEvents.event(c.events.get(0), 0));
    int total = 0;
    for (Window w : c.windows) {
      total += w.count();
    }
    assertEquals(countIn(sample, 654, 654 + 310000), total);
  }

  @ParameterizedTest
  @CsvSource({"1000, 200, false, 5, 13", "1000, 200, true, 6, 4325", "1000, 0, true, 5, 999", "5000, 0, true, 1, 64"})
  void countSlicesMatchTonicsArithmetic(int count, int overlap, boolean incomplete, int expected, int chunk)
      throws IOException {
    Collect c = new Collect();
    feed(new CountSlicer(count, overlap, incomplete, c), c, sample, chunk);
    assertEquals(expected, c.windows.size());
    int stride = count - overlap;
    for (int k = 0; k < expected; k++) {
      int from = k * stride;
      int to = Math.min(4325, from + count);
      assertEquals(from, c.windows.get(k).firstEvent());
      assertTrue(BatchEvents.same(BatchEvents.range(sample, from, to), c.events.get(k)), "window " + k);
    }
  }

  @ParameterizedTest
  @CsvSource({"tonic_sample_nmnist, 10000", "tonic_sample_nmnist, 33333", "nmnist_test_60001_label7, 33333",
      "nmnist_test_60004_label0, 10000"})
  void durationWindowsIntegrateToSpikingJellysGoldenFrames(String name, long duration) throws IOException {
    GoldenNpy g = GoldenNpy.readFloat32(SharedData.reference("spikingjelly/frames/" + name + ".duration_" + duration
        + ".npy"));
    int frame = 2 * 34 * 34;
    float[] mine = new float[g.data.length + frame * 4];
    int[] t = {0};
    // the frames package's SpikingJelly count integrator, one frame per window
    WindowSink integrate = new WindowFrames(34, 34, SegmentIntegrator.COUNT, (i, data, off) -> {
      assertEquals(t[0], i);
      System.arraycopy(data, off, mine, i * frame, frame);
      t[0]++;
    });
    try (EventReader r = EventFiles.open(SharedData.data("events/nmnist/" + name + ".bin"))) {
      new SpikingJellyDurationSlicer(duration, integrate).run(r, null);
    }
    assertEquals(g.shape[0], t[0]);
    assertArrayEquals(g.data, java.util.Arrays.copyOf(mine, g.data.length));
  }

  @ParameterizedTest
  @CsvSource({"10000, 31, 16, 53, 2", "33333, 10, 239, 864, 14"})
  void seedEraDurationWindowsAnchorAtEvents(long duration, int windows, int first, int second, int last)
      throws IOException {
    Collect c = new Collect();
    feed(new SpikingJellyDurationSlicer(duration, SpikingJellyDurationSlicer.Mode.SEED_ERA, c), c, sample, 77);
    assertEquals(windows, c.windows.size());
    assertEquals(first, c.windows.get(0).count());
    assertEquals(second, c.windows.get(1).count());
    assertEquals(last, c.windows.get(windows - 1).count());
    // each window opens at its first event and spans at most the duration
    for (EventBatch e : c.events) {
      assertTrue(e.t()[e.size() - 1] - e.t()[0] <= duration);
    }
  }

  @Test
  void memoryStaysBoundedByTheWindowOnALongStream() throws IOException {
    // 20 M synthetic events, 1 per µs, windows of 10 000 µs with 50 % overlap
    long[] total = {0};
    TimeSlicer s = new TimeSlicer(10000, 5000, false, (w, e) -> total[0] += e.size());
    EventBatch b = new EventBatch(1 << 16);
    long t = 0;
    for (int chunk = 0; chunk < 20_000_000 / (1 << 16); chunk++) {
      b.clear();
      for (int i = 0; i < b.capacity(); i++) {
        b.add(t++, (int) (t & 63), (int) ((t >> 6) & 63), (int) (t & 1));
      }
      s.accept(b);
      assertTrue(s.buf.capacity() <= 4 * ((1 << 16) + 10000), "buffer grew to " + s.buf.capacity());
    }
    s.finish();
    long windows = (t - 1 - 10000) / 5000 + 1;
    assertEquals(windows, s.windowsEmitted());
    assertEquals(windows * 10000, total[0]);
  }

  @Test
  void outOfOrderInputIsRefused() {
    TimeSlicer s = new TimeSlicer(10, 0, false, (w, e) -> { });
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.accept(BatchEvents.of(new long[] {5, 0, 0, 0}, new long[] {3, 0, 0, 0})));
    assertTrue(e.getMessage().contains("stream index 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TimeSlicer(10, 10, false, (w, ev) -> { }));
    assertThrows(IllegalArgumentException.class, () -> new CountSlicer(0, 0, false, (w, ev) -> { }));
  }
}
