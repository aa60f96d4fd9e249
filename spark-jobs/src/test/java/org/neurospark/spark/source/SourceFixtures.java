package org.neurospark.spark.source;

import java.io.IOException;
import java.nio.file.Path;
import org.neurospark.spark.testing.Fixtures;

/** Dataset folders for the source's tests, arranged from {@code shared/data/events}. */
final class SourceFixtures {
  private SourceFixtures() {}

  /**
   * N-MNIST's layout {@code Train|Test/<0..9>/<split><label>.bin} (the catalog wants every class folder of both
   * splits to hold recordings), filled with the N-MNIST fixtures in rotation: {@code Test/7/test7.bin}, ...
   */
  static Path nmnistLayout(Path dir) throws IOException {
    String[] files = {"nmnist_test_60001_label7.bin", "nmnist_test_60002_label2.bin", "nmnist_test_60003_label1.bin",
        "nmnist_test_60004_label0.bin", "nmnist_test_60005_label4.bin", "nmnist_test_60008_label9.bin",
        "nmnist_test_60009_label5.bin", "nmnist_test_60012_label6.bin", "tonic_sample_nmnist.bin"};
    for (int label = 0; label < 10; label++) {
      Fixtures.place(dir, "Train/" + label, "events/nmnist/" + files[(label + 3) % files.length],
          "train" + label + ".bin");
      Fixtures.place(dir, "Test/" + label, "events/nmnist/" + files[label % files.length], "test" + label + ".bin");
    }
    return dir;
  }
}
