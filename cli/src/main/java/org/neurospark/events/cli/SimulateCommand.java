package org.neurospark.events.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.neurospark.events.dataset.Split;
import org.neurospark.events.simulate.NmnistSimulator;
import org.neurospark.events.simulate.SimulationOptions;
import org.neurospark.events.simulate.SimulationProgress;
import org.neurospark.events.simulate.SimulationSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code events simulate --images IDX_DIR --out DIR}: records an MNIST-style IDX image folder the way N-MNIST was
 * recorded (a simulated 34 x 34 DVS watching each image make three saccades) into ATIS {@code .bin} files in
 * N-MNIST's {@code Train/<label>/}, {@code Test/<label>/} layout.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Turn an MNIST/Fashion-MNIST IDX folder (train-/t10k- images-idx3/labels-idx1 -ubyte[.gz]) into",
        "N-MNIST-style event recordings: DIR/Train/<label>/<id>.bin and DIR/Test/<label>/<id>.bin (ATIS .bin, 34 x 34,",
        "three 100 ms saccades, DVS pixels with contrast thresholds, refractory period and noise). Seeded: the same",
        "seed gives byte-identical files, whatever --threads. Read them back with --catalog nmnist."})
public final class SimulateCommand implements Callable<Integer> {
  @Option(names = "--images", required = true, paramLabel = "IDX_DIR", description = "folder with the IDX files")
  Path images;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output root (created)")
  Path out;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "-1",
      description = "simulate the first N images of each split (default: all)")
  int limit;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "random seed (default: 0)")
  long seed;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "worker threads (default: 1)")
  int threads;

  @Option(names = "--json", description = "print one JSON summary line instead of text")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (limit == 0 || limit < -1) {
      throw new ParameterException(spec.commandLine(), "--limit must be a positive number of images: " + limit);
    }
    if (threads < 1 || threads > 1024) {
      throw new ParameterException(spec.commandLine(), "--threads must be in 1..1024: " + threads);
    }
    if (!Files.isDirectory(images)) {
      throw new ParameterException(spec.commandLine(), "--images " + images + ": "
          + (Files.exists(images) ? "not a directory" : "no such directory"));
    }
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new ParameterException(spec.commandLine(), "--out " + out + " exists and is not a directory");
    }
    PrintWriter pw = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long[] lastPrint = {System.nanoTime()};
    SimulationProgress progress = json ? SimulationProgress.NONE : (split, index, label, events, done, total) -> {
      long now = System.nanoTime();
      synchronized (lastPrint) {
        if (done == total || now - lastPrint[0] > 1_000_000_000L) {
          lastPrint[0] = now;
          err.printf(Locale.ROOT, "simulated %d/%d recordings%n", done, total);
          err.flush();
        }
      }
    };
    SimulationOptions o = SimulationOptions.of(images, out).withLimit(limit).withSeed(seed).withThreads(threads);
    SimulationSummary s = NmnistSimulator.run(o, progress);
    List<String> warnings = new ArrayList<>();
    s.perLabel().forEach((split, counts) -> {
      List<Integer> missing = new ArrayList<>();
      for (int l = 0; l < counts.length; l++) {
        if (counts[l] == 0) {
          missing.add(l);
        }
      }
      if (!missing.isEmpty()) {
        warnings.add(split.name().toLowerCase(Locale.ROOT) + " split has no recording of label(s) " + missing
            + " (raise --limit); the nmnist catalog expects all ten classes");
      }
    });
    if (json) {
      ObjectNode j = new ObjectMapper().createObjectNode();
      j.put("samples_train", s.samples().getOrDefault(Split.TRAIN, 0));
      j.put("samples_test", s.samples().getOrDefault(Split.TEST, 0));
      j.put("events", s.events());
      j.put("mean_events", Math.round(s.meanEvents() * 10) / 10.0);
      j.put("min_events", s.minEvents());
      j.put("max_events", s.maxEvents());
      j.put("on_fraction", Math.round(s.onFraction() * 1e4) / 1e4);
      j.put("bytes", s.bytes());
      j.put("seconds", Math.round(s.seconds() * 1e3) / 1e3);
      j.put("samples_per_second", Math.round(s.samplesPerSecond() * 10) / 10.0);
      j.putPOJO("warnings", warnings);
      pw.println(new ObjectMapper().writeValueAsString(j));
    } else {
      pw.printf(Locale.ROOT, "wrote %d recordings (train %d, test %d) to %s%n", s.totalSamples(),
          s.samples().getOrDefault(Split.TRAIN, 0), s.samples().getOrDefault(Split.TEST, 0), out);
      pw.printf(Locale.ROOT, "events    %d (%.1f per recording, min %d, max %d; %.1f%% ON)%n", s.events(),
          s.meanEvents(), s.minEvents(), s.maxEvents(), 100 * s.onFraction());
      pw.printf(Locale.ROOT, "bytes     %d in %.2f s (%.1f recordings/s)%n", s.bytes(), s.seconds(),
          s.samplesPerSecond());
      for (String w : warnings) {
        pw.println("warning   " + w);
      }
    }
    pw.flush();
    return 0;
  }
}
