package org.neurospark.events.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.dataset.Catalogs;
import org.neurospark.events.dataset.DatasetCatalog;
import org.neurospark.events.dataset.Sample;
import org.neurospark.events.dataset.SampleEvents;
import org.neurospark.events.dataset.Split;
import org.neurospark.events.frames.FrameIntegrator;
import org.neurospark.events.frames.Frames;
import org.neurospark.events.frames.SplitBy;

class NmnistSimulatorTest {
  static final int PER_CLASS = 2;

  @TempDir
  static Path tmp;
  static Path idx;
  static Path out;
  static SimulationSummary summary;
  static long progressCalls;

  @BeforeAll
  static void simulateSyntheticSet() throws IOException {
    idx = tmp.resolve("idx");
    SyntheticIdx.write(idx, PER_CLASS);
    out = tmp.resolve("out");
    AtomicLong calls = new AtomicLong();
    summary = NmnistSimulator.run(SimulationOptions.of(idx, out).withSeed(7).withThreads(2),
        (split, index, label, events, done, total) -> calls.incrementAndGet());
    progressCalls = calls.get();
  }

  static Map<String, byte[]> tree(Path root) throws IOException {
    Map<String, byte[]> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        m.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return m;
  }

  static EventBatch read(Sample s, DatasetCatalog c) throws IOException {
    EventBatch all = new EventBatch(16);
    try (EventReader r = SampleEvents.open(s, c)) {
      EventBatch b = new EventBatch(4096);
      while (r.read(b)) {
        all.addAll(b);
      }
    }
    return all;
  }

