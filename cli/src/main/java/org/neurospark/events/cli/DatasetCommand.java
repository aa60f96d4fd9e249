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
      description = "write SpikingJelly's events_np cache: OUT/[train|test/]<label>/<name>.npz, one per sample")
  Path export;

  @Option(names = "--transform", paramLabel = "SPEC", description = "with --export: transform chain per sample")
  String transform;

  @Option(names = "--transform-seed", paramLabel = "S", defaultValue = "0", description = "seed of --transform")
  long transformSeed;

  @Option(names = "--store", description = "with --export: store npz entries uncompressed (np.savez)")
  boolean store;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    DatasetCatalog c = Catalogs.byName(catalog);
    List<Sample> samples = c.list(dir);
    if (trainRatio != null) {
      if (c.officialSplit()) {
        throw new IllegalArgumentException(c.name() + " has an official train/test split; --train-ratio applies "
            + "only to datasets without one");
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
    PrintWriter out = spec.commandLine().getOut();
    long exported = -1;
    if (export != null) {
      org.neurospark.events.transform.Compose chain = org.neurospark.events.transform.Compose.parse(transform,
          c.sensorSize(), transformSeed);
      exported = EventsNpExport.export(c, samples, export, chain.isEmpty() ? null : chain, !store);
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
        out.printf(Locale.ROOT, "exported  %d samples, %d events -> %s%n", samples.size(), exported, export);
      }
      if (!c.officialSplit() && trainRatio == null) {
        out.println("(no official split: add --train-ratio R [--seed S] for SpikingJelly's per-class split)");
      }
    }
    out.flush();
    return 0;
  }
}
