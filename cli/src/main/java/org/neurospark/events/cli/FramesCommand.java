package org.neurospark.events.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.frames.AnimatedGifWriter;
import org.neurospark.events.frames.DurationMode;
import org.neurospark.events.frames.FileFrames;
import org.neurospark.events.frames.FrameImages;
import org.neurospark.events.frames.FrameIntegrator;
import org.neurospark.events.frames.Frames;
import org.neurospark.events.frames.SplitBy;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.npy.NpyDtype;
import org.neurospark.events.npy.NpyHeader;
import org.neurospark.events.npy.NpyWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code events frames FILE (-T N --split-by number|time | --duration US) [--width W --height H] --out DIR}:
 * SpikingJelly frame integration of a recording, written as {@code frames.npy} (float32 {@code [T, 2, H, W]}), one
 * PNG per frame and an animated GIF.
 *
 * <p>Sensor size: the file's declared size, unless {@code --width/--height} are given (they win); when neither
 * exists the command fails and asks for them — guessing {@code max coordinate + 1} would silently change H, W and
 * so the frames.
 */
@Command(name = "frames", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Integrate FILE into SpikingJelly frames float32 [T, 2, H, W] (channel 0 = OFF, pixel [c, y, x]):",
        "DIR/frames.npy, DIR/frame_000.png ... (OFF orange, ON blue) and DIR/frames.gif.",
        "Fixed frame count (-T with --split-by) reads the file twice; fixed --duration streams it once",
        "(memory: one or two frames). The sensor size comes from the file or --width/--height (required when the",
        "file does not declare it, e.g. ATIS .bin or .npz)."})