  @Test
  void summaryCountsWhatWasWritten() throws IOException {
    int n = 10 * PER_CLASS;
    assertEquals(Map.of(Split.TRAIN, n, Split.TEST, n), summary.samples());
    for (Split s : List.of(Split.TRAIN, Split.TEST)) {
      long[] perLabel = summary.perLabel().get(s);
      assertEquals(10, perLabel.length);
      for (long c : perLabel) {
        assertEquals(PER_CLASS, c);
      }
    }
    assertEquals(2L * n, progressCalls);
    Map<String, byte[]> files = tree(out);
    assertEquals(2 * n, files.size());
    long bytes = 0;
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      assertTrue(e.getKey().endsWith(".bin"), "no temporary file left: " + e.getKey());
      bytes += e.getValue().length;
    }
    assertEquals(summary.bytes(), bytes);
    assertEquals(summary.events() * 5, bytes); // 300 ms: no overflow markers
    assertTrue(Files.isRegularFile(out.resolve("Test/7/00008.bin")), "N-MNIST names: 1-based, 5 digits");
  }

  @Test
  void sameSeedSameBytesAnyThreadsAndSubsetDifferentSeedDiffers() throws IOException {
    Path again = tmp.resolve("again");
    NmnistSimulator.run(SimulationOptions.of(idx, again).withSeed(7).withThreads(1), SimulationProgress.NONE);
    Map<String, byte[]> a = tree(out);
    Map<String, byte[]> b = tree(again);
    assertEquals(a.keySet(), b.keySet());
    for (String k : a.keySet()) {
      assertArrayEquals(a.get(k), b.get(k), k);
    }
    // the first 3 of each split alone: the same bytes as in the full run
    Path subset = tmp.resolve("subset");
    SimulationSummary s = NmnistSimulator.run(SimulationOptions.of(idx, subset).withSeed(7).withLimit(3),
        SimulationProgress.NONE);
    assertEquals(6, s.totalSamples());
    Map<String, byte[]> c = tree(subset);
    assertEquals(6, c.size());
    for (String k : c.keySet()) {
      assertArrayEquals(a.get(k), c.get(k), k);
    }
    Path other = tmp.resolve("other");
    NmnistSimulator.run(SimulationOptions.of(idx, other).withSeed(8).withLimit(3), SimulationProgress.NONE);
    Map<String, byte[]> d = tree(other);
    for (String k : d.keySet()) {
      assertFalse(java.util.Arrays.equals(a.get(k), d.get(k)), k + " identical under another seed");
    }
  }

  @Test
  void nmnistCatalogReadsTheTreeWithLabelsSplitsAndSaneEvents() throws IOException {
    DatasetCatalog nmnist = Catalogs.byName("nmnist");
    List<Sample> samples = nmnist.list(out);
    assertEquals(4 * 10 * PER_CLASS / 2, samples.size());
    int[] perSplit = new int[2];
    for (Sample s : samples) {
      int index = Integer.parseInt(s.name()) - 1; // 1-based position in the IDX file
      assertEquals(index % 10, s.label(), s.file().toString()); // SyntheticIdx cycles labels 0..9
      assertEquals(Integer.toString(s.label()), s.className());
      assertEquals(s.file().getParent().getParent().getFileName().toString(),
          s.split() == Split.TRAIN ? "Train" : "Test");
      perSplit[s.split().ordinal()]++;
      EventBatch e = read(s, nmnist);
      assertTrue(e.size() >= 500 && e.size() <= 15_000, s.file() + ": " + e.size() + " events");
      int on = 0;
      for (int i = 0; i < e.size(); i++) {
        assertTrue(e.x()[i] >= 0 && e.x()[i] < 34 && e.y()[i] >= 0 && e.y()[i] < 34, "inside 34 × 34");
        assertTrue(i == 0 || e.t()[i] >= e.t()[i - 1], "monotonic timestamps");
        on += e.p()[i];
      }
      assertTrue(e.t()[0] >= 0 && e.t()[e.size() - 1] < 300_000, "within the 300 ms of three saccades");
      assertTrue(on > e.size() / 4 && on < e.size() * 3 / 4, "both polarities, about evenly: " + on + " of "
          + e.size());
    }
    assertEquals(10 * PER_CLASS, perSplit[Split.TRAIN.ordinal()]);
    assertEquals(10 * PER_CLASS, perSplit[Split.TEST.ordinal()]);
  }

  /** Event counts per pixel (both polarities) of a recording, [y][x] flattened, via the frame integrator. */
  static double[] countImage(EventBatch e) {
    Frames f = new FrameIntegrator(34, 34).byFramesNumber(e, SplitBy.NUMBER, 1);
    double[] img = new double[34 * 34];
    for (int y = 0; y < 34; y++) {
      for (int x = 0; x < 34; x++) {
        img[y * 34 + x] = f.get(0, 0, y, x) + f.get(0, 1, y, x);
      }
    }
    return img;
  }

  /**
   * What the source image predicts a DVS sees: its temporal-difference edges along N-MNIST's path, i.e. the sum over
   * the saccades of |image at the saccade's start − image at its end| (vertices rounded to whole pixels).
   */
  static double[] predictedEdges(byte[] image) {
    SaccadePath path = SaccadePath.nmnist(34, 34, 28, 28);
    double[] px = path.x();
    double[] py = path.y();
    double[] img = new double[34 * 34];
    for (int k = 0; k < path.saccades(); k++) {
      double[] a = placed(image, (int) Math.round(px[k]), (int) Math.round(py[k]));
      double[] b = placed(image, (int) Math.round(px[k + 1]), (int) Math.round(py[k + 1]));
      for (int i = 0; i < img.length; i++) {
        img[i] += Math.abs(a[i] - b[i]);
      }
    }
    return img;
  }

  static double[] placed(byte[] image, int ox, int oy) {
    double[] img = new double[34 * 34];
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        if (y + oy >= 0 && y + oy < 34 && x + ox >= 0 && x + ox < 34) {
          img[(y + oy) * 34 + x + ox] = image[y * 28 + x] & 0xFF;
        }
      }
    }
    return img;
  }

  static double corr(double[] a, double[] b) {
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < a.length; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= a.length;
    mb /= b.length;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }

  @Test
  void eventCountImageLooksLikeItsSourceImage() throws IOException {
    DatasetCatalog nmnist = Catalogs.byName("nmnist");
    for (Sample s : nmnist.list(out)) {
      if (s.split() != Split.TEST) {
        continue;
      }
      int index = Integer.parseInt(s.name()) - 1;
      double[] counts = countImage(read(s, nmnist));
      double own = corr(counts, predictedEdges(SyntheticIdx.image(s.label(), index / 10 + 4)));
      assertTrue(own > 0.6, s.file() + ": correlation with its own image's edges " + own);
      for (int other = 0; other < 10; other++) {
        if (other != s.label()) {
          double c = corr(counts, predictedEdges(SyntheticIdx.image(other, index / 10 + 4)));
          assertTrue(own > c + 0.1, s.file() + ": own image " + own + ", class " + other + " " + c);
        }
      }
    }
  }

  @Test
  void badIdxInputIsReportedWithFileAndOffset(@TempDir Path dir) throws IOException {
    Path img = dir.resolve("train-images-idx3-ubyte");
    Files.write(img, java.nio.ByteBuffer.allocate(16 + 100).putInt(0x803).putInt(1).putInt(28).putInt(28).array());
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxFiles.readImages(img));
    assertTrue(e.getMessage().contains(img.toString()) && e.getMessage().contains("@ byte 116"), e.getMessage());
    Files.write(img, new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
    e = assertThrows(IdxFormatException.class, () -> IdxFiles.readImages(img));
    assertTrue(e.getMessage().contains("@ byte 0") && e.getMessage().contains("0x00000801"), e.getMessage());
    IOException missing = assertThrows(IOException.class,
        () -> NmnistSimulator.run(SimulationOptions.of(dir, dir.resolve("o")), SimulationProgress.NONE));
    assertTrue(missing.getMessage().contains("train-labels"), missing.getMessage());
  }

  @Test
  void rewritingReplacesFilesAtomicallyWithoutLeftovers() throws IOException {
    Path dir = tmp.resolve("rewrite");
    SimulationOptions o = SimulationOptions.of(idx, dir).withLimit(2).withSplits(EnumSet.of(Split.TEST));
    NmnistSimulator.run(o, SimulationProgress.NONE);
    Path f = dir.resolve("Test/0/00001.bin");
    byte[] first = Files.readAllBytes(f);
    Files.write(f, new byte[] {1, 2, 3}); // a stale file of the same name
    NmnistSimulator.run(o, SimulationProgress.NONE);
    assertArrayEquals(first, Files.readAllBytes(f));
    List<String> names = new ArrayList<>(tree(dir).keySet());
    assertEquals(List.of("Test/0/00001.bin", "Test/1/00002.bin"), names);
  }
}
