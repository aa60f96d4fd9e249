package org.neurospark.events.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.neurospark.events.dataset.Catalogs;
import org.neurospark.events.dataset.DatasetCatalog;
import org.neurospark.events.dataset.EventsNpExport;
import org.neurospark.events.dataset.ExportReport;
import org.neurospark.events.dataset.SampleFailure;
import org.neurospark.cli.support.Terminal;
import org.neurospark.events.output.StagedDirectory;
import org.neurospark.events.dataset.Sample;
import org.neurospark.events.dataset.Split;
import org.neurospark.events.dataset.TrainTestSplit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code events dataset DIR --catalog NAME}: lists a downloaded dataset's samples, labels and splits. */
@Command(name = "dataset", mixinStandardHelpOptions = true,
    description = {"List the samples (path, label, split) of a downloaded dataset folder and count them per class.",
        "Catalogs: nmnist, ncaltech101, dvsgesture, cifar10dvs, ncars, asldvs. A folder that does not match the",
        "catalog's layout gives an error naming what is missing."})
public final class DatasetCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "dataset folder (as extracted)")
  Path dir;

  @Option(names = "--catalog", required = true, paramLabel = "NAME", description = "dataset catalog name")
  String catalog;

  @Option(names = "--train-ratio", paramLabel = "R",
      description = "for datasets without an official split: per class the first ceil(n*R) samples train "
          + "(SpikingJelly split_to_train_test_set)")
  Double trainRatio;

  @Option(names = "--seed", paramLabel = "S", description = "shuffle each class with this seed before --train-ratio")
  Long seed;

  @Option(names = "--list", description = "print every sample (path, label, class, split, segment)")
  boolean list;

  @Option(names = "--json", description = "print one JSON object")
  boolean json;

  @Option(names = "--export", paramLabel = "OUT",
      description = "write SpikingJelly's events_np cache: OUT/[train|test/]<label>/<name>.npz, one per sample,"
          + " and OUT/errors.jsonl (one line per skipped sample: file, name, offset, message; empty when none);"
          + " written to a hidden sibling folder and moved in at the end; exit 1 only when no sample succeeded"
          + " or with --fail-fast")
  Path export;

  @Option(names = "--transform", paramLabel = "SPEC", description = "with --export: transform chain per sample")
  String transform;

  @Option(names = "--transform-seed", paramLabel = "S", defaultValue = "0", description = "seed of --transform")
  long transformSeed;

  @Option(names = "--store", description = "with --export: store npz entries uncompressed (np.savez)")
  boolean store;

  @Option(names = "--max-sample-events", paramLabel = "N", defaultValue = "0",
      description = "with --export: a sample holding more than N events fails (recorded in errors.jsonl) before it"
          + " is held in memory (default 0: limited only by the heap)")
  long maxSampleEvents;

  @Option(names = "--fail-fast", description = "with --export: stop at the first sample that cannot be read and"
      + " write nothing (default: record it in OUT/errors.jsonl, skip it and export the rest)")
  boolean failFast;

  @Spec
  CommandSpec spec;

  /** The failure's message, prefixed with its file (and offset) unless the message names the file already. */
  static String line(SampleFailure f) {
    String file = f.file().toString();
    return f.message().contains(file) ? f.message()
        : file + (f.offset() >= 0 ? " @ byte " + f.offset() : "") + ": " + f.message();
  }

  /** One JSON object per line: file, name, offset (null when unknown), message. */
  static void writeErrors(java.nio.file.Path file, List<SampleFailure> failures) throws java.io.IOException {
    ObjectMapper m = new ObjectMapper();
    StringBuilder sb = new StringBuilder();
    for (SampleFailure f : failures) {
      ObjectNode o = m.createObjectNode();
      o.put("file", f.file().toString());
      o.put("name", f.name());
      if (f.offset() >= 0) {
        o.put("offset", f.offset());
      } else {
        o.putNull("offset");
      }
      o.put("message", f.message());
      sb.append(m.writeValueAsString(o)).append('\n');
    }
    java.nio.file.Files.writeString(file, sb.toString());
  }

  @Override
  public Integer call() throws Exception {
    DatasetCatalog c = Catalogs.byName(catalog);
    List<Sample> samples = c.list(dir);
    if (trainRatio != null) {
      if (c.officialSplit()) {
        throw new IllegalArgumentException(c.name() + " has an official train/test split; --train-ratio applies "
            + "only to datasets without one");
      }
      if (!(trainRatio > 0 && trainRatio <= 1)) {
        throw new IllegalArgumentException("--train-ratio must be in (0, 1]: " + trainRatio);
      }
      samples = TrainTestSplit.split(samples, trainRatio, seed);
    } else if (seed != null) {
      throw new IllegalArgumentException("--seed needs --train-ratio");
    }
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    TreeMap<Integer, String> classes = new TreeMap<>();
    for (Sample s : samples) {
      classes.put(s.label(), s.className());
      counts.computeIfAbsent(s.split().id(), k -> new TreeMap<>()).merge(s.label() + ":" + s.className(), 1,
          Integer::sum);
    }
    PrintWriter out = org.neurospark.cli.support.Terminal.escaping(spec.commandLine().getOut());
    long exported = -1;
    ExportReport report = null;
    if (maxSampleEvents < 0) {
      throw new IllegalArgumentException("--max-sample-events must be >= 0: " + maxSampleEvents);
    }
    if (export != null) {
      org.neurospark.events.transform.Compose chain = org.neurospark.events.transform.Compose.parse(transform,
          c.sensorSize(), transformSeed);
      boolean existed = java.nio.file.Files.isDirectory(export);
      try (StagedDirectory staged = StagedDirectory.create(export, "--export")) {
        try {
          report = EventsNpExport.export(c, samples, staged.staging(), chain.isEmpty() ? null : chain, !store,
              failFast, maxSampleEvents);
        } catch (Exception e) {
          throw new OutputFailedException(e, OutputFailedException.leftDir(existed, export) + " (--fail-fast)");
        }
        List<SampleFailure> failures = report.failures();
        if (report.written() == 0 && !samples.isEmpty()) {
          for (SampleFailure f : failures) {
            spec.commandLine().getErr().println("failed    " + Terminal.escape(line(f)));
          }
          spec.commandLine().getErr().flush();
          throw new IllegalArgumentException("no sample could be exported (" + failures.size() + " failed); "
              + OutputFailedException.leftDir(existed, export));
        }
        writeErrors(staged.staging().resolve("errors.jsonl"), failures);
        try {
          staged.commit();
        } catch (Exception e) {
          throw new OutputFailedException(e, OutputFailedException.leftDir(existed, export));
        }
      }
      exported = report.events();
    } else if (transform != null) {
      throw new IllegalArgumentException("--transform needs --export");
    }
    if (json) {
      ObjectMapper m = new ObjectMapper();
      ObjectNode o = m.createObjectNode();
      o.put("catalog", c.name());
      o.put("root", dir.toString());
      o.put("width", c.sensorSize().width());
      o.put("height", c.sensorSize().height());
      o.put("samples", samples.size());
      if (export != null) {
        o.put("export", export.toString());
        o.put("exported_events", exported);
        o.put("exported_samples", report.written());
        o.put("failed_samples", report.failures().size());
        o.put("errors", export.resolve("errors.jsonl").toString());
      }
      ArrayNode cls = o.putArray("classes");
      classes.values().forEach(cls::add);
      ObjectNode per = o.putObject("counts");
      for (Map.Entry<String, Map<String, Integer>> e : counts.entrySet()) {
        ObjectNode sp = per.putObject(e.getKey());
        for (Sample s : samples) {
          if (s.split().id().equals(e.getKey())) {
            sp.put(s.className(), sp.path(s.className()).asInt(0) + 1);
          }
        }
      }
      if (list) {
        ArrayNode arr = o.putArray("items");
        for (Sample s : samples) {
          ObjectNode i = arr.addObject();
          i.put("file", s.file().toString());
          i.put("name", s.name());
          i.put("label", s.label());
          i.put("class", s.className());
          i.put("split", s.split().id());
          if (!s.wholeFile()) {
            i.put("start_us", s.startUs());
            i.put("end_us", s.endUs());
          }
        }
      }
      out.println(m.writeValueAsString(o));
    } else {
      out.printf(Locale.ROOT, "catalog   %s%nroot      %s%nsensor    %s%nsamples   %d in %d classes%n", c.name(),
          dir, c.sensorSize(), samples.size(), classes.size());
      for (Map.Entry<String, Map<String, Integer>> e : counts.entrySet()) {
        int total = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
        out.printf(Locale.ROOT, "%s: %d samples%n", e.getKey(), total);
        for (Map.Entry<String, Integer> k : e.getValue().entrySet()) {
          out.printf(Locale.ROOT, "  %-32s %6d%n", k.getKey(), k.getValue());
        }
      }
      if (list) {
        for (Sample s : samples) {
          out.printf(Locale.ROOT, "%s\t%d\t%s\t%s%s%n", s.file(), s.label(), s.className(), s.split().id(),
              s.wholeFile() ? "" : "\t" + s.startUs() + ".." + s.endUs() + "\t" + s.name());
        }
      }
      if (export != null) {
        out.printf(Locale.ROOT, "exported  %d samples, %d events -> %s%n", report.written(), exported, export);
        if (!report.failures().isEmpty()) {
          out.printf(Locale.ROOT, "failed    %d samples, skipped; listed in %s%n", report.failures().size(),
              export.resolve("errors.jsonl"));
          for (SampleFailure f : report.failures()) {
            out.println("  " + Terminal.escape(line(f)));
          }
        }
      }
      if (!c.officialSplit() && trainRatio == null) {
        out.println("(no official split: add --train-ratio R [--seed S] for SpikingJelly's per-class split)");
      }
    }
    out.flush();
    return 0;
  }
}
