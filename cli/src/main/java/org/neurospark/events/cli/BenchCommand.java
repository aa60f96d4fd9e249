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
import org.neurospark.events.EventFileException;
import org.neurospark.events.bench.BenchInput;
import org.neurospark.events.bench.BenchMachine;
import org.neurospark.events.bench.BenchResult;
import org.neurospark.events.bench.EventsBenchmark;
import org.neurospark.events.bench.PeerCommand;
import org.neurospark.events.bench.PeerResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code events bench FILE... [--min-events N] [--peer CMD]... [--json]}: single-threaded decode throughput per file,
 * optionally next to external decoders timed on the same stream in the same run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    header = "Single-threaded decode throughput vs a plain-read baseline, and frame integration rate.",
    description = {"Decode throughput of each FILE: the file's data section is repeated in RAM (/dev/shm) until the"
        + " stream holds at least --min-events events (formats that cannot be repeated are re-read whole), then a"
        + " warm-up run and timed runs (median) measure decoding (events/s, MB/s), a plain sequential read of the"
        + " same bytes through the same I/O path (baseline MB/s) and decoding + SpikingJelly split-by-number frame"
        + " counting (events/s). The first line names the CPU model, whether the JIT uses AVX-512 and its"
        + " preferred vector width in bits (-XX:UseAVX=2 restricts it to AVX2, 256 bits), and the load average.",
        "For stable numbers give the JVM a fixed, pre-touched heap: NEUROSPARK_JAVA_OPTS=\"-Xms2g -Xmx2g"
            + " -XX:+AlwaysPreTouch\" bin/neurospark events bench FILE..."})
