package org.neurospark.events.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.format.mat.AslDvsConventions;
import org.neurospark.events.transform.SensorSize;

/**
 * The built-in dataset catalogs, by name: {@code nmnist}, {@code ncaltech101}, {@code dvsgesture},
 * {@code cifar10dvs}, {@code ncars}, {@code asldvs}. (SHD ships as HDF5 spike tables, not event files, and is not
 * cataloged.)
 */
public final class Catalogs {
  private Catalogs() {}

  /** N-MNIST class folders 0..9. */
  public static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

  /** CIFAR10-DVS class folders (label order). */
  public static final List<String> CIFAR10 = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
      "horse", "ship", "truck");

  /** ASL-DVS class folders: letters a–y without j (label order). */
  public static final List<String> ASL_LETTERS = letters();

  /**
   * CIFAR10-DVS as SpikingJelly reads it (EVENT-FORMATS.md §2): DVS128 addresses, then {@code x = 127 − rawY},
   * {@code y = 127 − rawX}, {@code p = 1 − rawP} — flip both axes, transpose, invert polarity.
   */
  public static final ReadOptions CIFAR10DVS_OPTIONS = ReadOptions.DEFAULT
      .withAedat2Layout(ReadOptions.Aedat2Layout.DVS128).withFlipX(true).withFlipY(true).withTranspose(true)
      .withInvertPolarity(true);

  private static List<String> letters() {
    List<String> l = new ArrayList<>();
    for (char c = 'a'; c <= 'y'; c++) {
      if (c != 'j') {
        l.add(String.valueOf(c));
      }
    }
    return List.copyOf(l);
  }

  private static final String[] WRAP_EXTRACT = {"", "extract"};

  /** All catalogs by name, in a stable order. */
  public static Map<String, DatasetCatalog> all() {
    Map<String, DatasetCatalog> m = new LinkedHashMap<>();
    m.put("nmnist", new FolderCatalog("nmnist", new SensorSize(34, 34), DIGITS, ".bin",
        orderedSplits("Train", "Test"), WRAP_EXTRACT, ReadOptions.DEFAULT,
        "  DIR/[extract/]Train/<0..9>/<id>.bin   (Train.zip extracted, ATIS 40-bit records)\n"
            + "  DIR/[extract/]Test/<0..9>/<id>.bin    (Test.zip extracted)"));
    m.put("ncaltech101", new FolderCatalog("ncaltech101", new SensorSize(240, 180), null, ".bin",
        Map.of(), new String[] {"Caltech101", "extract/Caltech101", ""}, ReadOptions.DEFAULT,
        "  DIR/[extract/][Caltech101/]<class>/image_NNNN.bin   (Caltech101.zip extracted; 101 class folders;\n"
            + "  labels = sorted folder names; no official split: use --train-ratio)"));
    m.put("dvsgesture", new DvsGestureCatalog());
    m.put("cifar10dvs", new FolderCatalog("cifar10dvs", new SensorSize(128, 128), CIFAR10, ".aedat", Map.of(),
        WRAP_EXTRACT, CIFAR10DVS_OPTIONS,
        "  DIR/[extract/]<airplane|automobile|bird|cat|deer|dog|frog|horse|ship|truck>/cifar10_<class>_<i>.aedat\n"
            + "  (the ten class zips extracted; AEDAT 2.0; no official split: use --train-ratio)"));
    m.put("ncars", new FolderCatalog("ncars", new SensorSize(120, 100), List.of("background", "cars"), ".dat",
        orderedSplits("n-cars_train", "n-cars_test"), new String[] {"", "Prophesee_Dataset_n_cars"},
        ReadOptions.DEFAULT,
        "  DIR/[Prophesee_Dataset_n_cars/]n-cars_train/<background|cars>/obj_NNNNNN_td.dat\n"
            + "  DIR/[Prophesee_Dataset_n_cars/]n-cars_test/<background|cars>/obj_NNNNNN_td.dat"));
    m.put("asldvs", new FolderCatalog("asldvs", new SensorSize(240, 180), ASL_LETTERS, ".mat", Map.of(),
        WRAP_EXTRACT, AslDvsConventions.SPIKINGJELLY, // x = 239 - x, y = 179 - y (format.mat reads ts, x, y, pol)
        "  DIR/[extract/]<a..y without j>/<letter>_NNNN.mat   (ICCV2019_DVS_dataset.zip and its per-letter zips\n"
            + "  extracted; MATLAB files with ts, x, y, pol; no official split: use --train-ratio)"));
    return m;
  }

  private static Map<Split, String> orderedSplits(String train, String test) {
    Map<Split, String> m = new LinkedHashMap<>();
    m.put(Split.TRAIN, train);
    m.put(Split.TEST, test);
    return m;
  }

  /**
   * The label index SpikingJelly's loader actually yields for a sample in class folder {@code String.valueOf(label)}
   * (SEED-FEATURES §6.3 quirk): torchvision's {@code DatasetFolder} sorts folder names as strings, so with 11 or more
   * numeric folders {@code '10'} sorts before {@code '2'}. Identity for up to 10 classes. DVS128 Gesture (11
   * classes): labels 0, 1, 10, 2, 3, ... map to indices 0, 1, 2, 3, 4, ...
   */
  public static int datasetFolderIndex(int label, int numClasses) {
    if (label < 0 || label >= numClasses) {
      throw new IllegalArgumentException("label " + label + " outside [0, " + numClasses + ")");
    }
    String key = Integer.toString(label);
    int index = 0;
    for (int c = 0; c < numClasses; c++) {
      if (Integer.toString(c).compareTo(key) < 0) {
        index++;
      }
    }
    return index;
  }

  /** The catalog called {@code name} (case-insensitive, {@code -}/{@code _} ignored). */
  public static DatasetCatalog byName(String name) {
    String key = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    DatasetCatalog c = all().get(key);
    if (c == null) {
      throw new IllegalArgumentException("unknown dataset catalog '" + name + "' (known: "
          + String.join(", ", all().keySet()) + ")");
    }
    return c;
  }
}
