package org.neurospark.snn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.neurospark.events.dataset.Catalogs;
import org.neurospark.events.dataset.DatasetCatalog;
import org.neurospark.events.frames.SplitBy;
import org.neurospark.events.output.AtomicFile;
import org.neurospark.snn.events.EventFrameLoader;
import org.neurospark.snn.events.FrameSpec;
import org.neurospark.snn.events.SampleError;
import org.neurospark.snn.events.SparseFrameDataset;
import picocli.CommandLine;

/**
 * Event datasets for {@code snn train/eval --catalog}: loads a catalog folder as frames through snn-events and
 * records how ({@code OUT/dataset.json}: catalog, T, split_by, train_ratio, split_seed, samples, errors) so
 * {@code snn eval} can rebuild the same test split.
 */
final class EventData {
  private EventData() {}

  /** File beside model.safetensors that describes the event data a run trained on. */
  static final String DESCRIPTION = "dataset.json";

  /** The loaded splits and their description. */
  record Loaded(SparseFrameDataset train, SparseFrameDataset test, ObjectNode description) {}

  static Loaded load(CommandLine cl, Path data, String catalogName, int timeSteps, String splitBy,
      Double trainRatio, long splitSeed, int trainLimit, int testLimit, int threads, PrintStream progress)
      throws IOException {
    DatasetCatalog catalog = Catalogs.all().get(catalogName);
    if (catalog == null) {
      throw new CommandLine.ParameterException(cl, "--catalog must be one of " + Catalogs.all().keySet() + ": "
          + catalogName);
    }
    SplitBy split;
    try {
      split = SplitBy.parse(splitBy);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, "--split-by must be number or time: " + splitBy);
    }
    if (!catalog.officialSplit() && trainRatio == null) {
      throw new CommandLine.ParameterException(cl, "--catalog " + catalogName + " has no official train/test split:"
          + " give --train-ratio R");
    }
    if (trainRatio != null && !(trainRatio > 0 && trainRatio < 1)) {
      throw new CommandLine.ParameterException(cl, "--train-ratio must be in (0, 1): " + trainRatio);
    }
    EventFrameLoader.Options o = EventFrameLoader.Options.of(new FrameSpec(timeSteps, split))
        .withLimits(trainLimit > 0 ? trainLimit : -1, testLimit > 0 ? testLimit : -1)
        .withTrainRatio(trainRatio, splitSeed).withThreads(threads);
    long[] last = {0};
    EventFrameLoader.Loaded d = EventFrameLoader.load(data, catalog, o, progress == null ? EventFrameLoader.Progress.NONE
        : (done, total) -> {
          synchronized (last) {
            long now = System.nanoTime();
            if (done == total || now - last[0] > 1_000_000_000L) {
              last[0] = now;
              progress.printf(Locale.ROOT, "\rloading %s: %d/%d samples", catalogName, done, total);
              if (done == total) {
                progress.println();
              }
              progress.flush();
            }
          }
        });
    if (progress != null) {
      progress.printf(Locale.ROOT, "%s: %d training and %d test samples as [%d, 2, %d, %d] frames (%d events, %.1f s)"
          + "%s%n", catalogName, d.train().size(), d.test().size(), timeSteps, catalog.sensorSize().height(),
          catalog.sensorSize().width(), d.events(), d.seconds(), d.errors().isEmpty() ? ""
          : "; " + d.errors().size() + " samples skipped (see dataset.json)");
      for (SampleError e : d.errors().subList(0, Math.min(5, d.errors().size()))) {
        progress.println("skipped " + e.message());
      }
    }
    ObjectNode j = new ObjectMapper().createObjectNode();
    j.put("catalog", catalogName);
    j.put("data", data.toString());
    j.put("T", timeSteps);
    j.put("split_by", split.id());
    if (trainRatio != null) {
      j.put("train_ratio", trainRatio);
    } else {
      j.putNull("train_ratio");
    }
    j.put("split_seed", splitSeed);
    j.put("train_samples", d.train().size());
    j.put("test_samples", d.test().size());
    ArrayNode errs = j.putArray("errors");
    for (SampleError e : d.errors()) {
      errs.addObject().put("path", e.path()).put("offset", e.offset()).put("message", e.message());
    }
    return new Loaded(d.train(), d.test(), j);
  }

  /** Writes {@code out/dataset.json} atomically. */
  static void writeDescription(Path out, ObjectNode description) throws IOException {
    Files.createDirectories(out);
    try (AtomicFile f = AtomicFile.create(out.resolve(DESCRIPTION), "--out")) {
      Files.writeString(f.temp(), new ObjectMapper().writerWithDefaultPrettyPrinter()
          .writeValueAsString(description));
      f.commit();
    }
  }

  /** The description written beside {@code checkpoint}, or null when the run trained on images. */
  static JsonNode readDescription(Path checkpoint) throws IOException {
    Path dir = checkpoint.toAbsolutePath().getParent();
    Path f = dir == null ? null : dir.resolve(DESCRIPTION);
    return f != null && Files.isRegularFile(f) ? new ObjectMapper().readTree(f.toFile()) : null;
  }
}
