package org.neurospark.events.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.io.EventFiles;
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

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (created)")
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
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    SampleNpzWriter writer = new SampleNpzWriter(out, stem, !store);
    ReadOptions options = conventions.readOptions();
    try (EventReader r = EventFiles.open(file, options)) {
      Compose chain = transforms.chain(ConventionOptions.eventsInfo(r.info(), options));
      if (labels != null) {
        List<LabeledSegment> segs = LabelCsv.read(labels);
        new SegmentSlicer(segs, writer).run(r, chain.isEmpty() ? null : chain);
      } else {
        StreamSlicer s = windowUs != null ? new TimeSlicer(windowUs, overlapUs, incomplete, writer)
            : new CountSlicer(count, overlapCount, incomplete, writer);
        s.run(r, chain.isEmpty() ? null : chain);
      }
    }
    List<SampleNpzWriter.Written> w = writer.written();
    long events = w.stream().mapToLong(SampleNpzWriter.Written::events).sum();
    PrintWriter o = spec.commandLine().getOut();
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
        o.printf(Locale.ROOT, "%s\t%s%d events\t[%d, %d) µs%n", out.relativize(x.file()),
            x.label() >= 0 ? "label " + x.label() + "\t" : "", x.events(), x.startUs(), x.endUs());
      }
      o.printf(Locale.ROOT, "%d samples, %d events -> %s%n", w.size(), events, out);
    }
    o.flush();
    return 0;
  }
}
