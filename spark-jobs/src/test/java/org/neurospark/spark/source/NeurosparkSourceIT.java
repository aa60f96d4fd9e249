package org.neurospark.spark.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.spark.ingest.FileWork;
import org.neurospark.spark.ingest.IngestCatalogs;
import org.neurospark.spark.ingest.RecordingOpener;
import org.neurospark.spark.ingest.SampleLister;
import org.neurospark.spark.ingest.SampleSpec;
import org.neurospark.spark.testing.ScriptResult;
import org.neurospark.spark.testing.StandaloneCluster;

/**
 * A {@code neurospark} source query ({@link SourceQuery}, in the fat jar, format by its short name) on a real
 * 2-worker standalone cluster: an N-MNIST folder filtered by split and label, read by both workers' executors;
 * every number checked against event-io's reader in this JVM.
 */
class NeurosparkSourceIT {
  private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(4);
  private static final String WHERE = "split = 'test' OR label = 7";

  @Test
  void queriesAnNmnistFolderOnA2WorkerCluster() throws Exception {
    Path itDir = Path.of(System.getProperty("neurospark.it.dir", "target/it")).toAbsolutePath().resolve("source");
    Path fatJar = Path.of(System.getProperty("neurospark.fat.jar", "target/neurospark-spark-jobs-all.jar"));
    assertTrue(Files.isRegularFile(fatJar), "fat jar missing: " + fatJar);
    Path data = SourceFixtures.nmnistLayout(Files.createDirectories(itDir.resolve("nmnist")));

    // expected lines, from event-io's reader on every sample the filter keeps
    List<String> samples = new ArrayList<>();
    Map<Integer, long[]> classes = new TreeMap<>();
    long total = 0;
    for (FileWork w : SampleLister.list("nmnist", data)) {
      for (SampleSpec s : w.samples()) {
        if (!(s.split().equals("test") || s.label() == 7)) {
          continue;
        }
        long n = 0;
        long first = 0;
        long last = 0;
        long sx = 0;
        long sy = 0;
        long sp = 0;
        try (EventReader r = RecordingOpener.open(s.path(), IngestCatalogs.readOptions("nmnist"))) {
          EventBatch b = new EventBatch();
          while (r.read(b)) {
            for (int i = 0; i < b.size(); i++) {
              first = n == 0 ? b.t()[i] : first;
              last = b.t()[i];
              sx += b.x()[i];
              sy += b.y()[i];
              sp += b.p()[i];
              n++;
            }
          }
        }
        samples.add(String.join("\t", "SAMPLE", s.sampleId(), Integer.toString(s.label()), s.split(),
            s.className(), Long.toString(n), Long.toString(first), Long.toString(last), Long.toString(sx),
            Long.toString(sy), Long.toString(sp)));
        long[] c = classes.computeIfAbsent(s.label(), k -> new long[2]);
        c[0]++;
        c[1] += n;
        total += n;
      }
    }
    samples.sort(null);
    assertEquals(11, samples.size());

    ScriptResult r;
    try (StandaloneCluster cluster = StandaloneCluster.start(itDir.resolve("cluster"), 2, 1, "1g")) {
      String lean = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
      r = cluster.submit(SUBMIT_TIMEOUT, "--conf", "spark.executor.memory=512m",
          "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
          "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s",
          "--driver-java-options", lean, "--conf", "spark.executor.extraJavaOptions=" + lean,
          "--conf", "spark.ui.enabled=false", "--class", SourceQuery.class.getName(), fatJar.toString(),
          "--catalog", "nmnist", "--path", data.toString(), "--where", WHERE);
    }
    System.out.println(r.stdout());
    r.requireSuccess("SourceQuery on the cluster");

    List<String> gotSamples = new ArrayList<>();
    List<String> gotClasses = new ArrayList<>();
    Set<String> executors = new HashSet<>();
    long partitionsRead = 0;
    long eventsRead = 0;
    String partitions = null;
    for (String line : r.stdout().split("\n")) {
      String[] f = line.split("\t");
      switch (f[0]) {
        case "PARTITIONS" -> partitions = f[1];
        case "SAMPLE" -> gotSamples.add(line);
        case "CLASS" -> gotClasses.add(line);
        case "READ" -> {
          executors.add(f[1]);
          partitionsRead += Long.parseLong(f[3]);
          eventsRead += Long.parseLong(f[4]);
        }
        default -> {
          // other output
        }
      }
    }
    assertEquals("11", partitions, "one partition per sample the filter keeps");
    assertEquals(samples, gotSamples);
    List<String> wantClasses = new ArrayList<>();
    classes.forEach((label, c) -> wantClasses.add("CLASS\t" + label + "\t" + label + "\t" + c[0] + "\t" + c[1]));
    assertEquals(wantClasses, gotClasses);
    assertEquals(11, partitionsRead);
    assertEquals(total, eventsRead);
    assertEquals(Set.of("0", "1"), executors, "both workers' executors read partitions:\n" + r.stdout());
  }
}
