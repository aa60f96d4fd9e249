package org.neurospark.events.format.mat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFormat;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.testing.Events;
import org.neurospark.events.testing.PythonNumpy;
import org.neurospark.events.testing.SharedData;

/**
 * The real ST-MNIST sample from tonic's test data (SOURCES.md: MAT 5.0, one compressed float64 variable
 * {@code spiketrain} 101 x 2346). Expected values were computed independently with scipy 1.17 / numpy, following
 * tonic's prototype reader ({@code s = loadmat(f)['spiketrain'].T; ev, a = nonzero(s[:, :100]);
 * t = (s[ev, 100] * 1e6).astype(int); x = a % 10; y = a // 10; p = maximum(s[ev, a], 0)}):
 * 2346 events, 1601 ON, t 196626 .. 895744 µs (0.19662648000023505 .. 0.8957449920010708 s truncated),
 * x 2..9, y 3..8, first (196626,5,4,0), (196626,5,4,0), (199902,5,4,0), last (895744,6,4,1).
 * {@link #everyEventMatchesScipy} repeats the comparison for every event when scipy is installed.
 */
class StMnistMatTest {
  static final Path FIXTURE = SharedData.data("events/mat/tonic_sample_stmnist.mat");

  @Test
  void detectedAsMat() throws IOException {
    assertEquals(EventFormat.MAT, EventFiles.detect(FIXTURE));
  }

  @Test
  void countsRangesAndFirstEvents() throws IOException {
    Events.All all = Events.readAll(FIXTURE);
    assertEquals(2346, all.size());
    assertEquals(1601, all.on());
    assertEquals(10, all.info().width());
    assertEquals(10, all.info().height());
    assertEquals(EventFormat.MAT, all.info().format());
    assertArrayEquals(new long[] {196626, 5, 4, 0}, all.event(0));
    assertArrayEquals(new long[] {196626, 5, 4, 0}, all.event(1));
    assertArrayEquals(new long[] {199902, 5, 4, 0}, all.event(2));
    assertArrayEquals(new long[] {895744, 6, 4, 1}, all.event(2345));
    long tMin = Long.MAX_VALUE;
    long tMax = Long.MIN_VALUE;
    int xMin = 99;
    int xMax = -1;
    int yMin = 99;
    int yMax = -1;
    EventBatch b = all.events();
    for (int i = 0; i < b.size(); i++) {
      tMin = Math.min(tMin, b.t()[i]);
      tMax = Math.max(tMax, b.t()[i]);
      xMin = Math.min(xMin, b.x()[i]);
      xMax = Math.max(xMax, b.x()[i]);
      yMin = Math.min(yMin, b.y()[i]);
      yMax = Math.max(yMax, b.y()[i]);
      if (i > 0) {
        assertTrue(b.t()[i] >= b.t()[i - 1], "time order at " + i);
      }
    }
    assertEquals(196626, tMin); // int(0.19662648000023505 * 1e6)
    assertEquals(895744, tMax); // int(0.8957449920010708 * 1e6)
    assertEquals(2, xMin);
    assertEquals(9, xMax);
    assertEquals(3, yMin);
    assertEquals(8, yMax);
    assertTrue(all.skipped().isEmpty(), all.skipped().toString());
    assertEquals(Files.size(FIXTURE), all.bytesRead());
  }

  @Test
  void layoutAndVariables() throws IOException {
    try (MatEventReader r = new MatEventReader(FIXTURE, ReadOptions.DEFAULT)) {
      assertEquals(MatLayout.ST_MNIST, r.layout());
      assertEquals(List.of("spiketrain"), r.variableNames());
      assertEquals(-1, r.eventCount());
    }
  }