public final class BenchCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "event recordings")
  List<Path> files;

  @Option(names = "--min-events", paramLabel = "N", defaultValue = "50000000",
      description = "events per measured run (default ${DEFAULT-VALUE})")
  long minEvents;

  @Option(names = "--runs", defaultValue = "3", description = "timed runs per measurement, median reported"
      + " (default ${DEFAULT-VALUE})")
  int runs;

  @Option(names = {"-T", "--frames"}, defaultValue = "16", description = "frames T of the integration"
      + " (default ${DEFAULT-VALUE})")
  int frames;

  @Option(names = "--scratch", paramLabel = "DIR", description = "where to build repeated streams"
      + " (default /dev/shm, else the temp directory)")
  Path scratch;

  @Option(names = "--no-repeat", description = "re-read the whole file instead of repeating its data section in RAM")
  boolean noRepeat;

  @Option(names = "--json", description = "one JSON object per line with keys file, format, events,"
      + " decode_events_per_s, decode_mb_per_s, baseline_mb_per_s, frames_events_per_s, then extras (among them"
      + " cpu_model, avx512_used, vector_bits: the JIT's preferred vector width, and load_average)")
  boolean json;

  @Option(names = "--peer", paramLabel = "CMD", description = {"an external decoder timed on the same stream in the"
      + " same run, interleaved with ours (repeatable): a shell command in which {file} becomes the stream's path and"
      + " {format} its format id (evt2, evt3, dat, ...), run once per timed run after one warm-up. It must print a"
      + " line 'events=N seconds=S' (events it decoded, wall-clock seconds of its decoding, start-up excluded); the"
      + " bench prints the peer's M events/s and MB/s and ours/peer. A peer printing events=0 (a plain read loop) is"
      + " compared with the read baseline in MB/s. Example: --peer '/tmp/peer/xdriver {format} {file}'"})
  List<String> peers = new ArrayList<>();

  @Option(names = "--peer-timeout", paramLabel = "S", defaultValue = "600",
      description = "seconds after which a peer run is killed and reported as failed (default ${DEFAULT-VALUE})")
  long peerTimeout;

  @Mixin
  ConventionOptions conventions;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (minEvents < 1 || runs < 1 || frames < 1) {
      throw new IllegalArgumentException("--min-events, --runs and --frames must be ≥ 1");
    }
    if (peerTimeout < 1) {
      throw new IllegalArgumentException("--peer-timeout must be ≥ 1");
    }
    List<PeerCommand> peerCommands = new ArrayList<>();
    for (String p : peers) {
      peerCommands.add(new PeerCommand(p, peerTimeout));
    }
    PrintWriter out = spec.commandLine().getOut();
    EventsBenchmark bench = new EventsBenchmark(runs, frames, conventions.readOptions());
    ObjectMapper mapper = new ObjectMapper();
    BenchMachine machine = BenchMachine.current();
    if (!json) {
      out.println(machine.describe());
      out.printf(Locale.ROOT, "%-44s %-8s %10s %12s %11s %10s %6s %12s %10s %13s%n", "file", "format",
          "events", "decode Mev/s", "decode MB/s", "read MB/s", "ratio", "frames Mev/s", "cpu Mev/s", "read cpu MB/s");
      out.flush();
    }
    int status = 0;
    PrintWriter err = spec.commandLine().getErr();
    for (Path f : files) {
      BenchResult r;
      try (BenchInput input = BenchInput.prepare(f, minEvents, scratch, !noRepeat)) {
        if (input.sourceEvents() == 0) {
          out.flush();
          err.println("skipped " + f + ": no events");
          err.flush();
          continue;
        }
        r = bench.measure(input, peerCommands);
      } catch (EventFileException e) {
        out.flush();
        err.println("error: " + e.getMessage());
        err.flush();
        status = 1;
        continue;
      }
      if (json) {
        ObjectNode o = toJson(mapper, r);
        BenchMachine now = BenchMachine.current();
        o.put("cpu_model", now.cpuModel());
        o.put("avx512_used", now.avx512Used());
        o.put("vector_bits", now.vectorBits());
        o.put("load_average", now.loadAverage());
        if (o.has("peers")) {
          o.set("peers", o.remove("peers")); // last, after the machine keys
        }
        out.println(mapper.writeValueAsString(o));
      } else {
        String name = f.getFileName().toString();
        out.printf(Locale.ROOT, "%-44s %-8s %10d %12.1f %11.1f %10.1f %6.2f %12.1f %10.1f %13.1f%n",
            name.length() > 44 ? name.substring(0, 41) + "..." : name, r.format(), r.events(),
            r.decodeEventsPerS() / 1e6, r.decodeMbPerS(), r.baselineMbPerS(), r.ratioToBaseline(),
            r.framesEventsPerS() / 1e6, r.decodeCpuEventsPerS() / 1e6, r.baselineCpuMbPerS());
        for (PeerResult p : r.peers()) {
          out.println("  " + describePeer(p, r));
        }
      }
      out.flush();
    }
    if (!json) {
      out.println("load average after: " + BenchMachine.current().loadAverage());
      out.flush();
    }
    return status;
  }

  static ObjectNode toJson(ObjectMapper m, BenchResult r) {
    ObjectNode o = m.createObjectNode();
    o.put("file", r.file());
    o.put("format", r.format());
    o.put("events", r.events());
    o.put("decode_events_per_s", Math.round(r.decodeEventsPerS()));
    o.put("decode_mb_per_s", round1(r.decodeMbPerS()));
    o.put("baseline_mb_per_s", round1(r.baselineMbPerS()));
    o.put("frames_events_per_s", Math.round(r.framesEventsPerS()));
    o.put("ratio_to_baseline", Math.round(r.ratioToBaseline() * 1000) / 1000.0);
    o.put("bytes", r.bytes());
    o.put("repeated", r.repeated());
    o.put("runs", r.runs());
    o.put("frames_T", r.frames());
    o.put("decode_cpu_events_per_s", Math.round(r.decodeCpuEventsPerS()));
    o.put("baseline_cpu_mb_per_s", round1(r.baselineCpuMbPerS()));
    if (!r.peers().isEmpty()) {
      ArrayNode a = o.putArray("peers");
      for (PeerResult p : r.peers()) {
        ObjectNode po = a.addObject();
        po.put("command", p.command());
        if (!p.ok()) {
          po.put("error", p.error());
          continue;
        }
        po.put("events", p.events());
        po.put("seconds", p.seconds());
        po.put("events_per_s", Math.round(p.eventsPerS()));
        po.put("mb_per_s", round1(p.mbPerS()));
        po.put("ratio", Math.round(p.ratio() * 1000) / 1000.0);
        po.put("compared_with", p.readOnly() ? "baseline_mb_per_s" : "decode_events_per_s");
      }
    }
    return o;
  }

  /** One line per peer under its file's row: its throughput and ours/peer. */
  static String describePeer(PeerResult p, BenchResult r) {
    if (!p.ok()) {
      return "peer " + p.command() + ": failed: " + p.error();
    }
    if (p.readOnly()) {
      return String.format(Locale.ROOT, "peer %s: read %.1f MB/s; our read / peer read %.2fx", p.command(),
          p.mbPerS(), p.ratio());
    }
    String differ = p.events() != r.events() ? String.format(Locale.ROOT, " (peer decoded %d events, we %d)",
        p.events(), r.events()) : "";
    return String.format(Locale.ROOT, "peer %s: %.1f Mev/s, %.1f MB/s; our decode / peer decode %.2fx%s",
        p.command(), p.eventsPerS() / 1e6, p.mbPerS(), p.ratio(), differ);
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
