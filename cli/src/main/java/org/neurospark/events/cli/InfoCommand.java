package org.neurospark.events.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.io.EventFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code events info FILE [--json]}: one streaming pass computing counts, ranges and first/last events. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Format, sensor size, event count, duration, rate, ranges and skipped non-event words of FILE.")
public final class InfoCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "event recording")
  Path file;

  @Option(names = "--json", description = "print one JSON object (stable keys for scripts)")
  boolean json;

  @Mixin
  ConventionOptions conventions;

  @Mixin
  TransformOptions transforms;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    RecordingStats s = RecordingStats.scan(file, conventions.readOptions(), transforms);
    PrintWriter out = org.neurospark.cli.support.Terminal.escaping(spec.commandLine().getOut());
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(s.toJson()));
    } else {
      out.println(s.toText());
    }
    out.flush();
    return 0;
  }

  /** Statistics of one recording, gathered in a single pass. */
  static final class RecordingStats {
    RecordingInfo info;
    long events;
    long on;
    long tFirst;
    long tLast;
    int xMin = Integer.MAX_VALUE;
    int xMax = Integer.MIN_VALUE;
    int yMin = Integer.MAX_VALUE;
    int yMax = Integer.MIN_VALUE;
    final long[][] first = new long[3][];
    long[] last;
    Map<String, Long> skipped;
    long bytes;

    static RecordingStats scan(Path file, org.neurospark.events.ReadOptions options) throws Exception {
      return scan(file, options, new TransformOptions());
    }

    /** As {@link #scan(Path, org.neurospark.events.ReadOptions)}, after the transform chain of {@code transforms}. */
    static RecordingStats scan(Path file, org.neurospark.events.ReadOptions options, TransformOptions transforms)
        throws Exception {
      RecordingStats s = new RecordingStats();
      org.neurospark.events.io.InputFiles.requireRegularFile(file);
      try (EventReader r = EventFiles.open(file, options)) {
        s.info = ConventionOptions.eventsInfo(r.info(), options);
        org.neurospark.events.transform.Compose chain = transforms.chain(s.info);
        EventBatch b = new EventBatch();
        while (r.read(b)) {
          chain.apply(b);
          if (!b.isEmpty()) {
            s.accept(b);
          }
        }
        s.skipped = r.skipped();
        s.bytes = r.bytesRead();
      }
      return s;
    }

    void accept(EventBatch b) {
      int n = b.size();
      long[] t = b.t();
      int[] x = b.x();
      int[] y = b.y();
      byte[] p = b.p();
      for (int i = 0; i < n && events + i < 3; i++) {
        first[(int) (events + i)] = new long[] {t[i], x[i], y[i], p[i]};
      }
      if (events == 0) {
        tFirst = t[0];
      }
      int x0 = xMin;
      int x1 = xMax;
      int y0 = yMin;
      int y1 = yMax;
      long ons = 0;
      for (int i = 0; i < n; i++) {
        int xi = x[i];
        int yi = y[i];
        x0 = Math.min(x0, xi);
        x1 = Math.max(x1, xi);
        y0 = Math.min(y0, yi);
        y1 = Math.max(y1, yi);
        ons += p[i];
      }
      xMin = x0;
      xMax = x1;
      yMin = y0;
      yMax = y1;
      on += ons;
      events += n;
      tLast = t[n - 1];
      last = new long[] {t[n - 1], x[n - 1], y[n - 1], p[n - 1]};
    }

    ObjectNode toJson() {
      ObjectMapper m = new ObjectMapper();
      ObjectNode o = m.createObjectNode();
      o.put("format", info.format().id());
      o.put("width", info.width());
      o.put("height", info.height());
      o.put("events", events);
      if (events > 0) {
        o.put("t_first", tFirst);
        o.put("t_last", tLast);
      } else {
        o.putNull("t_first");
        o.putNull("t_last");
      }
      o.put("on_events", on);
      putRange(o, "x_min", xMin);
      putRange(o, "x_max", xMax);
      putRange(o, "y_min", yMin);
      putRange(o, "y_max", yMax);
      ArrayNode f = o.putArray("first");
      for (long[] e : first) {
        if (e != null) {
          ArrayNode a = f.addArray();
          for (long v : e) {
            a.add(v);
          }
        }
      }
      if (last != null) {
        ArrayNode a = o.putArray("last");
        for (long v : last) {
          a.add(v);
        }
      } else {
        o.putNull("last");
      }
      ObjectNode sk = o.putObject("skipped");
      skipped.forEach(sk::put);
      return o;
    }

    private void putRange(ObjectNode o, String key, int v) {
      if (events > 0) {
        o.put(key, v);
      } else {
        o.putNull(key);
      }
    }

    String toText() {
      StringBuilder sb = new StringBuilder();
      double durationS = events > 1 ? (tLast - tFirst) / 1e6 : 0;
      sb.append("file      ").append(info.source()).append('\n');
      sb.append("format    ").append(info.format().id()).append('\n');
      sb.append("sensor    ").append(info.hasSensorSize() ? info.width() + " x " + info.height() : "not declared")
          .append('\n');
      sb.append("events    ").append(events).append(" (").append(on).append(" ON, ").append(events - on)
          .append(" OFF)\n");
      if (events > 0) {
        sb.append("time      ").append(tFirst).append(" .. ").append(tLast).append(" µs (")
            .append(String.format("%.6f", durationS)).append(" s)\n");
        sb.append("rate      ").append(durationS > 0 ? String.format("%.1f kev/s", events / durationS / 1e3) : "n/a")
            .append('\n');
        sb.append("x range   ").append(xMin).append(" .. ").append(xMax).append('\n');
        sb.append("y range   ").append(yMin).append(" .. ").append(yMax).append('\n');
        sb.append("first     ");
        for (long[] e : first) {
          if (e != null) {
            sb.append(java.util.Arrays.toString(e)).append(' ');
          }
        }
        sb.append('\n').append("last      ").append(java.util.Arrays.toString(last)).append('\n');
      }
      sb.append("skipped   ").append(skipped.isEmpty() ? "none" : skipped.toString());
      return sb.toString();
    }
  }
}
