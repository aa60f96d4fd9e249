package org.neurospark.events.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurospark.events.transform.SensorSize;
import org.neurospark.events.bench.TransformBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code events bench-transforms FILE}: throughput of each transform and of a typical chain vs decoding alone. */
@Command(name = "bench-transforms", mixinStandardHelpOptions = true,
    description = {"Events/s of every transform on a long stream tiled from FILE (held in memory), then decoding",
        "FILE alone vs decoding + a transform chain + SpikingJelly fixed-duration frames, on the same event count."})
public final class BenchTransformsCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "recording to tile (at most 50 M events)")
  Path file;

  @Option(names = "--events", paramLabel = "N", defaultValue = "50000000", description = "events per measurement")
  long events;

  @Option(names = "--only", paramLabel = "SPEC", split = ";",
      description = "transform specs to measure, ';'-separated (default: all transforms)")
  List<String> only;

  @Option(names = "--chain", paramLabel = "SPEC", defaultValue = "denoise(10000),downsample(0.5,0.5)",
      description = "chain compared with decoding alone")
  String chain;

  @Option(names = "--frame-us", paramLabel = "US", defaultValue = "10000",
      description = "frame duration of the chain's integration (0: no frames)")
  long frameUs;

  @Option(names = "--width", paramLabel = "W", description = "sensor width (default: the file's or max x + 1)")
  Integer width;

  @Option(names = "--height", paramLabel = "H", description = "sensor height")
  Integer height;

  @Mixin
  ConventionOptions conventions;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    SensorSize s = width != null && height != null ? new SensorSize(width, height) : null;
    TransformBench.run(file, conventions.readOptions(), events, only, chain, frameUs, s,
        spec.commandLine().getOut());
    return 0;
  }
}