  @Test
  void tinyBatchesGiveTheSameEvents() throws IOException {
    Events.All whole = Events.readAll(FIXTURE);
    for (int cap : new int[] {1, 3, 7, 100, 101}) {
      Events.All small = Events.readAll(FIXTURE, ReadOptions.DEFAULT, cap);
      assertEquals(whole.size(), small.size(), "capacity " + cap);
      for (int i = 0; i < whole.size(); i++) {
        assertArrayEquals(whole.event(i), small.event(i), "capacity " + cap + ", event " + i);
      }
    }
  }

  @Test
  void flipsUseTheTenByTenSensor() throws IOException {
    Events.All flipped = Events.readAll(FIXTURE, ReadOptions.DEFAULT.withFlipX(true).withFlipY(true));
    assertArrayEquals(new long[] {196626, 9 - 5, 9 - 4, 0}, flipped.event(0));
  }

  @Test
  void everyEventMatchesScipy(@TempDir Path dir) throws IOException {
    assumeTrue(PythonNumpy.available() && PythonNumpy.runCode(dir, "import scipy.io") == 0, "scipy not installed");
    String code = String.join("\n",
        "import numpy as np, scipy.io as sio",
        "s = sio.loadmat(r'" + FIXTURE + "')['spiketrain'].T",
        "ev, a = np.nonzero(s[:, :100])",
        "t = (s[ev, 100] * 1e6).astype(np.int64)",
        "p = np.maximum(s[ev, a], 0).astype(np.int64)",
        "np.savetxt('events.csv', np.stack([t, a % 10, a // 10, p], 1), fmt='%d', delimiter=',')");
    assertEquals(0, PythonNumpy.runCode(dir, code), () -> log(dir));
    List<String> rows = Files.readAllLines(dir.resolve("events.csv"), StandardCharsets.US_ASCII);
    Events.All all = Events.readAll(FIXTURE, ReadOptions.DEFAULT, 1000);
    assertEquals(rows.size(), all.size());
    for (int i = 0; i < rows.size(); i++) {
      String[] f = rows.get(i).split(",");
      long[] want = {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])};
      assertArrayEquals(want, all.event(i), "event " + i);
    }
  }

  /** The fixture's spiketrain re-written by the test writer in other encodings decodes to the same events. */
  @Test
  void reencodedSpiketrainDecodesIdentically(@TempDir Path dir) throws IOException {
    Events.All ref = Events.readAll(FIXTURE);
    double[] values = readSpiketrain();
    int n = values.length / 101;
    int k = 0;
    for (boolean big : new boolean[] {false, true}) {
      for (boolean z : new boolean[] {false, true}) {
        Path f = dir.resolve("st" + k++ + ".mat");
        Files.write(f, new MatWriter(big).compress(z).chars("label", "digit 0")
            .numeric("spiketrain", MatWriter.MX_DOUBLE, MatWriter.DOUBLE, new int[] {101, n}, values, false)
            .toBytes());
        Events.All got = Events.readAll(f, ReadOptions.DEFAULT, 333);
        assertEquals(ref.size(), got.size());
        for (int i = 0; i < ref.size(); i++) {
          assertArrayEquals(ref.event(i), got.event(i), f + " event " + i);
        }
        assertEquals(1L, got.skipped("char"));
      }
    }
  }

  /** The raw 101 x N values, through the package's own column stream (checked against scipy above). */
  static double[] readSpiketrain() throws IOException {
    try (MatFile m = MatFile.open(FIXTURE, java.util.Set.of("spiketrain"))) {
      MatColumn c = m.column("spiketrain");
      assertEquals(MatTypes.MI_DOUBLE, c.variable().miType());
      assertArrayEquals(new int[] {101, 2346}, c.variable().dims());
      assertTrue(c.variable().compressed());
      double[] v = new double[(int) c.remaining()];
      c.readDoubles(v, 0, v.length);
      assertEquals(0.19662648000023505, v[100]);
      assertEquals(0.8957449920010708, v[v.length - 1]);
      return v;
    }
  }

  private static String log(Path dir) {
    try {
      return Files.readString(dir.resolve("python.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }
}
