package org.neurospark.events.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.slicing.LabelCsv;
import org.neurospark.events.slicing.LabeledSegment;
import org.neurospark.events.transform.SensorSize;

/**
 * IBM DVS128 Gesture ({@code DvsGesture.tar.gz} extracted): {@code DvsGesture/userNN_<lighting>.aedat} (AEDAT 3.1)
 * each with {@code userNN_<lighting>_labels.csv}; one sample per CSV row ({@code [start, end)} µs, label =
 * class − 1), named {@code userNN_<lighting>_<k>} as SpikingJelly does. Split: {@code trials_to_train.txt} /
 * {@code trials_to_test.txt} when present, else users 1–23 train and 24–29 test (SpikingJelly: 1176 train / 288
 * test samples on the full dataset). Labels here are {@code class − 1}, the folder names SpikingJelly writes; its
 * loader's index differs for labels 10 and 2..9 ({@link Catalogs#datasetFolderIndex}).
 */
public final class DvsGestureCatalog implements DatasetCatalog {
  /** The 11 gesture names, label order (gesture_mapping.csv's classes 1..11). */
  public static final List<String> CLASSES = List.of("hand_clapping", "right_hand_wave", "left_hand_wave",
      "right_arm_clockwise", "right_arm_counter_clockwise", "left_arm_clockwise", "left_arm_counter_clockwise",
      "arm_roll", "air_drums", "air_guitar", "other_gestures");

  static final String LAYOUT = "  DIR/[DvsGesture/]userNN_<lighting>.aedat          (AEDAT 3.1 recordings)\n"
      + "  DIR/[DvsGesture/]userNN_<lighting>_labels.csv     (class,startTime_usec,endTime_usec per gesture)\n"
      + "  DIR/[DvsGesture/]trials_to_train.txt, trials_to_test.txt   (optional; else users 1-23 train, 24-29 test)";

  private static final Pattern NAME = Pattern.compile("user(\\d+)_(.+)\\.aedat");

  @Override
  public String name() {
    return "dvsgesture";
  }

  @Override
  public SensorSize sensorSize() {
    return new SensorSize(128, 128);
  }

  @Override
  public List<String> classNames() {
    return CLASSES;
  }

  @Override
  public ReadOptions readOptions() {
    return ReadOptions.DEFAULT; // SpikingJelly's load_aedat_v3 keeps the raw cAER fields
  }

  @Override
  public boolean officialSplit() {
    return true;
  }

  @Override
  public String layout() {
    return LAYOUT;
  }

  @Override
  public List<Sample> list(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw error(root, "not a directory");
    }
    Path base = null;
    for (String w : new String[] {"", "DvsGesture", "extract/DvsGesture"}) {
      Path b = w.isEmpty() ? root : root.resolve(w);
      if (Files.isDirectory(b) && (!Layouts.files(b, ".aedat").isEmpty() || !Layouts.files(b, "_labels.csv")
          .isEmpty())) {
        base = b;
        break;
      }
    }
    if (base == null) {
      throw error(root, "no userNN_<lighting>.aedat files (looked in " + root + "/, " + root.resolve("DvsGesture")
          + "/)");
    }
    Set<String> train = trials(base.resolve("trials_to_train.txt"));
    Set<String> test = trials(base.resolve("trials_to_test.txt"));
    List<Path> aedats = Layouts.files(base, ".aedat");
    List<String> problems = new ArrayList<>();
    for (Path csv : Layouts.files(base, "_labels.csv")) {
      String n = csv.getFileName().toString();
      Path a = base.resolve(n.substring(0, n.length() - "_labels.csv".length()) + ".aedat");
      if (!Files.isRegularFile(a)) {
        problems.add("missing " + a.getFileName() + " (its labels " + n + " exist)");
      }
    }
    List<Sample> out = new ArrayList<>();
    for (Path a : aedats) {
      String file = a.getFileName().toString();
      String stem = Layouts.stem(a);
      Path csv = base.resolve(stem + "_labels.csv");
      if (!Files.isRegularFile(csv)) {
        problems.add("missing " + csv.getFileName() + " for " + file);
        continue;
      }
      Split split;
      if (train != null || test != null) {
        boolean inTrain = train != null && train.contains(file);
        boolean inTest = test != null && test.contains(file);
        if (inTrain == inTest) {
          problems.add(file + (inTrain ? " is listed in both trials files" : " is in neither trials_to_train.txt nor"
              + " trials_to_test.txt"));
          continue;
        }
        split = inTrain ? Split.TRAIN : Split.TEST;
      } else {
        Matcher m = NAME.matcher(file);
        if (!m.matches()) {
          problems.add(file + " does not match userNN_<lighting>.aedat");
          continue;
        }
        int user = Integer.parseInt(m.group(1));
        if (user < 1 || user > 29) {
          problems.add(file + ": user " + user + " outside 1..29");
          continue;
        }
        split = user <= 23 ? Split.TRAIN : Split.TEST;
      }
      for (LabeledSegment s : LabelCsv.read(csv)) {
        if (s.label() >= CLASSES.size()) {
          problems.add(csv.getFileName() + " row " + (s.row() + 1) + ": class " + s.classId() + " outside 1..11");
          continue;
        }
        out.add(new Sample(a, s.label(), CLASSES.get(s.label()), split, s.startUs(), s.endUs(),
            stem + "_" + s.repeat()));
      }
    }
    if (!problems.isEmpty()) {
      throw error(root, String.join("; ", problems));
    }
    if (out.isEmpty()) {
      throw error(root, "no userNN_<lighting>.aedat with labels found in " + base + "/");
    }
    return out;
  }

  private static Set<String> trials(Path f) throws IOException {
    if (!Files.isRegularFile(f)) {
      return null;
    }
    Set<String> s = new HashSet<>();
    for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
      String l = line.trim();
      if (!l.isEmpty()) {
        s.add(Path.of(l).getFileName().toString());
      }
    }
    return s;
  }

  private DatasetLayoutException error(Path root, String problem) {
    return new DatasetLayoutException(name(), root, problem, LAYOUT);
  }
}
