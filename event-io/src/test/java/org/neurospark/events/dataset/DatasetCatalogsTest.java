package org.neurospark.events.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.testing.SharedData;

/** Small dataset folders built in a temp dir from the real fixtures (symlinks), in each dataset's layout. */
class DatasetCatalogsTest {
  static final Path NMNIST = SharedData.data("events/nmnist");

  static void link(Path target, Path link) throws IOException {
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, target.toAbsolutePath());
  }

  static long[] firstEvent(Sample s, DatasetCatalog c) throws IOException {
    try (EventReader r = EventFiles.open(s.file(), c.readOptions())) {
      EventBatch b = new EventBatch(16);
      r.read(b);
      return new long[] {b.t()[0], b.x()[0], b.y()[0], b.p()[0]};
    }
  }

  /** N-MNIST: the tonic sample in every class folder (as tonic's own dataset test), plus the labelled SLAYER files. */
  static Path nmnist(Path dir) throws IOException {
    String[] slayer = {"nmnist_test_60001_label7", "nmnist_test_60002_label2", "nmnist_test_60003_label1",
        "nmnist_test_60004_label0", "nmnist_test_60005_label4", "nmnist_test_60008_label9",
        "nmnist_test_60009_label5", "nmnist_test_60012_label6"};
    for (int d = 0; d < 10; d++) {
      link(NMNIST.resolve("tonic_sample_nmnist.bin"), dir.resolve("Train/" + d + "/00001.bin"));
    }
    for (String s : slayer) {
      String label = s.substring(s.length() - 1);
      link(NMNIST.resolve(s + ".bin"), dir.resolve("Test/" + label + "/" + s.substring(12, 17) + ".bin"));
    }
    for (String d : new String[] {"3", "8"}) {
      link(NMNIST.resolve("tonic_sample_nmnist.bin"), dir.resolve("Test/" + d + "/00001.bin"));
    }
    Files.writeString(dir.resolve("Test/7/.DS_Store"), "x"); // ignored: not a .bin
    return dir;
  }

  @Test
  void nmnistListsBothSplitsWithDigitLabels(@TempDir Path dir) throws IOException {
    DatasetCatalog c = Catalogs.byName("NMNIST");
    List<Sample> s = c.list(nmnist(dir));
    assertEquals(20, s.size());
    assertEquals(10, s.stream().filter(x -> x.split() == Split.TRAIN).count());
    Sample seven = s.stream().filter(x -> x.name().equals("60001")).findFirst().orElseThrow();
    assertEquals(7, seven.label());
    assertEquals("7", seven.className());
    assertEquals(Split.TEST, seven.split());
    assertTrue(seven.wholeFile());
    assertArrayEquals(new long[] {5087, 7, 7, 1}, firstEvent(seven, c));
    // every SLAYER file's folder label equals the label in its name
    for (Sample x : s) {
      if (x.split() == Split.TEST && !x.name().equals("00001")) {
        String target = Files.readSymbolicLink(x.file()).getFileName().toString();
        assertEquals(target.charAt(target.length() - 5) - '0', x.label(), target);
      }
    }
  }

  @Test
  void nmnistLayoutErrorsNameWhatIsMissing(@TempDir Path dir) throws IOException {
    DatasetCatalog c = Catalogs.byName("nmnist");
    DatasetLayoutException e = assertThrows(DatasetLayoutException.class, () -> c.list(dir));
    assertTrue(e.getMessage().contains("no Train/ or Test/ folder") && e.getMessage().contains("expected layout"),
        e.getMessage());
    nmnist(dir);
    Path test = dir.resolve("Test");
    Files.move(test, dir.resolve("Test_moved"));
    e = assertThrows(DatasetLayoutException.class, () -> c.list(dir));
    assertTrue(e.getMessage().contains("missing " + test + "/"), e.getMessage());
    Files.move(dir.resolve("Test_moved"), test);
    Files.delete(test.resolve("3/00001.bin"));
    e = assertThrows(DatasetLayoutException.class, () -> c.list(dir));
    assertTrue(e.getMessage().contains(test.resolve("3") + "/ holds no *.bin files"), e.getMessage());
    Files.delete(test.resolve("3"));
    e = assertThrows(DatasetLayoutException.class, () -> c.list(dir));
    assertTrue(e.getMessage().contains("missing class folder(s) [3]"), e.getMessage());
    Files.createDirectories(test.resolve("3"));
    link(NMNIST.resolve("tonic_sample_nmnist.bin"), test.resolve("3/1.bin"));
    Files.createDirectories(test.resolve("ten"));
    e = assertThrows(DatasetLayoutException.class, () -> c.list(dir));
    assertTrue(e.getMessage().contains("unexpected folder(s) [ten]"), e.getMessage());
    assertThrows(DatasetLayoutException.class, () -> c.list(dir.resolve("nope")));
  }

  @Test
  void nmnistUnderSpikingJellysExtractFolder(@TempDir Path dir) throws IOException {
    nmnist(dir.resolve("extract"));
    assertEquals(20, Catalogs.byName("nmnist").list(dir).size());
  }

  @Test
  void cifar10DvsUsesSpikingJellysTransposeAndSplitsByRatio(@TempDir Path dir) throws IOException {
    Path aedat = SharedData.data("events/aedat2/jaer_MovingDarkBox_dvs128.aedat");
    for (String cls : Catalogs.CIFAR10) {
      int n = cls.equals("airplane") ? 10 : 1;
      for (int i = 0; i < n; i++) {
        link(aedat, dir.resolve(cls + "/cifar10_" + cls + "_" + i + ".aedat"));
      }
    }
    DatasetCatalog c = Catalogs.byName("cifar10-dvs");
    List<Sample> s = c.list(dir);
    assertEquals(19, s.size());
    assertEquals(Split.NONE, s.get(0).split());
    assertEquals("cifar10_airplane_0", s.get(0).name());
    assertEquals(9, s.get(18).label());
    assertEquals("truck", s.get(18).className());
    // first event: addr 0x1318 at 946459683 µs: raw x 12, raw y 19, raw polarity bit 0
    // SpikingJelly: x = 127 - 19 = 108, y = 127 - 12 = 115, p = 1 - 0 = 1
    assertArrayEquals(new long[] {946459683, 108, 115, 1}, firstEvent(s.get(0), c));

    List<Sample> split = TrainTestSplit.split(s, 0.9, null);
    List<String> test = split.stream().filter(x -> x.split() == Split.TEST).map(Sample::name)
        .collect(Collectors.toList());
    assertEquals(List.of("cifar10_airplane_9"), test); // ceil(10 * 0.9) = 9 train; ceil(1 * 0.9) = 1 train
    List<Sample> r1 = TrainTestSplit.split(s, 0.5, 42L);
    List<Sample> r2 = TrainTestSplit.split(s, 0.5, 42L);
    assertEquals(r1, r2);
    assertEquals(5, r1.stream().filter(x -> x.label() == 0 && x.split() == Split.TRAIN).count());
    boolean differs = false;
    for (long seed = 0; seed < 5; seed++) {
      differs |= !TrainTestSplit.split(s, 0.5, seed).equals(TrainTestSplit.split(s, 0.5, null));
    }
    assertTrue(differs);
  }

  @Test
  void dvsGestureOneSamplePerCsvRowSplitByUser(@TempDir Path dir) throws IOException {
    Path csv = SharedData.data("events/dvsgesture/user01_natural_labels.csv");
    Path base = dir.resolve("DvsGesture");
    Path any = SharedData.data("events/aedat4/tonic_sample_dvxplorer_lz4.aedat4"); // stands in for the .aedat
    for (String trial : new String[] {"user01_natural", "user24_natural"}) {
      link(any, base.resolve(trial + ".aedat"));
      Files.copy(csv, base.resolve(trial + "_labels.csv"));
    }
    DatasetCatalog c = Catalogs.byName("dvsgesture");
    List<Sample> s = c.list(dir);
    assertEquals(24, s.size());
    assertEquals(12, s.stream().filter(x -> x.split() == Split.TRAIN).count());
    Sample first = s.get(0);
    assertEquals("user01_natural_0", first.name());
    assertEquals(0, first.label());
    assertEquals("hand_clapping", first.className());
    assertEquals(53036986, first.startUs());
    assertEquals(59508469, first.endUs());
    assertEquals("user01_natural_1", s.get(8).name()); // second class-8 row
    assertEquals(7, s.get(8).label());
    assertEquals(Split.TEST, s.get(12).split());
    assertEquals("user24_natural_0", s.get(12).name());

    // trials files override the user rule
    Files.writeString(base.resolve("trials_to_train.txt"), "user24_natural.aedat\n");
    Files.writeString(base.resolve("trials_to_test.txt"), "user01_natural.aedat\n");
    assertEquals(Split.TEST, c.list(dir).get(0).split());
    Files.delete(base.resolve("trials_to_train.txt"));
    Files.delete(base.resolve("trials_to_test.txt"));

    Files.delete(base.resolve("user24_natural_labels.csv"));
    DatasetLayoutException e = assertThrows(DatasetLayoutException.class, () -> c.list(dir));
    assertTrue(e.getMessage().contains("missing user24_natural_labels.csv for user24_natural.aedat"), e.getMessage());
    Files.delete(base.resolve("user01_natural.aedat"));
    e = assertThrows(DatasetLayoutException.class, () -> c.list(dir));
    assertTrue(e.getMessage().contains("missing user01_natural.aedat"), e.getMessage());
  }

  @Test
  void ncarsTrainTestBackgroundCars(@TempDir Path dir) throws IOException {
    Path dat = SharedData.data("events/dat/ncars_obj_004397_td.dat");
    for (String split : new String[] {"n-cars_train", "n-cars_test"}) {
      link(dat, dir.resolve("Prophesee_Dataset_n_cars/" + split + "/cars/obj_004397_td.dat"));
      link(dat, dir.resolve("Prophesee_Dataset_n_cars/" + split + "/background/obj_000001_td.dat"));
    }
    DatasetCatalog c = Catalogs.byName("ncars");
    List<Sample> s = c.list(dir);
    assertEquals(4, s.size());
    assertEquals(List.of("background", "cars", "background", "cars"),
        s.stream().map(Sample::className).collect(Collectors.toList()));
    assertEquals(List.of(Split.TRAIN, Split.TRAIN, Split.TEST, Split.TEST),
        s.stream().map(Sample::split).collect(Collectors.toList()));
    assertArrayEquals(new long[] {0, 6, 18, 1}, firstEvent(s.get(1), c));
    assertEquals(new org.neurospark.events.transform.SensorSize(120, 100), c.sensorSize());
  }

  @Test
  void ncaltechClassesAreTheSortedFolders(@TempDir Path dir) throws IOException {
    for (String cls : new String[] {"airplanes", "accordion", "BACKGROUND_Google"}) {
      link(NMNIST.resolve("tonic_sample_nmnist.bin"), dir.resolve("Caltech101/" + cls + "/image_0001.bin"));
      link(NMNIST.resolve("nmnist_test_60001_label7.bin"), dir.resolve("Caltech101/" + cls + "/image_0002.bin"));
    }
    Files.createDirectories(dir.resolve("Caltech101_annotations/airplanes"));
    List<Sample> s = Catalogs.byName("ncaltech101").list(dir);
    assertEquals(6, s.size());
    assertEquals("BACKGROUND_Google", s.get(0).className()); // upper case sorts first, as Python's sorted()
    assertEquals(2, s.get(5).label());
    assertEquals("airplanes", s.get(5).className());
    assertEquals("image_0002", s.get(5).name());
  }

  @Test
  void aslDvsNeedsAllTwentyFourLetters(@TempDir Path dir) throws IOException {
    Path mat = SharedData.data("events/mat/tonic_sample_stmnist.mat");
    for (String l : Catalogs.ASL_LETTERS) {
      link(mat, dir.resolve("extract/" + l + "/" + l + "_0001.mat"));
    }
    DatasetCatalog c = Catalogs.byName("asldvs");
    assertEquals(24, c.list(dir).size());
    assertEquals("y", c.list(dir).get(23).className());
    assertNotEquals(-1, Catalogs.ASL_LETTERS.indexOf("i"));
    assertEquals(-1, Catalogs.ASL_LETTERS.indexOf("j"));
    Files.delete(dir.resolve("extract/k/k_0001.mat"));
    Files.delete(dir.resolve("extract/k"));
    DatasetLayoutException e = assertThrows(DatasetLayoutException.class, () -> c.list(dir));
    assertTrue(e.getMessage().contains("missing class folder(s) [k]"), e.getMessage());
  }

  @Test
  void spikingJellysStringSortedFolderIndex() {
    int[] expected = {0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 2}; // '0','1','10','2',...,'9'
    for (int label = 0; label < 11; label++) {
      assertEquals(expected[label], Catalogs.datasetFolderIndex(label, 11));
    }
    for (int label = 0; label < 10; label++) {
      assertEquals(label, Catalogs.datasetFolderIndex(label, 10));
    }
    assertThrows(IllegalArgumentException.class, () -> Catalogs.datasetFolderIndex(11, 11));
  }

  @Test
  void unknownCatalog() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Catalogs.byName("mnist-dvs"));
    assertTrue(e.getMessage().contains("nmnist, ncaltech101, dvsgesture, cifar10dvs, ncars, asldvs"), e.getMessage());
  }
}
