package org.neurospark.snn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.snn.data.ImageDataset;
import org.neurospark.snn.testing.SnnShared;

/**
 * Two trainings in one JVM (as two tasks of a Spark executor), each in its own execution context with its own
 * thread count: run at the same time, each ends with exactly the weights, optimizer state and metrics it gives alone.
 */
class ConcurrentTrainingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ImageDataset mnist;

  @TempDir
  Path dir;

  @BeforeAll
  static void load() throws IOException {
    Path d = SnnShared.root().resolve("data/mnist/mnist");
    mnist = ImageDataset.loadIdx(d.resolve("t10k-images-idx3-ubyte.gz"), d.resolve("t10k-labels-idx1-ubyte.gz"), 10);
  }

  /** csnn-fmnist with 16 channels: its second convolution takes the Winograd path, its IF layers the fused kernel. */
  private static TrainConfig cfg(Path out, int threads) {
    return TrainConfig.builder().model("csnn-fmnist").channels(16).timeSteps(2).batch(16).epochs(1).trainLimit(48)
        .testLimit(16).threads(threads).out(out.toString()).progress(false).encoder("direct").build();
  }

  private static void train(TrainConfig c) throws IOException {
    new Trainer(c, mnist, mnist, new PrintStream(new ByteArrayOutputStream())).run(false);
  }

  private static final String[] OUTPUTS = {"model.safetensors", "checkpoint_latest/optimizer.safetensors"};

  private static List<byte[]> outputs(Path out) throws IOException {
    List<byte[]> r = new ArrayList<>();
    for (String f : OUTPUTS) {
      r.add(Files.readAllBytes(out.resolve(f)));
    }
    // the metrics but their timings (losses and accuracies as written, to the last digit)
    StringBuilder metrics = new StringBuilder();
    for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) {
      ObjectNode m = (ObjectNode) JSON.readTree(line);
      m.remove("train_images_per_s");
      m.remove("test_images_per_s");
      metrics.append(m).append('\n');
    }
    r.add(metrics.toString().getBytes(StandardCharsets.UTF_8));
    return r;
  }

  @Test
  void twoConcurrentTrainingsWithDifferentThreadCountsEachMatchTheirSoloRun() throws Exception {
    int[] threads = {1, 3};
    List<List<byte[]>> solo = new ArrayList<>();
    for (int t : threads) {
      Path out = dir.resolve("solo-" + t);
      train(cfg(out, t));
      solo.add(outputs(out));
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 2; round++) {
        List<Future<?>> runs = new ArrayList<>();
        for (int t : threads) {
          Path out = dir.resolve("together-" + round + "-" + t);
          runs.add(pool.submit(() -> {
            train(cfg(out, t));
            return null;
          }));
        }
        for (Future<?> f : runs) {
          f.get();
        }
        for (int i = 0; i < threads.length; i++) {
          List<byte[]> got = outputs(dir.resolve("together-" + round + "-" + threads[i]));
          for (int k = 0; k < got.size(); k++) {
            String what = (k < OUTPUTS.length ? OUTPUTS[k] : "metrics.jsonl") + ", " + threads[i] + " threads, round "
                + round;
            assertArrayEquals(solo.get(i).get(k), got.get(k), what);
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
