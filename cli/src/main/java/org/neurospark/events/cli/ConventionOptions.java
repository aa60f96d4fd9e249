package org.neurospark.events.cli;

import java.util.Locale;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.ReadOptions.Aedat2Layout;
import org.neurospark.events.dataset.Catalogs;
import picocli.CommandLine.Option;

/**
 * Reading-convention flags shared by every command that reads event files (a picocli mixin): a named
 * {@code --convention}, the AEDAT 2.0 address layout, and single flags that switch a transform on in addition to
 * the convention's. Maps to {@link ReadOptions}.
 */
final class ConventionOptions {
  /** Named reading conventions (EVENT-FORMATS.md §2). */
  enum Convention {
    /** Raw fields as the file stores them. */
    raw,
    /** jAER's display conventions ({@link ReadOptions#jaer}); needs {@code --aedat2-layout dvs128|davis}. */
    jaer,
    /** CIFAR10-DVS as SpikingJelly reads it ({@link Catalogs#CIFAR10DVS_OPTIONS}; DVS128 layout). */
    cifar10dvs
  }

  @Option(names = "--convention", paramLabel = "raw|jaer|cifar10dvs", defaultValue = "raw",
      description = "named reading convention: raw (fields as stored), jaer (x mirrored; DVS128 also inverted"
          + " polarity; needs --aedat2-layout), cifar10dvs (SpikingJelly's CIFAR10-DVS: DVS128 layout, both axes"
          + " flipped, transposed, polarity inverted) (default: ${DEFAULT-VALUE})")
  Convention convention;

  @Option(names = "--aedat2-layout", paramLabel = "auto|dvs128|davis", defaultValue = "auto",
      description = "AEDAT 2.0 address layout; auto takes it from the header's AEChip line (default: ${DEFAULT-VALUE})")
  String aedat2Layout;

  @Option(names = "--rebase-time", description = "subtract the first event's timestamp (t starts at 0 µs)")
  boolean rebaseTime;

  @Option(names = "--flip-x", description = "mirror columns: x' = width - 1 - x (needs a declared sensor size)")
  boolean flipX;

  @Option(names = "--flip-y", description = "mirror rows: y' = height - 1 - y (needs a declared sensor size)")
  boolean flipY;

  @Option(names = "--transpose", description = "swap x and y")
  boolean transpose;

  @Option(names = "--invert-polarity", description = "p' = 1 - p")
  boolean invertPolarity;

  /** The options: the convention's, with every given flag switched on in addition. */
  ReadOptions readOptions() {
    Aedat2Layout layout = parseLayout(aedat2Layout);
    ReadOptions o;
    switch (convention) {
      case jaer:
        if (layout == Aedat2Layout.AUTO) {
          throw new IllegalArgumentException("--convention jaer needs --aedat2-layout dvs128 or davis (its polarity"
              + " rule depends on the layout)");
        }
        o = ReadOptions.jaer(layout);
        break;
      case cifar10dvs:
        if (layout == Aedat2Layout.DAVIS) {
          throw new IllegalArgumentException("--convention cifar10dvs reads DVS128 addresses; drop --aedat2-layout"
              + " davis");
        }
        o = Catalogs.CIFAR10DVS_OPTIONS;
        break;
      default:
        o = ReadOptions.DEFAULT.withAedat2Layout(layout);
    }
    return o.withRebaseTime(o.rebaseTime() || rebaseTime).withFlipX(o.flipX() || flipX)
        .withFlipY(o.flipY() || flipY).withTranspose(o.transpose() || transpose)
        .withInvertPolarity(o.invertPolarity() || invertPolarity);
  }

  /**
   * {@code info} as it describes the events read with {@code options}: readers report the file's sensor, so a
   * transposed reading swaps width and height.
   */
  static RecordingInfo eventsInfo(RecordingInfo info, ReadOptions options) {
    return options.transpose() ? new RecordingInfo(info.source(), info.format(), info.height(), info.width()) : info;
  }

  static Aedat2Layout parseLayout(String s) {
    switch (s.toLowerCase(Locale.ROOT)) {
      case "auto":
        return Aedat2Layout.AUTO;
      case "dvs128":
        return Aedat2Layout.DVS128;
      case "davis":
        return Aedat2Layout.DAVIS;
      default:
        throw new IllegalArgumentException("--aedat2-layout must be auto, dvs128 or davis: " + s);
    }
  }
}
