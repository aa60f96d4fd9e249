package org.neurospark.events.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.io.InputFiles;
import org.neurospark.events.limits.MemoryBudget;
import org.neurospark.events.limits.ResourceLimitException;
import org.neurospark.events.output.StagedDirectory;
import org.neurospark.events.slicing.WindowSink;
import org.neurospark.events.slicing.CountSlicer;
import org.neurospark.events.slicing.LabelCsv;
import org.neurospark.events.slicing.LabeledSegment;
import org.neurospark.events.slicing.SampleNpzWriter;
import org.neurospark.events.slicing.SegmentSlicer;
import org.neurospark.events.slicing.StreamSlicer;
import org.neurospark.events.slicing.TimeSlicer;
import org.neurospark.events.transform.Compose;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code events slice FILE --out DIR (--labels CSV | --window-us W | --count N)}: cuts a recording into sample
 * files in one streaming pass.
 */
@Command(name = "slice", mixinStandardHelpOptions = true,
    description = {"Cut FILE into samples, one .npz per sample (arrays t int64 µs, x, y uint16, p uint8).",
        "--labels CSV (DVS128 Gesture class,startTime_usec,endTime_usec): one sample per row, events in [start, end),",
        "  written as OUT/<class-1>/<stem>_<k>.npz (SpikingJelly's events_np layout; k counts repeats of a label).",
        "--window-us / --count: tonic SliceByTime / SliceByEventCount windows, OUT/<stem>_<i>.npz."})
public final class SliceCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "event recording")
  Path file;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (created); samples are written to a hidden"
      + " sibling folder and moved in on success, so a failure leaves DIR as it was")
  Path out;

  @Option(names = "--labels", paramLabel = "CSV", description = "label CSV: one sample per row")
  Path labels;

  @Option(names = "--window-us", paramLabel = "US", description = "time windows of US µs")
  Long windowUs;

  @Option(names = "--overlap-us", paramLabel = "US", defaultValue = "0", description = "overlap of time windows")
  long overlapUs;

  @Option(names = "--count", paramLabel = "N", description = "windows of N events")
  Integer count;

  @Option(names = "--overlap-count", paramLabel = "N", defaultValue = "0", description = "overlap of count windows")
  int overlapCount;

  @Option(names = "--max-windows", paramLabel = "N", defaultValue = "100000",
      description = "refuse to write more than N samples (default: ${DEFAULT-VALUE})")
  int maxWindows;

  @Option(names = "--include-incomplete", description = "keep the last, shorter windows (tonic include_incomplete)")
  boolean incomplete;

  @Mixin
  TransformOptions transforms;

  @Option(names = "--store", description = "store npz entries uncompressed (np.savez) instead of deflated")
  boolean store;

  @Option(names = "--json", description = "print a JSON summary")
  boolean json;

  @Mixin
  ConventionOptions conventions;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    int modes = (labels != null ? 1 : 0) + (windowUs != null ? 1 : 0) + (count != null ? 1 : 0);
    if (modes != 1) {
      throw new IllegalArgumentException("give exactly one of --labels, --window-us, --count");
    }
    if (windowUs != null && (windowUs <= 0 || overlapUs < 0 || overlapUs >= windowUs)) {
      throw new IllegalArgumentException("--window-us must be > 0 and --overlap-us in [0, --window-us): "
          + windowUs + ", " + overlapUs);
    }
    if (count != null && (count <= 0 || overlapCount < 0 || overlapCount >= count)) {
      throw new IllegalArgumentException("--count must be > 0 and --overlap-count in [0, --count): " + count + ", "
          + overlapCount);
    }
    if (maxWindows <= 0) {
      throw new IllegalArgumentException("--max-windows must be positive: " + maxWindows);
    }
    if (count != null) {
      // a count window holds up to N events (and the buffer grows by doubling)
      MemoryBudget.require(MemoryBudget.product(count, 3L * MemoryBudget.EVENT_BYTES), "--count " + count
          + " (one window of " + count + " events held in memory)", "lower --count");
    }
    InputFiles.requireRegularFile(file);
    if (labels != null) {
      InputFiles.requireRegularFile(labels);
    }
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    ReadOptions options = conventions.readOptions();
    boolean existed = java.nio.file.Files.isDirectory(out);
    List<SampleNpzWriter.Written> w = new ArrayList<>();
    try (StagedDirectory staged = StagedDirectory.create(out, "--out")) {
      SampleNpzWriter writer = new SampleNpzWriter(staged.staging(), stem, !store);
      try {
        try (EventReader r = EventFiles.open(file, options)) {
          Compose chain = transforms.chain(ConventionOptions.eventsInfo(r.info(), options));
          if (labels != null) {
            List<LabeledSegment> segs = LabelCsv.read(labels);
            if (segs.size() > maxWindows) {
              throw new ResourceLimitException(labels + " has " + segs.size() + " rows, more than --max-windows = "
                  + maxWindows + "; raise --max-windows");
            }
            new SegmentSlicer(segs, writer).run(r, chain.isEmpty() ? null : chain);
          } else {
            WindowSink capped = (win, ev) -> {
              if (win.index() >= maxWindows) {
                throw new ResourceLimitException(file + ": more than --max-windows = " + maxWindows + " windows"
                    + " (window " + win.index() + " starts at " + win.tStartUs() + " µs); raise --max-windows"
                    + (windowUs != null ? " or --window-us" : " or --count"));
              }
              writer.window(win, ev);
            };
            StreamSlicer sl = windowUs != null ? new TimeSlicer(windowUs, overlapUs, incomplete, capped)
                : new CountSlicer(count, overlapCount, incomplete, capped);
            sl.run(r, chain.isEmpty() ? null : chain);
          }
        }
        staged.commit();
      } catch (Exception e) {
        throw new OutputFailedException(e, OutputFailedException.leftDir(existed, out));
      }
      for (SampleNpzWriter.Written x : writer.written()) {
        w.add(new SampleNpzWriter.Written(staged.finalPath(x.file()), x.label(), x.events(), x.startUs(),
            x.endUs()));
      }
    }
    long events = w.stream().mapToLong(SampleNpzWriter.Written::events).sum();
    PrintWriter o = org.neurospark.cli.support.Terminal.escaping(spec.commandLine().getOut());
    if (json) {
      ObjectMapper m = new ObjectMapper();
      ObjectNode j = m.createObjectNode();
      j.put("file", file.toString());
      j.put("out", out.toString());
      j.put("samples", w.size());
      j.put("events", events);
      ArrayNode a = j.putArray("items");
      for (SampleNpzWriter.Written x : w) {
        ObjectNode i = a.addObject();
        i.put("file", x.file().toString());
        if (x.label() >= 0) {
          i.put("label", x.label());
        }
        i.put("events", x.events());
        i.put("start_us", x.startUs());
        i.put("end_us", x.endUs());
      }
      o.println(m.writeValueAsString(j));
    } else {
      for (SampleNpzWriter.Written x : w) {
        o.printf(Locale.ROOT, "%s\t%s%d events\t[%d, %d) µs%n", out.toAbsolutePath().normalize().relativize(x.file()),
            x.label() >= 0 ? "label " + x.label() + "\t" : "", x.events(), x.startUs(), x.endUs());
      }
      o.printf(Locale.ROOT, "%d samples, %d events -> %s%n", w.size(), events, out);
    }
    o.flush();
    return 0;
  }
}
