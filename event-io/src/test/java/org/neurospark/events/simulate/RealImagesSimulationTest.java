package org.neurospark.events.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFormat;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.dataset.Catalogs;
import org.neurospark.events.dataset.Sample;
import org.neurospark.events.dataset.Split;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.testing.SharedData;

/**
 * The simulator on real images: the MNIST test images in {@code shared/data/mnist} against the real N-MNIST
 * recordings of the same images in {@code shared/data/events/nmnist}, and Debian's {@code dataset-fashion-mnist}
 * when it is installed.
 */
class RealImagesSimulationTest {
  static final Path FASHION = Paths.get("/usr/share/datasets/fashion-mnist");

  /** MNIST test index → the shared real N-MNIST recording of that image (SOURCES.md: id 60001 = test image 0). */
  static final Map<Integer, String> REAL = Map.of(0, "nmnist_test_60001_label7.bin", 1, "nmnist_test_60002_label2.bin",
      2, "nmnist_test_60003_label1.bin", 3, "nmnist_test_60004_label0.bin", 4, "nmnist_test_60005_label4.bin",
      7, "nmnist_test_60008_label9.bin", 8, "nmnist_test_60009_label5.bin", 11, "nmnist_test_60012_label6.bin");

  static EventBatch read(Path f) throws IOException {
    EventBatch all = new EventBatch(16);
    try (EventReader r = EventFiles.open(f, EventFormat.ATIS_BIN, ReadOptions.DEFAULT)) {
      EventBatch b = new EventBatch(4096);
      while (r.read(b)) {
        all.addAll(b);
      }
    }
    return all;
  }

  static double[] unit(double[] v) {
    double n = 0;
    for (double a : v) {
      n += a * a;
    }
    double[] o = v.clone();
    for (int i = 0; i < o.length; i++) {
      o[i] /= Math.sqrt(n);
    }
    return o;
  }

  @Test
  void mnistTestImagesLookLikeTheirRealNmnistRecordings(@TempDir Path tmp) throws IOException {
    Path images = SharedData.data("mnist/mnist/t10k-images-idx3-ubyte.gz");
    Path labels = SharedData.data("mnist/mnist/t10k-labels-idx1-ubyte.gz");
    assumeTrue(Files.isRegularFile(images) && Files.isRegularFile(labels), "shared MNIST test files absent");
    Path idx = Files.createDirectories(tmp.resolve("idx"));
    Files.createSymbolicLink(idx.resolve(images.getFileName()), images);
    Files.createSymbolicLink(idx.resolve(labels.getFileName()), labels);
    Path out = tmp.resolve("out");
    int n = 300;
    SimulationSummary s = NmnistSimulator.run(SimulationOptions.of(idx, out).withLimit(n).withThreads(2)
        .withSplits(EnumSet.of(Split.TEST)), SimulationProgress.NONE);
    assertEquals(n, s.totalSamples());
    // N-MNIST: about 4,000 events per sample, half ON; the 8 shared real recordings average 3,909
    assertTrue(s.meanEvents() > 3000 && s.meanEvents() < 5500, "mean events " + s.meanEvents());
    assertTrue(s.minEvents() > 800 && s.maxEvents() < 12_000, s.minEvents() + ".." + s.maxEvents());
    assertTrue(s.onFraction() > 0.45 && s.onFraction() < 0.55, "ON fraction " + s.onFraction());
    int[] labelOf = IdxFiles.readLabels(labels);

    // same image: the event-count image matches the real recording's better than any other digit's recording
    for (Map.Entry<Integer, String> sim : REAL.entrySet()) {
      int i = sim.getKey();
      EventBatch mine = read(out.resolve("Test/" + labelOf[i] + "/" + NmnistSimulator.fileName(i, 10_000)));
      double[] counts = NmnistSimulatorTest.countImage(mine);
      EventBatch real = read(SharedData.data("events/nmnist/" + sim.getValue()));
      double own = NmnistSimulatorTest.corr(counts, NmnistSimulatorTest.countImage(real));
      assertTrue(own > 0.8, "image " + i + ": correlation with its real recording " + own);
      double ratio = (double) mine.size() / real.size();
      assertTrue(ratio > 0.6 && ratio < 1.6, "image " + i + ": " + mine.size() + " events, real " + real.size());
      for (Map.Entry<Integer, String> other : REAL.entrySet()) {
        if (other.getKey() != i) {
          double c = NmnistSimulatorTest.corr(counts,
              NmnistSimulatorTest.countImage(read(SharedData.data("events/nmnist/" + other.getValue()))));
          assertTrue(own > c, "image " + i + " vs recording of image " + other.getKey() + ": " + own + " <= " + c);
        }
      }
    }

    // classes differ enough to learn: nearest class mean of count images, means from the first 200, tested on 100
    double[][] mean = new double[10][34 * 34];
    double[][] unitImages = new double[n][];
    for (int i = 0; i < n; i++) {
      unitImages[i] = unit(NmnistSimulatorTest.countImage(read(out.resolve("Test/" + labelOf[i] + "/"
          + NmnistSimulator.fileName(i, 10_000)))));
      if (i < 200) {
        for (int k = 0; k < mean[0].length; k++) {
          mean[labelOf[i]][k] += unitImages[i][k];
        }
      }
    }
    int correct = 0;
    for (int i = 200; i < n; i++) {
      int best = -1;
      double bestDot = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < 10; c++) {
        double[] m = unit(mean[c]);
        double dot = 0;
        for (int k = 0; k < m.length; k++) {
          dot += m[k] * unitImages[i][k];
        }
        if (dot > bestDot) {
          bestDot = dot;
          best = c;
        }
      }
      correct += best == labelOf[i] ? 1 : 0;
    }
    assertTrue(correct >= 50, "nearest class mean: " + correct + " of 100 right (chance: 10)");
  }

  @Test
  void debianFashionMnistSimulatesIntoAReadableNmnistTree(@TempDir Path tmp) throws IOException {
    assumeTrue(Files.isDirectory(FASHION), FASHION + " absent (apt-get install dataset-fashion-mnist)");
    Path out = tmp.resolve("out");
    SimulationSummary s = NmnistSimulator.run(SimulationOptions.of(FASHION, out).withLimit(40).withThreads(2),
        SimulationProgress.NONE);
    assertEquals(80, s.totalSamples());
    assertTrue(s.meanEvents() > 1000 && s.meanEvents() < 20_000, "mean events " + s.meanEvents());
    boolean allClasses = true;
    for (long[] perLabel : s.perLabel().values()) {
      allClasses &= perLabel.length == 10 && java.util.Arrays.stream(perLabel).allMatch(c -> c > 0);
    }
    if (allClasses) {
      List<Sample> samples = Catalogs.byName("nmnist").list(out);
      assertEquals(80, samples.size());
    }
    try (var files = Files.walk(out)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".bin"))::iterator) {
        EventBatch e = read(f);
        assertTrue(e.size() > 0, f.toString());
        for (int i = 0; i < e.size(); i++) {
          assertTrue(e.x()[i] < 34 && e.y()[i] < 34 && (i == 0 || e.t()[i] >= e.t()[i - 1]), f.toString());
        }
      }
    }
  }
}
