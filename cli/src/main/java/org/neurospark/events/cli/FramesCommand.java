package org.neurospark.events.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
import org.neurospark.events.io.InputFiles;
import org.neurospark.events.limits.MemoryBudget;
import org.neurospark.events.limits.ResourceLimitException;
import org.neurospark.events.output.StagedDirectory;
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
        "Fixed frame count (-T with --split-by) and fixed --duration read the file twice (the first pass bounds",
        "the output; memory: T frames, or one or two frames for --duration). The sensor size comes from the file or --width/--height (required when the",
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

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "output directory (created); files are written to a hidden"
      + " sibling folder and moved in on success, so a failure leaves DIR as it was")
  Path out;

  @Option(names = "--scale", paramLabel = "S",
      description = "screen pixels per sensor pixel in PNG/GIF (default: up to x8, longer side <= 512 px)")
  Integer scale;

  @Option(names = "--gif-delay-ms", paramLabel = "MS", defaultValue = "100", description = "GIF frame delay")
  int gifDelayMs;

  @Option(names = "--no-images", description = "write frames.npy only (no PNG/GIF)")
  boolean noImages;

  @Option(names = "--max-frames", paramLabel = "N", defaultValue = "100000",
      description = "refuse to write more than N frames (default: ${DEFAULT-VALUE}); frames.npy is also checked"
          + " against the free disk space")
  int maxFrames;

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
    if (frames != null && (frames <= 0 || frames > maxFrames)) {
      throw new ParameterException(spec.commandLine(), "-T must be in [1, --max-frames = " + maxFrames + "]: "
          + frames + (frames > 0 ? " (raise --max-frames to allow more)" : ""));
    }
    if (duration != null && duration <= 0) {
      throw new ParameterException(spec.commandLine(), "--duration must be a positive number of µs: " + duration);
    }
    if (maxFrames <= 0) {
      throw new ParameterException(spec.commandLine(), "--max-frames must be positive: " + maxFrames);
    }
    if (width != null && (width <= 0 || height <= 0)) {
      throw new ParameterException(spec.commandLine(), "--width and --height must be positive: " + width + " x "
          + height);
    }
    if (gifDelayMs < 0) {
      throw new ParameterException(spec.commandLine(), "--gif-delay-ms must be >= 0: " + gifDelayMs);
    }
    if (scale != null && (scale <= 0 || scale > 64)) {
      throw new ParameterException(spec.commandLine(), "--scale must be in [1, 64]: " + scale);
    }
    InputFiles.requireRegularFile(file);
    ReadOptions options = conventions.readOptions();
    RecordingInfo info;
    try (EventReader r = EventFiles.open(file, options)) {
      info = r.info();
    }
    int w;
    int h;
    String source;
    if (width != null) {
      w = width;
      h = height;
      source = "--width/--height";
    } else if (info.hasSensorSize()) {
      // the frames hold the events after the reading conventions: transposed events need a transposed sensor
      RecordingInfo ev = ConventionOptions.eventsInfo(info, options);
      w = ev.width();
      h = ev.height();
      source = "the sensor size " + file + " declares";
    } else {
      throw new IllegalArgumentException(file + " (" + info.format().id() + ") does not declare its sensor size;"
          + " pass --width W --height H (N-MNIST: 34 x 34, DVS128: 128 x 128)");
    }
    long frameValues = MemoryBudget.product(2, h, w);
    if (frameValues < 0 || frameValues > Integer.MAX_VALUE - 8) {
      throw new ResourceLimitException("frames of " + w + " x " + h + " pixels (" + source + ") hold more than 2^31"
          + " values each; lower --width/--height");
    }
    int s = scale != null ? scale : FrameImages.defaultScale(h, w);
    // memory: -T holds all T frames; --duration two frames; images one scaled RGB image (4 bytes a pixel)
    long frameBytes = frameValues * Float.BYTES;
    MemoryBudget.require(MemoryBudget.product(frameBytes, byCount ? frames : 2), "frames of " + w + " x " + h
        + " pixels (" + source + ")" + (byCount ? ", " + frames + " of them held at once" : ""),
        "lower --width/--height" + (byCount ? " or -T" : ""));
    if (!noImages) {
      MemoryBudget.require(MemoryBudget.product(4, h, w, s, s), "PNG/GIF images of " + w + " x " + h + " pixels at"
          + " scale x" + s, "lower --scale or pass --no-images");
    }
    boolean existed = Files.isDirectory(out);
    long start = System.nanoTime();
    int t;
    Path npy;
    Path gif;
    Path firstPng = null;
    Path lastPng = null;
    try (StagedDirectory staged = StagedDirectory.create(out, "--out")) {
      Path dir = staged.staging();
      long space = Files.getFileStore(dir).getUsableSpace();
      try {
        t = integrate(dir, options, h, w, s, frameBytes, space);
        List<Path> moved = staged.commit();
        npy = staged.finalPath(dir.resolve("frames.npy"));
        gif = staged.finalPath(dir.resolve("frames.gif"));
        if (!noImages && t > 0) {
          firstPng = staged.finalPath(dir.resolve(ImageOutput.pngName(0)));
          lastPng = staged.finalPath(dir.resolve(ImageOutput.pngName(t - 1)));
        }
        assert !moved.isEmpty();
      } catch (Exception e) {
        throw new OutputFailedException(e, OutputFailedException.leftDir(existed, out));
      }
    }
    double secs = (System.nanoTime() - start) / 1e9;
    PrintWriter pw = org.neurospark.cli.support.Terminal.escaping(spec.commandLine().getOut());
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
      o.put("png", noImages ? 0 : t);
      if (firstPng != null) {
        o.put("png_first", firstPng.toString());
        o.put("gif", gif.toString());
      } else {
        o.putNull("gif");
      }
      o.put("seconds", Math.round(secs * 1e3) / 1e3);
      pw.println(m.writeValueAsString(o));
    } else {
      pw.printf("%s: %d x %d sensor, %d frames%n", file, w, h, t);
      pw.printf("frames.npy  %s  (float32 [%d, 2, %d, %d], channel 0 = OFF, 1 = ON)%n", npy, t, h, w);
      if (firstPng != null) {
        pw.printf("PNG         %s .. %s  (x%d, OFF orange, ON blue)%n", firstPng, lastPng, s);
        pw.printf("GIF         %s  (%d ms per frame, looping)%n", gif, gifDelayMs);
      } else if (!noImages) {
        pw.println("no frames: the recording holds no events, no PNG/GIF written");
      }
      pw.printf("took %.3f s%n", secs);
    }
    pw.flush();
    return 0;
  }

  /** Integrates into {@code dir}; returns the frame count. */
  private int integrate(Path dir, ReadOptions options, int h, int w, int s, long frameBytes, long space)
      throws Exception {
    FrameIntegrator fi = new FrameIntegrator(h, w);
    Path npy = dir.resolve("frames.npy");
    Path gifPath = dir.resolve("frames.gif");
    int t;
    ImageOutput images = noImages ? null : new ImageOutput(dir, gifPath, gifDelayMs, s, h, w);
    try {
      if (byCount()) {
        long need = MemoryBudget.product(frames, frameBytes);
        if (need > space) {
          throw new ResourceLimitException("frames.npy would take " + MemoryBudget.human(need) + " but only "
              + MemoryBudget.human(space) + " are free at " + out);
        }
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
        // a first pass bounds the frame count (span / duration + 1) before anything is written
        FileFrames.Scan scan = FileFrames.scan(file, options);
        if (scan.events() > 0) {
          long span;
          try {
            span = Math.subtractExact(scan.tLast(), scan.tFirst());
          } catch (ArithmeticException e) {
            span = Long.MAX_VALUE;
          }
          long bound = span < 0 ? 1 : span / duration + 1;
          if (bound > maxFrames) {
            throw new ResourceLimitException(file + ": --duration " + duration + " would make up to " + bound
                + " frames (events span " + scan.tFirst() + " .. " + scan.tLast() + " µs), more than --max-frames = "
                + maxFrames + "; raise --max-frames or --duration");
          }
          long need = MemoryBudget.product(bound, frameBytes);
          if (need < 0 || need > space) {
            throw new ResourceLimitException("frames.npy could take up to " + (need < 0 ? "more than 8 EiB"
                : MemoryBudget.human(need)) + " but only " + MemoryBudget.human(space) + " are free at " + out);
          }
        }
        try (NpyWriter nw = NpyWriter.open(npy, NpyHeader.of(NpyDtype.FLOAT32, 0, 2, h, w))) {
          int fs = 2 * h * w;
          t = FileFrames.byDuration(file, options, duration, mode, fi, (i, data, off) -> {
            if (i >= maxFrames) {
              throw new ResourceLimitException(file + ": --duration " + duration + " makes more than --max-frames = "
                  + maxFrames + " frames (the recording spans more than " + maxFrames + " x " + duration
                  + " µs); raise --max-frames or --duration");
            }
            if ((i + 1) * frameBytes > space) {
              throw new ResourceLimitException("frames.npy would exceed the " + MemoryBudget.human(space)
                  + " free at " + out + " after " + i + " frames");
            }
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
    return t;
  }

  private boolean byCount() {
    return frames != null || splitBy != null;
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
      return dir.resolve(pngName(i));
    }

    static String pngName(int i) {
      return String.format(java.util.Locale.ROOT, "frame_%03d.png", i);
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
