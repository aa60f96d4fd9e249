package org.neurospark.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.neurospark.spark.testing.StandaloneCluster;

/**
 * What the fat jar holds: the jobs, event-io and snn-core and whatever they need that Spark lacks; nothing Spark
 * ships, no logging binding.
 */
class FatJarIT {
  @Test
  void holdsTheJobsAndTheirLibrariesButNothingSparkShips() throws IOException {
    Path jar = Path.of(System.getProperty("neurospark.fat.jar", "target/neurospark-spark-jobs-all.jar"));
    Set<String> entries = new HashSet<>();
    try (ZipFile z = new ZipFile(jar.toFile())) {
      z.stream().map(ZipEntry::getName).forEach(entries::add);
    }
    for (String needed : List.of(
        "org/neurospark/spark/cluster/ClusterSmoke.class",
        "org/neurospark/events/io/EventFiles.class",
        "org/neurospark/events/parquet/ParquetEventWriter.class",
        "org/neurospark/snn/tensor/Tensor.class",
        // Delta Lake is bundled (Spark lacks it); its classes live partly under org/apache/spark/sql/delta
        "org/apache/spark/sql/delta/DeltaLog.class")) {
      assertTrue(entries.contains(needed), needed + " missing from " + jar);
    }
    for (String e : entries) {
      // org/apache/spark/ is not banned by prefix: Delta ships its own classes there (sql/delta, shims); that none
      // of them is also a class of Spark is what the duplicate check below proves
      for (String banned : List.of("org/slf4j/", "org/apache/logging/", "ch/qos/logback/", "org/apache/spark/SparkContext",
          "scala/", "com/fasterxml/jackson/", "org/apache/arrow/", "org/apache/parquet/", "META-INF/services/org.slf4j.spi.SLF4JServiceProvider",
          "simplelogger.properties")) {
        assertTrue(!e.startsWith(banned), e + " should come from Spark, not from " + jar);
      }
    }

    // no class of the jar is also in the Spark installation it runs on (a second copy would be shadowed by Spark's
    // or, worse, mixed with it)
    Path home = StandaloneCluster.sparkHome(StandaloneCluster.sparkVersion(),
        Path.of(System.getProperty("neurospark.it.dir", "target/it")).toAbsolutePath().resolve("fatjar"));
    TreeMap<String, String> duplicates = new TreeMap<>();
    List<Path> sparkJars = new ArrayList<>();
    try (Stream<Path> s = Files.list(home.resolve("jars"))) {
      s.filter(p -> p.toString().endsWith(".jar")).forEach(sparkJars::add);
    }
    assertTrue(sparkJars.size() > 100, "Spark jars in " + home);
    for (Path sj : sparkJars) {
      try (ZipFile z = new ZipFile(sj.toFile())) {
        z.stream().map(ZipEntry::getName)
            .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class") && entries.contains(n))
            .forEach(n -> duplicates.putIfAbsent(n, sj.getFileName().toString()));
      }
    }
    assertEquals(new TreeMap<String, String>(), duplicates, "classes both in the fat jar and in Spark's jars");
  }
}
