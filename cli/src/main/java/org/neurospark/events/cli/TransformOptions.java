package org.neurospark.events.cli;

import java.util.Locale;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.transform.Compose;
import org.neurospark.events.transform.SensorSize;
import picocli.CommandLine.Option;

/**
 * The streaming transform-chain flags shared by the commands that transform a recording while reading it (a picocli
 * mixin): {@code --transform SPEC}, its {@code --seed}, and the sensor size the chain works on ({@code --width},
 * {@code --height} or {@code --sensor WxH}; default: the file's).
 */
final class TransformOptions {
  /** Largest sensor side accepted from --sensor / --width / --height (pixels; event formats store x, y in 16 bits). */
  static final int MAX_SIDE = 1 << 16;

  @Option(names = "--transform", paramLabel = "SPEC",
      description = "transform chain applied while streaming, e.g. \"denoise(10000),downsample(0.5,0.5)\"")
  String spec;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seed of random transforms")
  long seed;

  @Option(names = "--width", paramLabel = "W", description = "sensor width for --transform (default: the file's)")
  Integer width;

  @Option(names = "--height", paramLabel = "H", description = "sensor height for --transform (default: the file's)")
  Integer height;

  @Option(names = "--sensor", paramLabel = "WxH", description = "sensor size for --transform, e.g. 34x34 (same as"
      + " --width W --height H)")
  String sensor;

  /**
   * The chain (empty without {@code --transform}) for events described by {@code eventsInfo} (the recording as read
   * with the conventions, see {@link ConventionOptions#eventsInfo}); an explicit size is taken as given.
   */
  Compose chain(RecordingInfo eventsInfo) {
    int w = eventsInfo.width();
    int h = eventsInfo.height();
    if (sensor != null) {
      if (width != null || height != null) {
        throw new IllegalArgumentException("give --sensor WxH or --width/--height, not both");
      }
      String[] wh = sensor.toLowerCase(Locale.ROOT).split("x");
      if (wh.length != 2 || !wh[0].matches("\\d+") || !wh[1].matches("\\d+")) {
        throw new IllegalArgumentException("--sensor must be WxH, e.g. 34x34, not '" + sensor + "'");
      }
      try {
        w = Integer.parseInt(wh[0]);
        h = Integer.parseInt(wh[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--sensor " + sensor + ": a side exceeds " + MAX_SIDE + " pixels");
      }
    }
    if (width != null) {
      w = width;
    }
    if (height != null) {
      h = height;
    }
    if ((sensor != null || width != null || height != null) && (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE)) {
      throw new IllegalArgumentException((sensor != null ? "--sensor" : "--width/--height") + " must be between 1 and "
          + MAX_SIDE + " pixels a side: " + w + " x " + h);
    }
    return Compose.parse(spec, new SensorSize(w, h), seed);
  }
}
