package org.neurospark.snn.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.neurospark.events.EventReader;
import org.neurospark.events.dataset.Catalogs;
import org.neurospark.events.dataset.DatasetCatalog;
import org.neurospark.events.dataset.Sample;
import org.neurospark.events.dataset.Split;
import org.neurospark.events.frames.FrameIntegrator;
import org.neurospark.events.frames.SplitBy;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.testing.SharedData;
import org.neurospark.snn.tensor.Tensor;

/** Real N-MNIST recordings laid out as the nmnist catalog expects, loaded as frames. */
class EventFrameLoaderTest {
  private static final DatasetCatalog NMNIST = Catalogs.all().get("nmnist");

  @TempDir
  Path dir;

  /** DIR/Train/<label>/ and DIR/Test/<label>/ with the real recordings of the fixtures, one per class, in each. */
  private Path nmnistTree() throws IOException {
    for (String split : new String[] {"Train", "Test"}) {
      for (int l = 0; l < 10; l++) {
        Files.createDirectories(dir.resolve(split).resolve(Integer.toString(l)));
      }
    }
    try (var files = Files.list(SharedData.data("events/nmnist"))) {
      for (Path f : files.filter(p -> p.getFileName().toString().matches("nmnist_test_\\d+_label\\d\\.bin"))
          .toList()) {
        String name = f.getFileName().toString();
        String label = name.substring(name.length() - 5, name.length() - 4);
        Files.copy(f, dir.resolve("Train").resolve(label).resolve(name));
        Files.copy(f, dir.resolve("Test").resolve(label).resolve(name));
      }
    }
    // the fixtures hold no 3 and no 8: tonic's sample recording stands in for both
    Path sample = SharedData.data("events/nmnist/tonic_sample_nmnist.bin");
    for (String split : new String[] {"Train", "Test"}) {
      for (String label : new String[] {"3", "8"}) {
        Files.copy(sample, dir.resolve(split).resolve(label).resolve("tonic_sample_nmnist.bin"));
      }
    }
    return dir;
  }

  /** The reference: the whole file read directly and integrated by event-io. */
  private static float[] reference(Path file, int t, SplitBy split) throws IOException {
    EventBatch all = new EventBatch();
    EventBatch b = new EventBatch();
    try (EventReader r = EventFiles.open(file, NMNIST.readOptions())) {
      while (r.read(b)) {
        all.addAll(b);
      }
    }
    return new FrameIntegrator(34, 34).byFramesNumber(all, split, t).toArray();
  }

  @Test
  void everySampleEqualsEventIoFramesAndBatchesAreTimeMajor() throws IOException {
    Path root = nmnistTree();
    EventFrameLoader.Loaded d = EventFrameLoader.load(root, NMNIST,
        EventFrameLoader.Options.of(new FrameSpec(10, SplitBy.NUMBER)).withThreads(2), EventFrameLoader.Progress.NONE);
    assertEquals(10, d.train().size());
    assertEquals(10, d.test().size());
    assertTrue(d.errors().isEmpty(), d.errors().toString());
    assertArrayEquals(new int[] {10, 2, 34, 34}, d.train().sampleShape());
    List<Sample> listed = NMNIST.list(root);
    long events = 0;
    for (int i = 0; i < d.test().size(); i++) {
      int k = i;
      String name = d.test().name(i);
      Sample s = listed.stream().filter(x -> x.split() == Split.TEST && x.name().equals(name)
          && x.label() == d.test().label(k)).findFirst().orElseThrow();
      assertEquals(s.label(), d.test().label(i));
      float[] ref = reference(s.file(), 10, SplitBy.NUMBER);
      assertArrayEquals(ref, d.test().dense(i), name);
      for (float v : ref) {
        events += (long) v;
      }
    }
    assertEquals(2 * events, d.events(), "every event of both splits is in the frames");
    // a batch of samples 3, 0 is [T, 2, 2, 34, 34] with sample j of step s at [s, j]
    Tensor x = Tensor.zeros(d.test().batchShape(2));
    int[] lab = new int[2];
    d.test().fillBatch(new int[] {3, 0}, 0, x, lab);
    float[] batch = x.toFloatArray();
    float[] s3 = d.test().dense(3);
    float[] s0 = d.test().dense(0);
    int frame = 2 * 34 * 34;
    for (int step = 0; step < 10; step++) {
      for (int k = 0; k < frame; k++) {
        assertEquals(s3[step * frame + k], batch[(step * 2) * frame + k]);
        assertEquals(s0[step * frame + k], batch[(step * 2 + 1) * frame + k]);
      }
    }
    assertArrayEquals(new int[] {d.test().label(3), d.test().label(0)}, lab);
  }