public final class FramesCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "event recording")
  Path file;

  @Option(names = {"-T", "--frames"}, paramLabel = "N", description = "number of frames (needs --split-by)")
  Integer frames;

  @Option(names = "--split-by", paramLabel = "number|time",
      description = "split into T frames of equal event count (number) or equal time (time)")
  String splitBy;

  @Option(names = "--duration", paramLabel = "US", description = "fixed frame duration in µs (instead of -T)")
  Long duration;

  @Option(names = "--duration-mode", paramLabel = "upstream|seed", defaultValue = "upstream",
      description = "fixed-duration algorithm: upstream (current SpikingJelly, grid from the first event; default)"
          + " or seed (SpikingJelly 2021-2024, frames anchored at event times)")
  String durationMode;

  @Option(names = "--width", paramLabel = "W", description = "sensor width in pixels (overrides the file)")
  Integer width;

  @Option(names = "--height", paramLabel = "H", description = "sensor height in pixels (overrides the file)")
  Integer height;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "output directory (created)")
  Path out;

  @Option(names = "--scale", paramLabel = "S",
      description = "screen pixels per sensor pixel in PNG/GIF (default: up to x8, longer side <= 512 px)")
  Integer scale;

  @Option(names = "--gif-delay-ms", paramLabel = "MS", defaultValue = "100", description = "GIF frame delay")
  int gifDelayMs;

  @Option(names = "--no-images", description = "write frames.npy only (no PNG/GIF)")
  boolean noImages;

  @Option(names = "--json", description = "print a JSON summary instead of text")
  boolean json;

  @Mixin
  ConventionOptions conventions;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    boolean byCount = frames != null || splitBy != null;
    if (byCount == (duration != null)) {
      throw new ParameterException(spec.commandLine(),
          "give either -T N with --split-by number|time, or --duration US");
    }
    if (byCount && (frames == null || splitBy == null)) {
      throw new ParameterException(spec.commandLine(), "-T and --split-by go together");
    }
    if ((width == null) != (height == null)) {
      throw new ParameterException(spec.commandLine(), "--width and --height go together");
    }
    ReadOptions options = conventions.readOptions();
    RecordingInfo info;
    try (EventReader r = EventFiles.open(file, options)) {
      info = r.info();
    }
    int w;
    int h;
    if (width != null) {
      w = width;
      h = height;
    } else if (info.hasSensorSize()) {
      // the frames hold the events after the reading conventions: transposed events need a transposed sensor
      RecordingInfo ev = ConventionOptions.eventsInfo(info, options);
      w = ev.width();
      h = ev.height();
    } else {
      throw new IllegalArgumentException(file + " (" + info.format().id() + ") does not declare its sensor size;"
          + " pass --width W --height H (N-MNIST: 34 x 34, DVS128: 128 x 128)");
    }
    Files.createDirectories(out);
    int s = scale != null ? scale : FrameImages.defaultScale(h, w);
    FrameIntegrator fi = new FrameIntegrator(h, w);
    Path npy = out.resolve("frames.npy");
    Path gif = out.resolve("frames.gif");
    long start = System.nanoTime();
    int t;
    ImageOutput images = noImages ? null : new ImageOutput(out, gif, gifDelayMs, s, h, w);
    try {
      if (byCount) {
        SplitBy split = SplitBy.parse(splitBy);
        Frames f = FileFrames.byFramesNumber(file, options, split, frames, fi);
        t = f.frames();
        NpyWriter.writeFloat32(npy, f.data().length == f.size() ? f.data() : f.toArray(), f.shape());
        if (images != null) {
          for (int i = 0; i < t; i++) {
            images.accept(i, f.data(), i * f.frameSize());
          }
        }
      } else {
        DurationMode mode = DurationMode.parse(durationMode);
        try (NpyWriter nw = NpyWriter.open(npy, NpyHeader.of(NpyDtype.FLOAT32, 0, 2, h, w))) {
          int fs = 2 * h * w;
          t = FileFrames.byDuration(file, options, duration, mode, fi, (i, data, off) -> {
            nw.writeFloats(data, off, fs);
            if (images != null) {
              images.accept(i, data, off);
            }
          });
          nw.finish(t, 2, h, w);
        }
      }
    } finally {
      if (images != null) {
        images.close();
      }
    }
    double secs = (System.nanoTime() - start) / 1e9;
    PrintWriter pw = spec.commandLine().getOut();
    if (json) {
      ObjectMapper m = new ObjectMapper();
      ObjectNode o = m.createObjectNode();
      o.put("file", file.toString());
      o.put("format", info.format().id());
      o.put("width", w);
      o.put("height", h);
      o.put("frames", t);
      o.putArray("shape").add(t).add(2).add(h).add(w);
      if (byCount) {
        o.put("split_by", SplitBy.parse(splitBy).id());
      } else {
        o.put("duration_us", duration);
        o.put("duration_mode", DurationMode.parse(durationMode).id());
      }
      o.put("npy", npy.toString());
      o.put("png", images == null ? 0 : t);
      if (images != null && t > 0) {
        o.put("png_first", images.pngPath(0).toString());
        o.put("gif", gif.toString());
      } else {
        o.putNull("gif");
      }
      o.put("seconds", Math.round(secs * 1e3) / 1e3);
      pw.println(m.writeValueAsString(o));
    } else {
      pw.printf("%s: %d x %d sensor, %d frames%n", file, w, h, t);
      pw.printf("frames.npy  %s  (float32 [%d, 2, %d, %d], channel 0 = OFF, 1 = ON)%n", npy, t, h, w);
      if (images != null && t > 0) {
        pw.printf("PNG         %s .. %s  (x%d, OFF orange, ON blue)%n", images.pngPath(0), images.pngPath(t - 1), s);
        pw.printf("GIF         %s  (%d ms per frame, looping)%n", gif, gifDelayMs);
      } else if (images != null) {
        pw.println("no frames: the recording holds no events, no PNG/GIF written");
      }
      pw.printf("took %.3f s%n", secs);
    }
    pw.flush();
    return 0;
  }

  /** Writes PNG files and appends GIF frames as frames arrive. */
  private static final class ImageOutput implements AutoCloseable {
    final Path dir;
    final Path gifPath;
    final int delayMs;
    final int scale;
    final int height;
    final int width;
    AnimatedGifWriter gif;

    ImageOutput(Path dir, Path gifPath, int delayMs, int scale, int height, int width) {
      this.dir = dir;
      this.gifPath = gifPath;
      this.delayMs = delayMs;
      this.scale = scale;
      this.height = height;
      this.width = width;
    }

    Path pngPath(int i) {
      return dir.resolve(String.format("frame_%03d.png", i));
    }

    void accept(int i, float[] data, int off) throws IOException {
      var img = FrameImages.render(data, off, height, width, scale);
      if (!ImageIO.write(img, "png", pngPath(i).toFile())) {
        throw new IOException("no PNG writer in this JVM");
      }
      if (gif == null) {
        gif = new AnimatedGifWriter(gifPath, delayMs);
      }
      gif.append(img);
    }

    @Override
    public void close() throws IOException {
      if (gif != null) {
        gif.close();
      }
    }
  }
}