  @Test
  void splitByTimeAndThreadCountsGiveTheSameFrames() throws IOException {
    Path root = nmnistTree();
    EventFrameLoader.Options o = EventFrameLoader.Options.of(new FrameSpec(4, SplitBy.TIME));
    EventFrameLoader.Loaded one = EventFrameLoader.load(root, NMNIST, o, EventFrameLoader.Progress.NONE);
    EventFrameLoader.Loaded two = EventFrameLoader.load(root, NMNIST, o.withThreads(3), EventFrameLoader.Progress.NONE);
    for (int i = 0; i < one.train().size(); i++) {
      assertEquals(one.train().name(i), two.train().name(i));
      assertArrayEquals(one.train().dense(i), two.train().dense(i));
    }
  }

  @Test
  void badRecordingsAreRecordedAndSkipped() throws IOException {
    Path root = nmnistTree();
    Path good = SharedData.data("events/nmnist/nmnist_test_60001_label7.bin");
    byte[] bytes = Files.readAllBytes(good);
    Path truncated = root.resolve("Train/3/truncated.bin");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, 5 * 1000 + 3)); // not a whole 5-byte record
    Path outside = root.resolve("Train/8/outside.bin");
    Files.write(outside, new byte[] {(byte) 200, 10, 0, 0, 1}); // x = 200 is outside the 34 x 34 sensor
    EventFrameLoader.Loaded d = EventFrameLoader.load(root, NMNIST,
        EventFrameLoader.Options.of(new FrameSpec(5, SplitBy.NUMBER)), EventFrameLoader.Progress.NONE);
    assertEquals(10, d.train().size(), "the good samples still load");
    assertEquals(2, d.errors().size(), d.errors().toString());
    List<String> paths = new ArrayList<>();
    for (SampleError e : d.errors()) {
      paths.add(e.path());
      assertTrue(e.message().contains(e.path().substring(e.path().lastIndexOf('/') + 1)), e.message());
    }
    assertTrue(paths.contains(truncated.toString()) && paths.contains(outside.toString()), paths.toString());
    SampleError t = d.errors().stream().filter(e -> e.path().equals(truncated.toString())).findFirst().orElseThrow();
    assertEquals(5000, t.offset(), t.message());
  }

  @Test
  void limitsTakeClassesInTurnAndZeroSkipsASplit() throws IOException {
    Path root = nmnistTree();
    EventFrameLoader.Loaded d = EventFrameLoader.load(root, NMNIST,
        EventFrameLoader.Options.of(new FrameSpec(2, SplitBy.NUMBER)).withLimits(0, 3), EventFrameLoader.Progress.NONE);
    assertEquals(0, d.train().size());
    assertEquals(3, d.test().size());
    assertEquals(3, java.util.stream.IntStream.range(0, 3).map(d.test()::label).distinct().count(),
        "three different classes");
    assertThrows(IllegalArgumentException.class, () -> EventFrameLoader.Options.of(new FrameSpec(2, SplitBy.NUMBER))
        .withLimits(0, 0));
    assertThrows(IllegalArgumentException.class, () -> new FrameSpec(0, SplitBy.NUMBER));
  }
}
